import { newResourceId } from '@app/contracts';
import type {
  RestApiDoc,
  RestAuthorizerDoc,
  RestGatewayResponseDoc,
  RestMethodDoc,
  RestMethodResponseDoc,
  RestModelDoc,
  RestRequestValidatorDoc,
  RestResourceDoc,
} from '@app/contracts';
import { ImportWarnings, OpenApiImportError, jp } from '../parse/openapi.errors';
import { OpenApiInput, parseOpenApi } from '../parse/openapi.parse';
import { BasePathMode, OperationRef, collectOperations, documentBasePath } from '../parse/openapi.paths';
import { RefResolver, isObject } from '../parse/openapi.refs';
import { SchemaModels } from '../parse/schema.models';
import { importGatewayResponses, importRequestValidators, importRestApiSettings } from './rest-api.import';
import { RestSecurity } from './rest-auth.import';
import { importRestIntegration } from './rest-integration.import';
import { buildResourceTree } from './rest-resources';

type Json = Record<string, unknown>;

export interface RestImportOptions {
  /** Id of the API being created or updated: references between models are written as model URLs under it. */
  restApiId: string;
  /** ImportRestApi / PutRestApi `basepath` parameter; AWS's default is `ignore`. */
  basePath?: BasePathMode;
  /** ImportRestApi / PutRestApi `failonwarnings`: refuse the import when any warning was found. */
  failOnWarnings?: boolean;
}

/** Everything a REST API document defines, with fresh ids, ready to persist (or merge into an existing API). */
export interface RestImportResult {
  api: Partial<RestApiDoc>;
  /** The whole tree, root `/` first, intermediate resources included. */
  resources: RestResourceDoc[];
  authorizers: RestAuthorizerDoc[];
  models: RestModelDoc[];
  requestValidators: RestRequestValidatorDoc[];
  gatewayResponses: RestGatewayResponseDoc[];
  warnings: string[];
}

const KNOWN_API_EXTENSIONS = new Set([
  'x-amazon-apigateway-binary-media-types', 'x-amazon-apigateway-api-key-source', 'x-amazon-apigateway-policy',
  'x-amazon-apigateway-minimum-compression-size', 'x-amazon-apigateway-endpoint-configuration',
  'x-amazon-apigateway-documentation', 'x-amazon-apigateway-request-validators', 'x-amazon-apigateway-request-validator',
  'x-amazon-apigateway-gateway-responses',
]);
const KNOWN_METHOD_EXTENSIONS = new Set(['x-amazon-apigateway-integration', 'x-amazon-apigateway-request-validator', 'x-amazon-apigateway-auth']);

/**
 * ImportRestApi / PutRestApi: an OpenAPI 3.0 or Swagger 2.0 document → the API's parts. Throws OpenApiImportError
 * (nothing is returned) on anything API Gateway refuses, and on warnings when failOnWarnings is set.
 */
export function importRestApi(input: OpenApiInput, options: RestImportOptions): RestImportResult {
  const { dialect, doc } = parseOpenApi(input);
  const refs = new RefResolver(doc);
  const warnings = new ImportWarnings();
  refs.checkAll(doc, '$');

  const api = importRestApiSettings(doc, warnings);
  warnUnknownExtensions(doc, '$', KNOWN_API_EXTENSIONS, warnings);
  if (doc['x-amazon-apigateway-cors'] !== undefined) {
    warnings.add('x-amazon-apigateway-cors applies to HTTP APIs only; ignored', "$['x-amazon-apigateway-cors']");
  }
  const models = new SchemaModels(doc, dialect, refs, options.restApiId);
  const security = new RestSecurity(doc, dialect, warnings);
  const { validators, defaultName } = importRequestValidators(doc);
  const gatewayResponses = importGatewayResponses(doc);
  const operations = collectOperations(doc, refs, warnings, {
    basePath: documentBasePath(doc),
    basePathMode: options.basePath ?? 'ignore',
    allowDefaultRoute: false,
  });

  const context: MethodContext = { doc, dialect, refs, models, security, validators, defaultValidator: defaultName, warnings };
  const methods = operations.map((operation) => ({ path: operation.path, method: importMethod(operation, context) }));
  const resources = buildResourceTree(methods);

  warnings.enforce(options.failOnWarnings);
  const rootResourceId = resources[0].id;
  return {
    api: { ...api, id: options.restApiId, rootResourceId, ...(warnings.list.length ? { warnings: warnings.list } : {}) },
    resources,
    authorizers: security.authorizers,
    models: models.models.map((m) => ({
      id: newResourceId(),
      name: m.name,
      contentType: 'application/json',
      schema: JSON.stringify(m.schema),
      ...(m.description !== undefined ? { description: m.description } : {}),
    })),
    requestValidators: validators,
    gatewayResponses,
    warnings: warnings.list,
  };
}

