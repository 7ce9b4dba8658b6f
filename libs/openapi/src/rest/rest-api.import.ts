import { newResourceId } from '@app/contracts';
import type { GatewayResponseType, RestApiDoc, RestGatewayResponseDoc, RestRequestValidatorDoc } from '@app/contracts';
import { ImportWarnings, OpenApiImportError, jp } from '../parse/openapi.errors';
import { isObject } from '../parse/openapi.refs';
import { stringMap } from './rest-integration.import';

type Json = Record<string, unknown>;

export const GATEWAY_RESPONSE_TYPES: readonly GatewayResponseType[] = [
  'ACCESS_DENIED', 'API_CONFIGURATION_ERROR', 'AUTHORIZER_CONFIGURATION_ERROR', 'AUTHORIZER_FAILURE',
  'BAD_REQUEST_PARAMETERS', 'BAD_REQUEST_BODY', 'DEFAULT_4XX', 'DEFAULT_5XX', 'EXPIRED_TOKEN', 'INTEGRATION_FAILURE',
  'INTEGRATION_TIMEOUT', 'INVALID_API_KEY', 'INVALID_SIGNATURE', 'MISSING_AUTHENTICATION_TOKEN', 'QUOTA_EXCEEDED',
  'REQUEST_TOO_LARGE', 'RESOURCE_NOT_FOUND', 'THROTTLED', 'UNAUTHORIZED', 'UNSUPPORTED_MEDIA_TYPE', 'WAF_FILTERED',
];

/** Document-level settings: info and the API-wide `x-amazon-apigateway-*` extensions. */
export function importRestApiSettings(doc: Json, warnings: ImportWarnings): Partial<RestApiDoc> {
  const info = doc.info;
  if (!isObject(info)) throw new OpenApiImportError("The document has no 'info' object", '$.info');
  if (typeof info.title !== 'string' || info.title.trim() === '') {
    throw new OpenApiImportError("'info.title' is required: it becomes the API name", '$.info.title');
  }
  const api: Partial<RestApiDoc> = { name: info.title };
  if (typeof info.description === 'string') api.description = info.description;
  if (info.version !== undefined) api.version = String(info.version);

  const binary = doc['x-amazon-apigateway-binary-media-types'];
  if (binary !== undefined) {
    if (!Array.isArray(binary) || binary.some((t) => typeof t !== 'string' || !t.includes('/'))) {
      throw new OpenApiImportError('Binary media types must be an array of media types', "$['x-amazon-apigateway-binary-media-types']");
    }
    api.binaryMediaTypes = binary as string[];
  }
  const keySource = doc['x-amazon-apigateway-api-key-source'];
  if (keySource !== undefined) {
    const upper = String(keySource).toUpperCase();
    if (upper !== 'HEADER' && upper !== 'AUTHORIZER') {
      throw new OpenApiImportError(`Invalid API key source '${String(keySource)}'; expected HEADER or AUTHORIZER`, "$['x-amazon-apigateway-api-key-source']");
    }
    api.apiKeySource = upper;
  }
  const policy = doc['x-amazon-apigateway-policy'];
  if (policy !== undefined) {
    if (!isObject(policy)) throw new OpenApiImportError('The resource policy must be a JSON object', "$['x-amazon-apigateway-policy']");
    api.policy = JSON.stringify(policy);
  }
  const compression = doc['x-amazon-apigateway-minimum-compression-size'];
  if (compression !== undefined) {
    const size = Number(compression);
    if (!Number.isInteger(size) || size < 0 || size > 10_485_760) {
      throw new OpenApiImportError('Minimum compression size must be an integer between 0 and 10485760', "$['x-amazon-apigateway-minimum-compression-size']");
    }
    api.minimumCompressionSize = size;
  }
  readEndpointConfiguration(doc, api);
  readTags(doc, api);
  if (doc['x-amazon-apigateway-documentation'] !== undefined) {
    warnings.add('Documentation parts are not supported; ignored', "$['x-amazon-apigateway-documentation']");
  }
  return api;
}

