import { Injectable } from '@nestjs/common';
import type { RestAuthorizationType, RestMethodDoc, RestMethodResponseDoc, RestResourceDoc } from '@app/contracts';
import { conflict, notFound } from '../../common/aws-error';
import { applyPatchOperations } from '../../common/patch-operations';
import { compact, Input } from '../shared/input';
import { checkStatusCode, requireMethod } from '../shared/method.lookup';
import { RestApiLookup } from '../shared/rest-api.lookup';
import { checkHttpMethod } from '../shared/validation';
import { METHOD_PATCH, METHOD_RESPONSE_PATCH } from './method.rules';
import { checkMethod, checkMethodResponse } from './method.validator';

const AUTHORIZATION_TYPES: readonly RestAuthorizationType[] = ['NONE', 'AWS_IAM', 'CUSTOM', 'COGNITO_USER_POOLS'];

/** PutMethod, GetMethod, UpdateMethod, DeleteMethod and the method responses nested in them. */
@Injectable()
export class MethodsService {
  constructor(private readonly lookup: RestApiLookup) {}

  async put(apiId: string, resourceId: string, httpMethod: string, body: Record<string, unknown>): Promise<RestMethodDoc> {
    const resource = await this.lookup.resource(apiId, checkResourceMethod(resourceId, httpMethod));
    if (resource.resourceMethods?.[httpMethod]) throw conflict('Method already exists for this resource');
    const input = new Input(body);
    const method = compact<RestMethodDoc>({
      httpMethod,
      authorizationType: input.oneOf('authorizationType', AUTHORIZATION_TYPES, true),
      authorizerId: input.string('authorizerId'),
      apiKeyRequired: input.boolean('apiKeyRequired') ?? false,
      requestValidatorId: input.string('requestValidatorId'),
      operationName: input.string('operationName'),
      requestParameters: input.booleanMap('requestParameters'),
      requestModels: input.stringMap('requestModels'),
      authorizationScopes: input.stringList('authorizationScopes'),
    });
    await checkMethod(this.lookup.store, apiId, method);
    await this.saveMethod(apiId, resource, method);
    return method;
  }

  async get(apiId: string, resourceId: string, httpMethod: string): Promise<RestMethodDoc> {
    return requireMethod(await this.lookup.resource(apiId, resourceId), httpMethod);
  }

  async update(apiId: string, resourceId: string, httpMethod: string, body: Record<string, unknown>): Promise<RestMethodDoc> {
    const resource = await this.lookup.resource(apiId, resourceId);
    const method = applyPatchOperations(requireMethod(resource, httpMethod), body.patchOperations, METHOD_PATCH);
    await checkMethod(this.lookup.store, apiId, method);
    await this.saveMethod(apiId, resource, method);
    return method;
  }

  async delete(apiId: string, resourceId: string, httpMethod: string): Promise<void> {
    const resource = await this.lookup.resource(apiId, resourceId);
    requireMethod(resource, httpMethod);
    const { [httpMethod]: _deleted, ...rest } = resource.resourceMethods!;
    await this.lookup.saveResource(apiId, { ...resource, resourceMethods: rest });
  }

  async putResponse(apiId: string, resourceId: string, httpMethod: string, statusCode: string, body: Record<string, unknown>) {
    checkStatusCode(statusCode);
    const resource = await this.lookup.resource(apiId, resourceId);
    const method = requireMethod(resource, httpMethod);
    if (method.methodResponses?.[statusCode]) throw conflict('Response already exists for this resource');
    const input = new Input(body);
    const response = compact<RestMethodResponseDoc>({
      statusCode,
      responseParameters: input.booleanMap('responseParameters'),
      responseModels: input.stringMap('responseModels'),
    });
    await checkMethodResponse(this.lookup.store, apiId, response);
    await this.saveResponse(apiId, resource, method, response);
    return response;
  }

  async getResponse(apiId: string, resourceId: string, httpMethod: string, statusCode: string): Promise<RestMethodResponseDoc> {
    return requireResponse(requireMethod(await this.lookup.resource(apiId, resourceId), httpMethod), statusCode);
  }

  async updateResponse(apiId: string, resourceId: string, httpMethod: string, statusCode: string, body: Record<string, unknown>) {
    const resource = await this.lookup.resource(apiId, resourceId);
    const method = requireMethod(resource, httpMethod);
    const response = applyPatchOperations(requireResponse(method, statusCode), body.patchOperations, METHOD_RESPONSE_PATCH);
    await checkMethodResponse(this.lookup.store, apiId, response);
    await this.saveResponse(apiId, resource, method, response);
    return response;
  }

  async deleteResponse(apiId: string, resourceId: string, httpMethod: string, statusCode: string): Promise<void> {
    const resource = await this.lookup.resource(apiId, resourceId);
    const method = requireMethod(resource, httpMethod);
    requireResponse(method, statusCode);
    const { [statusCode]: _deleted, ...rest } = method.methodResponses!;
    await this.saveMethod(apiId, resource, { ...method, methodResponses: rest });
  }

  private async saveMethod(apiId: string, resource: RestResourceDoc, method: RestMethodDoc): Promise<void> {
    await this.lookup.saveResource(apiId, { ...resource, resourceMethods: { ...resource.resourceMethods, [method.httpMethod]: method } });
  }

  private async saveResponse(apiId: string, resource: RestResourceDoc, method: RestMethodDoc, response: RestMethodResponseDoc) {
    await this.saveMethod(apiId, resource, { ...method, methodResponses: { ...method.methodResponses, [response.statusCode]: response } });
  }
}

function requireResponse(method: RestMethodDoc, statusCode: string): RestMethodResponseDoc {
  const response = method.methodResponses?.[statusCode];
  if (!response) throw notFound('Invalid Response status code specified');
  return response;
}

function checkResourceMethod(resourceId: string, httpMethod: string): string {
  checkHttpMethod(httpMethod);
  return resourceId;
}