interface MethodContext {
  doc: Json;
  dialect: 'swagger2' | 'oas30';
  refs: RefResolver;
  models: SchemaModels;
  security: RestSecurity;
  validators: RestRequestValidatorDoc[];
  defaultValidator?: string;
  warnings: ImportWarnings;
}

function importMethod(operation: OperationRef, ctx: MethodContext): RestMethodDoc {
  const { op, at } = operation;
  warnUnknownExtensions(op, at, KNOWN_METHOD_EXTENSIONS, ctx.warnings);
  const auth = ctx.security.methodAuth(op, at);
  const method: RestMethodDoc = { httpMethod: operation.method, authorizationType: auth.authorizationType };
  if (auth.authorizerId) method.authorizerId = auth.authorizerId;
  if (auth.authorizationScopes) method.authorizationScopes = auth.authorizationScopes;
  const legacyAuth = op['x-amazon-apigateway-auth'];
  if (isObject(legacyAuth) && String(legacyAuth.type).toLowerCase() === 'aws_iam' && method.authorizationType === 'NONE') {
    method.authorizationType = 'AWS_IAM';
  }
  method.apiKeyRequired = auth.apiKeyRequired;
  if (typeof op.operationId === 'string') method.operationName = op.operationId;

  const validatorName = op['x-amazon-apigateway-request-validator'] ?? ctx.defaultValidator;
  if (validatorName !== undefined) {
    const validator = ctx.validators.find((v) => v.name === validatorName);
    if (!validator) {
      throw new OpenApiImportError(`Request validator '${String(validatorName)}' is not defined`, jp(at, 'x-amazon-apigateway-request-validator'));
    }
    method.requestValidatorId = validator.id;
  }

  const hint = modelHint(operation);
  const requestParameters: Record<string, boolean> = {};
  const requestModels: Record<string, string> = {};
  for (const p of operation.parameters) {
    if (p.in === 'path' || p.in === 'query' || p.in === 'header') {
      requestParameters[`method.request.${p.in === 'query' ? 'querystring' : p.in}.${p.name}`] = p.required;
    } else if (p.in === 'body') {
      if (p.param.schema === undefined) continue;
      for (const type of mediaTypes(op.consumes ?? ctx.doc.consumes)) {
        requestModels[type] = ctx.models.modelFor(p.param.schema, jp(p.at, 'schema'), `${hint}Request`);
      }
    } else {
      ctx.warnings.add(`Parameters in '${p.in}' are not supported by API Gateway; '${p.name}' ignored`, p.at);
    }
  }
  if (op.requestBody !== undefined) {
    const bodyAt = jp(at, 'requestBody');
    const body = ctx.refs.deref(op.requestBody, bodyAt);
    if (!isObject(body)) throw new OpenApiImportError('requestBody must be an object', bodyAt);
    if (isObject(body.content)) {
      for (const [type, media] of Object.entries(body.content)) {
        if (isObject(media) && media.schema !== undefined) {
          requestModels[type] = ctx.models.modelFor(media.schema, jp(jp(jp(bodyAt, 'content'), type), 'schema'), `${hint}Request`);
        }
      }
    }
  }
  if (Object.keys(requestParameters).length) method.requestParameters = requestParameters;
  if (Object.keys(requestModels).length) method.requestModels = requestModels;

  const methodResponses = importMethodResponses(operation, ctx, hint);
  if (op['x-amazon-apigateway-integration'] !== undefined) {
    const iAt = jp(at, 'x-amazon-apigateway-integration');
    const integration = importRestIntegration(ctx.refs.deref(op['x-amazon-apigateway-integration'], iAt), iAt);
    method.methodIntegration = integration;
    // An integration response needs a method response of the same status; AWS creates the missing ones.
    for (const code of Object.keys(integration.integrationResponses ?? {})) {
      methodResponses[code] ??= { statusCode: code };
    }
  }
  if (Object.keys(methodResponses).length) method.methodResponses = methodResponses;
  return method;
}

