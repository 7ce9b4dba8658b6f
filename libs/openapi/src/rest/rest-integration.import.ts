import { AWS_LIMITS } from '@app/contracts';
import type {
  ContentHandling,
  PassthroughBehavior,
  RestIntegrationDoc,
  RestIntegrationResponseDoc,
  RestIntegrationType,
} from '@app/contracts';
import { OpenApiImportError, jp } from '../parse/openapi.errors';
import { isObject } from '../parse/openapi.refs';

type Json = Record<string, unknown>;

const TYPES: readonly RestIntegrationType[] = ['MOCK', 'HTTP', 'HTTP_PROXY', 'AWS', 'AWS_PROXY'];
const PASSTHROUGH: readonly PassthroughBehavior[] = ['WHEN_NO_MATCH', 'WHEN_NO_TEMPLATES', 'NEVER'];
const CONTENT_HANDLING: readonly ContentHandling[] = ['CONVERT_TO_BINARY', 'CONVERT_TO_TEXT'];
const STATUS_CODE = /^[1-5]\d\d$/;

/**
 * `x-amazon-apigateway-integration` of a REST method → Integration. AWS accepts enum values in any case
 * (`aws_proxy`, `when_no_match`) and stores them upper case.
 */
export function importRestIntegration(raw: unknown, at: string): RestIntegrationDoc {
  if (!isObject(raw)) throw new OpenApiImportError('x-amazon-apigateway-integration must be an object', at);
  const type = upperEnum(raw.type, TYPES, jp(at, 'type'), 'integration type');
  if (type === undefined) throw new OpenApiImportError("Integration 'type' is required", jp(at, 'type'));
  const integration: RestIntegrationDoc = { type };

  if (type !== 'MOCK') {
    if (typeof raw.uri !== 'string' || raw.uri === '') {
      throw new OpenApiImportError(`Integration of type ${type} requires 'uri'`, jp(at, 'uri'));
    }
    if (typeof raw.httpMethod !== 'string' || raw.httpMethod === '') {
      throw new OpenApiImportError(`Integration of type ${type} requires 'httpMethod'`, jp(at, 'httpMethod'));
    }
  }
  if (typeof raw.uri === 'string') integration.uri = raw.uri;
  if (typeof raw.httpMethod === 'string') integration.httpMethod = raw.httpMethod.toUpperCase();
  if (type === 'HTTP' || type === 'HTTP_PROXY') checkHttpUri(integration.uri!, raw, jp(at, 'uri'));

  const connectionType = upperEnum(raw.connectionType, ['INTERNET', 'VPC_LINK'] as const, jp(at, 'connectionType'), 'connectionType');
  if (connectionType) integration.connectionType = connectionType;
  if (connectionType === 'VPC_LINK' && typeof raw.connectionId !== 'string') {
    throw new OpenApiImportError("A VPC_LINK integration requires 'connectionId'", jp(at, 'connectionId'));
  }
  copyString(raw, integration, 'connectionId', at);
  copyString(raw, integration, 'credentials', at);
  copyString(raw, integration, 'cacheNamespace', at);
  if (raw.requestParameters !== undefined) {
    integration.requestParameters = stringMap(raw.requestParameters, jp(at, 'requestParameters'));
  }
  if (raw.requestTemplates !== undefined) {
    integration.requestTemplates = stringMap(raw.requestTemplates, jp(at, 'requestTemplates'));
  }
  const passthrough = upperEnum(raw.passthroughBehavior, PASSTHROUGH, jp(at, 'passthroughBehavior'), 'passthroughBehavior');
  if (passthrough) integration.passthroughBehavior = passthrough;
  const contentHandling = upperEnum(raw.contentHandling, CONTENT_HANDLING, jp(at, 'contentHandling'), 'contentHandling');
  if (contentHandling) integration.contentHandling = contentHandling;
  if (raw.timeoutInMillis !== undefined) {
    const limit = AWS_LIMITS.restIntegrationTimeoutMs;
    const ms = Number(raw.timeoutInMillis);
    if (!Number.isInteger(ms) || ms < limit.min || ms > limit.max) {
      throw new OpenApiImportError(
        `timeoutInMillis must be an integer between ${limit.min} and ${limit.max}`,
        jp(at, 'timeoutInMillis'),
      );
    }
    integration.timeoutInMillis = ms;
  }
  if (raw.cacheKeyParameters !== undefined) {
    if (!Array.isArray(raw.cacheKeyParameters) || raw.cacheKeyParameters.some((p) => typeof p !== 'string')) {
      throw new OpenApiImportError('cacheKeyParameters must be an array of strings', jp(at, 'cacheKeyParameters'));
    }
    integration.cacheKeyParameters = raw.cacheKeyParameters as string[];
  }
  if (isObject(raw.tlsConfig) && typeof raw.tlsConfig.insecureSkipVerification === 'boolean') {
    integration.tlsConfig = { insecureSkipVerification: raw.tlsConfig.insecureSkipVerification };
  }
  if (raw.responses !== undefined) integration.integrationResponses = importResponses(raw.responses, jp(at, 'responses'));
  return integration;
}

