import { AWS_LIMITS, type RestIntegrationDoc, type RestIntegrationResponseDoc, type RestMethodDoc } from '@app/contracts';
import { badRequest } from '../../common/aws-error';
import { checkAwsServiceUri, checkHttpMethod, checkHttpUri, checkLambdaInvocationUri } from '../shared/validation';

const TARGET = /^integration\.request\.(header|querystring|path)\.[^\s]+$/;
const METHOD_SOURCE = /^method\.request\.(path|querystring|header|multivaluequerystring|multivalueheader)\.[^\s]+$/;
const RESPONSE_TARGET = /^method\.response\.header\.[^\s]+$/;
const RESPONSE_SOURCE = /^integration\.response\.(header\.[^\s]+|multivalueheader\.[^\s]+|body(\..+)?)$/;
/** Sources allowed on both sides: `'literal'`, `context.x`, `stageVariables.x`. */
const COMMON_SOURCE = /^('[^']*'|context\.[A-Za-z0-9_.]+|stageVariables\.[A-Za-z0-9_]+)$/;
const { min, max } = AWS_LIMITS.restIntegrationTimeoutMs;

/**
 * Checks an integration as AWS does on PutIntegration and UpdateIntegration: the fields its type requires, the URI's
 * form, and every mapping expression (against the parameters the method declares).
 */
export function checkIntegration(integration: RestIntegrationDoc, method: RestMethodDoc): RestIntegrationDoc {
  const { type, uri } = integration;
  if (type !== 'MOCK') {
    if (!integration.httpMethod) throw badRequest('Enumeration value for HttpMethod must be non-empty');
    checkHttpMethod(integration.httpMethod);
    if (!uri) throw badRequest(`Invalid request: uri is required for integrations of type ${type}`);
    if (type === 'HTTP' || type === 'HTTP_PROXY') checkHttpUri(uri);
    else if (type === 'AWS_PROXY') checkLambdaInvocationUri(uri, 'Lambda function URI');
    else if (uri.includes(':lambda:path/')) checkLambdaInvocationUri(uri, 'Lambda function URI');
    else checkAwsServiceUri(uri);
    if (type === 'AWS_PROXY' && integration.httpMethod !== 'POST') {
      throw badRequest('Lambda proxy integrations must use POST as the integration httpMethod');
    }
  }
  const timeout = integration.timeoutInMillis;
  if (timeout !== undefined && (!Number.isInteger(timeout) || timeout < min || timeout > max)) {
    throw badRequest(`Timeout should be between ${min} ms and ${max} ms`);
  }
  if (integration.connectionType === 'VPC_LINK') throw badRequest('VPC_LINK connections are not supported by this gateway');
  const errors: string[] = [];
  for (const [target, source] of Object.entries(integration.requestParameters ?? {})) {
    if (!TARGET.test(target)) errors.push(`Invalid mapping expression specified: ${target}`);
    else if (METHOD_SOURCE.test(source)) {
      if (!(source in (method.requestParameters ?? {}))) errors.push(`Invalid mapping expression parameter specified: ${source}`);
    } else if (!COMMON_SOURCE.test(source) && source !== 'method.request.body' && !source.startsWith('method.request.body.')) {
      errors.push(`Invalid mapping expression specified: ${source}`);
    }
  }
  for (const name of integration.cacheKeyParameters ?? []) {
    if (!(name in (method.requestParameters ?? {})) && !(name in (integration.requestParameters ?? {}))) {
      errors.push(`Invalid cache key parameter specified: ${name}`);
    }
  }
  reportMappingErrors(errors);
  return integration;
}

export function checkIntegrationResponse(response: RestIntegrationResponseDoc, method: RestMethodDoc): RestIntegrationResponseDoc {
  if (!method.methodResponses?.[response.statusCode]) throw badRequest(`Invalid response status code specified: no method response for ${response.statusCode}`);
  if (response.selectionPattern !== undefined) {
    try {
      new RegExp(response.selectionPattern);
    } catch {
      throw badRequest(`Invalid selection pattern specified: ${response.selectionPattern}`);
    }
  }
  const declared = method.methodResponses[response.statusCode].responseParameters ?? {};
  const errors: string[] = [];
  for (const [target, source] of Object.entries(response.responseParameters ?? {})) {
    if (!RESPONSE_TARGET.test(target)) errors.push(`Invalid mapping expression specified: ${target}`);
    else if (!(target in declared)) errors.push(`Invalid mapping expression parameter specified: ${target}`);
    if (!RESPONSE_SOURCE.test(source) && !COMMON_SOURCE.test(source)) errors.push(`Invalid mapping expression specified: ${source}`);
  }
  reportMappingErrors(errors);
  return response;
}

/** AWS reports mapping faults as one validation result listing every error. */
function reportMappingErrors(errors: string[]): void {
  if (errors.length) throw badRequest(`Invalid mapping expression specified: Validation Result: warnings : [], errors : [${errors.join(', ')}]`);
}