function importMethodResponses(operation: OperationRef, ctx: MethodContext, hint: string): Record<string, RestMethodResponseDoc> {
  const { op, at } = operation;
  const out: Record<string, RestMethodResponseDoc> = {};
  if (op.responses === undefined) return out;
  const responsesAt = jp(at, 'responses');
  if (!isObject(op.responses)) throw new OpenApiImportError("'responses' must be an object", responsesAt);
  for (const [code, raw] of Object.entries(op.responses)) {
    const rAt = jp(responsesAt, code);
    if (code.startsWith('x-')) continue;
    if (!/^[1-5]\d\d$/.test(code)) {
      ctx.warnings.add(`Response '${code}' is not a status code; API Gateway method responses need one, ignored`, rAt);
      continue;
    }
    const response = ctx.refs.deref(raw, rAt);
    if (!isObject(response)) throw new OpenApiImportError('A response must be an object', rAt);
    const methodResponse: RestMethodResponseDoc = { statusCode: code };
    if (isObject(response.headers)) {
      const params: Record<string, boolean> = {};
      for (const header of Object.keys(response.headers)) params[`method.response.header.${header}`] = false;
      if (Object.keys(params).length) methodResponse.responseParameters = params;
    }
    const models: Record<string, string> = {};
    if (ctx.dialect === 'swagger2') {
      if (response.schema !== undefined) {
        for (const type of mediaTypes(op.produces ?? ctx.doc.produces)) {
          models[type] = ctx.models.modelFor(response.schema, jp(rAt, 'schema'), `${hint}Response${code}`);
        }
      }
    } else if (isObject(response.content)) {
      for (const [type, media] of Object.entries(response.content)) {
        if (isObject(media) && media.schema !== undefined) {
          models[type] = ctx.models.modelFor(media.schema, jp(jp(jp(rAt, 'content'), type), 'schema'), `${hint}Response${code}`);
        }
      }
    }
    if (Object.keys(models).length) methodResponse.responseModels = models;
    out[code] = methodResponse;
  }
  return out;
}

function mediaTypes(value: unknown): string[] {
  return Array.isArray(value) && value.length > 0 ? value.map(String) : ['application/json'];
}

/** `POST /pets/{petId}` → `PostPetsPetId`: the base name for models made from inline schemas. */
function modelHint(operation: OperationRef): string {
  const words = [operation.method.toLowerCase(), ...operation.path.split(/[^A-Za-z0-9]+/)];
  return words.filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join('');
}

function warnUnknownExtensions(node: Json, at: string, known: Set<string>, warnings: ImportWarnings): void {
  for (const key of Object.keys(node)) {
    if (key.startsWith('x-amazon-apigateway-') && !known.has(key) && key !== 'x-amazon-apigateway-any-method' && key !== 'x-amazon-apigateway-cors') {
      warnings.add(`Unsupported extension '${key}'; ignored`, jp(at, key));
    }
  }
}