/**
 * `responses` is keyed by selection pattern (`default` for the default response); API Gateway keys integration
 * responses by status code, so two patterns cannot share a status code.
 */
function importResponses(raw: unknown, at: string): Record<string, RestIntegrationResponseDoc> {
  if (!isObject(raw)) throw new OpenApiImportError('Integration responses must be an object', at);
  const out: Record<string, RestIntegrationResponseDoc> = {};
  for (const [pattern, value] of Object.entries(raw)) {
    const rAt = jp(at, pattern);
    if (!isObject(value)) throw new OpenApiImportError('An integration response must be an object', rAt);
    const statusCode = value.statusCode === undefined ? undefined : String(value.statusCode);
    if (statusCode === undefined || !STATUS_CODE.test(statusCode)) {
      throw new OpenApiImportError("Integration response needs a 'statusCode' between 100 and 599", jp(rAt, 'statusCode'));
    }
    if (out[statusCode]) {
      throw new OpenApiImportError(`Two integration responses map to status code ${statusCode}`, rAt);
    }
    if (pattern !== 'default') {
      try {
        new RegExp(pattern);
      } catch {
        throw new OpenApiImportError(`Invalid selection pattern '${pattern}'`, rAt);
      }
    }
    const response: RestIntegrationResponseDoc = { statusCode };
    if (pattern !== 'default') response.selectionPattern = pattern;
    if (value.responseParameters !== undefined) {
      response.responseParameters = stringMap(value.responseParameters, jp(rAt, 'responseParameters'));
    }
    if (value.responseTemplates !== undefined) {
      response.responseTemplates = stringMap(value.responseTemplates, jp(rAt, 'responseTemplates'));
    }
    const contentHandling = upperEnum(value.contentHandling, CONTENT_HANDLING, jp(rAt, 'contentHandling'), 'contentHandling');
    if (contentHandling) response.contentHandling = contentHandling;
    out[statusCode] = response;
  }
  return out;
}

function checkHttpUri(uri: string, raw: Json, at: string): void {
  // A VPC link URI may use a placeholder host, and stage variables may stand for the whole URL.
  if (raw.connectionType !== undefined && String(raw.connectionType).toUpperCase() === 'VPC_LINK') return;
  if (uri.includes('${stageVariables.')) return;
  if (!/^https?:\/\/[^/\s]+/i.test(uri)) {
    throw new OpenApiImportError(`Invalid HTTP endpoint '${uri}': the uri must be an absolute http or https URL`, at);
  }
}

export function upperEnum<T extends string>(value: unknown, allowed: readonly T[], at: string, what: string): T | undefined {
  if (value === undefined || value === null) return undefined;
  const upper = String(value).toUpperCase() as T;
  if (!allowed.includes(upper)) {
    throw new OpenApiImportError(`Invalid ${what} '${String(value)}'; expected one of ${allowed.join(', ')}`, at);
  }
  return upper;
}

export function stringMap(value: unknown, at: string): Record<string, string> {
  if (!isObject(value)) throw new OpenApiImportError('Expected an object of strings', at);
  const out: Record<string, string> = {};
  for (const [key, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw new OpenApiImportError(`Value of '${key}' must be a string`, jp(at, key));
    out[key] = v;
  }
  return out;
}

function copyString<K extends 'connectionId' | 'credentials' | 'cacheNamespace'>(
  raw: Json,
  target: RestIntegrationDoc,
  key: K,
  at: string,
): void {
  const value = raw[key];
  if (value === undefined) return;
  if (typeof value !== 'string') throw new OpenApiImportError(`'${key}' must be a string`, jp(at, key));
  target[key] = value;
}