/** Swagger 2 puts it at the root, OpenAPI 3 on the server object. */
function readEndpointConfiguration(doc: Json, api: Partial<RestApiDoc>): void {
  const server = Array.isArray(doc.servers) && isObject(doc.servers[0]) ? doc.servers[0] : undefined;
  const config = doc['x-amazon-apigateway-endpoint-configuration'] ?? server?.['x-amazon-apigateway-endpoint-configuration'];
  if (config === undefined) return;
  const at = "$['x-amazon-apigateway-endpoint-configuration']";
  if (!isObject(config)) throw new OpenApiImportError('The endpoint configuration must be an object', at);
  if (config.disableExecuteApiEndpoint !== undefined) api.disableExecuteApiEndpoint = config.disableExecuteApiEndpoint === true;
  if (Array.isArray(config.vpcEndpointIds)) {
    api.endpointConfiguration = { types: ['PRIVATE'], vpcEndpointIds: config.vpcEndpointIds.map(String) };
  }
}

/** OpenAPI 3 `tags` with `x-amazon-apigateway-tag-value` become API tags. */
function readTags(doc: Json, api: Partial<RestApiDoc>): void {
  if (!Array.isArray(doc.tags)) return;
  const tags: Record<string, string> = {};
  for (const tag of doc.tags) {
    if (isObject(tag) && typeof tag.name === 'string' && tag['x-amazon-apigateway-tag-value'] !== undefined) {
      tags[tag.name] = String(tag['x-amazon-apigateway-tag-value']);
    }
  }
  if (Object.keys(tags).length > 0) api.tags = tags;
}

/** `x-amazon-apigateway-request-validators` and the API-wide default `x-amazon-apigateway-request-validator`. */
export function importRequestValidators(doc: Json): { validators: RestRequestValidatorDoc[]; defaultName?: string } {
  const raw = doc['x-amazon-apigateway-request-validators'];
  const at = "$['x-amazon-apigateway-request-validators']";
  const validators: RestRequestValidatorDoc[] = [];
  if (raw !== undefined) {
    if (!isObject(raw)) throw new OpenApiImportError('Request validators must be an object keyed by name', at);
    for (const [name, value] of Object.entries(raw)) {
      if (!isObject(value)) throw new OpenApiImportError('A request validator must be an object', jp(at, name));
      validators.push({
        id: newResourceId(6),
        name,
        validateRequestBody: value.validateRequestBody === true,
        validateRequestParameters: value.validateRequestParameters === true,
      });
    }
  }
  const defaultName = doc['x-amazon-apigateway-request-validator'];
  if (defaultName !== undefined && !validators.some((v) => v.name === defaultName)) {
    throw new OpenApiImportError(`Request validator '${String(defaultName)}' is not defined`, "$['x-amazon-apigateway-request-validator']");
  }
  return { validators, defaultName: defaultName === undefined ? undefined : String(defaultName) };
}

/** `x-amazon-apigateway-gateway-responses`, keyed by response type. */
export function importGatewayResponses(doc: Json): RestGatewayResponseDoc[] {
  const raw = doc['x-amazon-apigateway-gateway-responses'];
  const at = "$['x-amazon-apigateway-gateway-responses']";
  if (raw === undefined) return [];
  if (!isObject(raw)) throw new OpenApiImportError('Gateway responses must be an object keyed by response type', at);
  return Object.entries(raw).map(([type, value]) => {
    const rAt = jp(at, type);
    if (!GATEWAY_RESPONSE_TYPES.includes(type as GatewayResponseType)) {
      throw new OpenApiImportError(`Invalid gateway response type '${type}'`, rAt);
    }
    if (!isObject(value)) throw new OpenApiImportError('A gateway response must be an object', rAt);
    const response: RestGatewayResponseDoc = { responseType: type as GatewayResponseType, defaultResponse: false };
    if (value.statusCode !== undefined) {
      const code = String(value.statusCode);
      if (!/^[1-5]\d\d$/.test(code)) throw new OpenApiImportError(`Invalid status code '${code}'`, jp(rAt, 'statusCode'));
      response.statusCode = code;
    }
    if (value.responseParameters !== undefined) response.responseParameters = stringMap(value.responseParameters, jp(rAt, 'responseParameters'));
    if (value.responseTemplates !== undefined) response.responseTemplates = stringMap(value.responseTemplates, jp(rAt, 'responseTemplates'));
    return response;
  });
}
