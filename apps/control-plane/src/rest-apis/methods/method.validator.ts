import type { RestAuthorizerDoc, RestMethodDoc, RestMethodResponseDoc, RestModelDoc, RestRequestValidatorDoc } from '@app/contracts';
import type { Store } from '@app/store';
import { badRequest } from '../../common/aws-error';

const METHOD_REQUEST_PARAMETER = /^method\.request\.(path|querystring|header|multivaluequerystring|multivalueheader)\.[^\s.][^\s]*$/;
const METHOD_RESPONSE_HEADER = /^method\.response\.header\.[A-Za-z0-9!#$%&'*+.^_`|~-]+$/;

/** Checks a method's references (authorizer, validator, models) against the API, for PutMethod and UpdateMethod. */
export async function checkMethod(store: Store, apiId: string, method: RestMethodDoc): Promise<RestMethodDoc> {
  const { authorizationType, authorizerId } = method;
  if (authorizationType === 'CUSTOM' || authorizationType === 'COGNITO_USER_POOLS') {
    if (!authorizerId) throw badRequest(`Invalid authorizer ID specified: authorizationType ${authorizationType} requires an authorizerId`);
    const authorizer = await store.components.get<RestAuthorizerDoc>(apiId, 'authorizer', authorizerId);
    if (!authorizer) throw badRequest('Invalid authorizer ID specified');
    const cognito = authorizer.type === 'COGNITO_USER_POOLS';
    if (cognito !== (authorizationType === 'COGNITO_USER_POOLS')) {
      throw badRequest(`Authorizer ${authorizerId} of type ${authorizer.type} cannot be used with authorizationType ${authorizationType}`);
    }
  } else if (authorizerId) {
    throw badRequest(`authorizerId is only valid with authorizationType CUSTOM or COGNITO_USER_POOLS, not ${authorizationType}`);
  }
  if (method.authorizationScopes?.length && authorizationType !== 'COGNITO_USER_POOLS') {
    throw badRequest('authorizationScopes are only valid with authorizationType COGNITO_USER_POOLS');
  }
  for (const name of Object.keys(method.requestParameters ?? {})) {
    if (!METHOD_REQUEST_PARAMETER.test(name)) throw badRequest(`Invalid method request parameter specified: ${name}`);
  }
  await checkModels(store, apiId, method.requestModels);
  if (method.requestValidatorId) {
    const validator = await store.components.get<RestRequestValidatorDoc>(apiId, 'requestValidator', method.requestValidatorId);
    if (!validator) throw badRequest('Invalid Request Validator identifier specified');
  }
  return method;
}

export async function checkMethodResponse(store: Store, apiId: string, response: RestMethodResponseDoc): Promise<RestMethodResponseDoc> {
  for (const name of Object.keys(response.responseParameters ?? {})) {
    if (!METHOD_RESPONSE_HEADER.test(name)) throw badRequest(`Invalid response parameter specified: ${name}`);
  }
  await checkModels(store, apiId, response.responseModels);
  return response;
}

async function checkModels(store: Store, apiId: string, models: Record<string, string> | undefined): Promise<void> {
  for (const [contentType, name] of Object.entries(models ?? {})) {
    if (!contentType.includes('/')) throw badRequest(`Invalid content type specified: ${contentType}`);
    // AWS's built-in models exist in every API.
    if (name === 'Empty' || name === 'Error') continue;
    if (!(await store.components.get<RestModelDoc>(apiId, 'model', name))) throw badRequest(`Invalid model identifier specified: ${name}`);
  }
}
