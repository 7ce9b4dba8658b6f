import { AWS_LIMITS, newResourceId } from '@app/contracts';
import type { V2IntegrationDoc } from '@app/contracts';
import { ImportWarnings, OpenApiImportError, jp } from '../parse/openapi.errors';
import { isObject } from '../parse/openapi.refs';
import { stringMap, upperEnum } from '../rest/rest-integration.import';

const REQUEST_PARAMETER_KEY = /^(append|overwrite|remove):(header\.[^\s]+|querystring\.[^\s]+|path)$/;
const RESPONSE_PARAMETER_KEY = /^((append|overwrite|remove):header\.[^\s]+|overwrite:statuscode)$/;

/**
 * `x-amazon-apigateway-integration` of an HTTP API route → Integration, or undefined (with a warning) for types HTTP
 * APIs cannot run: AWS imports the route without a target in that case.
 */
export function importHttpIntegration(raw: unknown, at: string, warnings: ImportWarnings): V2IntegrationDoc | undefined {
  if (!isObject(raw)) throw new OpenApiImportError('x-amazon-apigateway-integration must be an object', at);
  if (raw.type === undefined) throw new OpenApiImportError("Integration 'type' is required", jp(at, 'type'));
  const type = upperEnum(raw.type, ['AWS_PROXY', 'HTTP_PROXY', 'HTTP', 'AWS', 'MOCK'] as const, jp(at, 'type'), 'integration type')!;
  if (type !== 'AWS_PROXY' && type !== 'HTTP_PROXY') {
    warnings.add(`HTTP APIs support only AWS_PROXY and HTTP_PROXY integrations; the ${type} integration is ignored`, jp(at, 'type'));
    return undefined;
  }
  const subtype = typeof raw.integrationSubtype === 'string' ? raw.integrationSubtype : undefined;
  const integration: V2IntegrationDoc = { integrationId: newResourceId(7), integrationType: type };
  if (typeof raw.uri === 'string' && raw.uri !== '') integration.integrationUri = raw.uri;
  else if (!subtype) throw new OpenApiImportError(`Integration of type ${type} requires 'uri'`, jp(at, 'uri'));
  if (subtype) integration.integrationSubtype = subtype;

  if (type === 'HTTP_PROXY') {
    if (typeof raw.httpMethod !== 'string' || raw.httpMethod === '') {
      throw new OpenApiImportError("Integration of type HTTP_PROXY requires 'httpMethod'", jp(at, 'httpMethod'));
    }
    const connection = raw.connectionType === undefined ? 'INTERNET' : String(raw.connectionType).toUpperCase();
    if (connection === 'INTERNET' && !/^https?:\/\/[^/\s]+/i.test(integration.integrationUri!)) {
      throw new OpenApiImportError(`Invalid HTTP endpoint '${integration.integrationUri}': the uri must be an absolute http or https URL`, jp(at, 'uri'));
    }
  }
  if (typeof raw.httpMethod === 'string') integration.integrationMethod = raw.httpMethod.toUpperCase();
  else if (type === 'AWS_PROXY' && !subtype) integration.integrationMethod = 'POST';

  integration.payloadFormatVersion = payloadFormat(raw.payloadFormatVersion, type, jp(at, 'payloadFormatVersion'));
  const connectionType = upperEnum(raw.connectionType, ['INTERNET', 'VPC_LINK'] as const, jp(at, 'connectionType'), 'connectionType');
  if (connectionType) integration.connectionType = connectionType;
  if (raw.connectionId !== undefined) integration.connectionId = String(raw.connectionId);
  if (connectionType === 'VPC_LINK' && integration.connectionId === undefined) {
    throw new OpenApiImportError("A VPC_LINK integration requires 'connectionId'", jp(at, 'connectionId'));
  }
  if (typeof raw.credentials === 'string') integration.credentialsArn = raw.credentials;
  if (typeof raw.description === 'string') integration.description = raw.description;
  if (raw.timeoutInMillis !== undefined) {
    const limit = AWS_LIMITS.httpIntegrationTimeoutMs;
    const ms = Number(raw.timeoutInMillis);
    if (!Number.isInteger(ms) || ms < limit.min || ms > limit.max) {
      throw new OpenApiImportError(`timeoutInMillis must be an integer between ${limit.min} and ${limit.max}`, jp(at, 'timeoutInMillis'));
    }
    integration.timeoutInMillis = ms;
  }
  if (raw.requestParameters !== undefined) {
    const params = stringMap(raw.requestParameters, jp(at, 'requestParameters'));
    if (!subtype) {
      for (const key of Object.keys(params)) {
        if (!REQUEST_PARAMETER_KEY.test(key)) {
          throw new OpenApiImportError(
            `Invalid request parameter mapping '${key}'; expected append|overwrite|remove:header.<name>, querystring.<name> or path`,
            jp(jp(at, 'requestParameters'), key),
          );
        }
      }
    }
    integration.requestParameters = params;
  }
  if (raw.responseParameters !== undefined) {
    const rAt = jp(at, 'responseParameters');
    if (!isObject(raw.responseParameters)) throw new OpenApiImportError('responseParameters must be an object keyed by status code', rAt);
    integration.responseParameters = {};
    for (const [status, mapping] of Object.entries(raw.responseParameters)) {
      if (!/^[1-5]\d\d$/.test(status)) throw new OpenApiImportError(`Invalid status code '${status}'`, jp(rAt, status));
      const params = stringMap(mapping, jp(rAt, status));
      for (const key of Object.keys(params)) {
        if (!RESPONSE_PARAMETER_KEY.test(key)) {
          throw new OpenApiImportError(
            `Invalid response parameter mapping '${key}'; expected append|overwrite|remove:header.<name> or overwrite:statuscode`,
            jp(jp(rAt, status), key),
          );
        }
      }
      integration.responseParameters[status] = params;
    }
  }
  if (isObject(raw.tlsConfig) && typeof raw.tlsConfig.serverNameToVerify === 'string') {
    integration.tlsConfig = { serverNameToVerify: raw.tlsConfig.serverNameToVerify };
  }
  return integration;
}

/** JSON and YAML turn `1.0` into the number 1; AWS reads it as "1.0". */
function payloadFormat(value: unknown, type: 'AWS_PROXY' | 'HTTP_PROXY', at: string): string {
  if (value === undefined) return type === 'AWS_PROXY' ? '2.0' : '1.0';
  const text = typeof value === 'number' ? value.toFixed(1) : String(value);
  if (text !== '1.0' && text !== '2.0') throw new OpenApiImportError(`Invalid payloadFormatVersion '${text}'; expected 1.0 or 2.0`, at);
  if (type === 'HTTP_PROXY' && text !== '1.0') {
    throw new OpenApiImportError('HTTP_PROXY integrations support only payloadFormatVersion 1.0', at);
  }
  return text;
}
