import type { RestDefinition, RestIntegrationDoc, RestMethodDoc, RestStageDoc } from '@app/contracts';
import { ANY_METHOD_KEY } from '../parse/openapi.paths';
import { modelNameFromUrl } from '../parse/schema.models';
import { compact } from '../export/openapi.serialize';

type Json = Record<string, unknown>;

export interface RestExportOptions {
  /** GetExport `exportType`. */
  exportType: 'oas30' | 'swagger';
  /**
   * GetExport `parameters.extensions`: `integrations` or `apigateway` include every `x-amazon-apigateway-*`
   * extension (what a re-import needs); absent, the document is plain OpenAPI for clients and SDK generators.
   */
  extensions?: 'integrations' | 'apigateway' | 'postman';
  /** Where this API is served by our gateway, without the stage, e.g. `http://localhost:4000/restapis/abc123`. */
  baseUrl: string;
}

const API_KEY_SCHEME = 'api_key';
const SIGV4_SCHEME = 'sigv4';

/** GetExport for a REST API stage: the deployed definition as OpenAPI 3.0 or Swagger 2.0. */
export function exportRestApi(definition: RestDefinition, stage: RestStageDoc, options: RestExportOptions): Json {
  const oas = options.exportType === 'oas30';
  const withExtensions = options.extensions === 'integrations' || options.extensions === 'apigateway';
  const { api } = definition;
  const schemaRef = (name: string) => (oas ? `#/components/schemas/${name}` : `#/definitions/${name}`);
  const authorizerName = new Map(definition.authorizers.map((a) => [a.id, a.name]));
  const validatorName = new Map(definition.requestValidators.map((v) => [v.id, v.name ?? v.id]));
  let usesApiKey = false;
  let usesIam = false;

  const operation = (m: RestMethodDoc): Json => {
    const op: Json = {};
    if (m.operationName) op.operationId = m.operationName;
    const parameters: Json[] = [];
    for (const [key, required] of Object.entries(m.requestParameters ?? {})) {
      const match = /^method\.request\.(path|querystring|header)\.(.+)$/.exec(key);
      if (!match) continue;
      const where = match[1] === 'querystring' ? 'query' : match[1];
      parameters.push(oas ? { name: match[2], in: where, required: where === 'path' || required, schema: { type: 'string' } } : { name: match[2], in: where, required: where === 'path' || required, type: 'string' });
    }
    const models = Object.entries(m.requestModels ?? {});
    if (models.length > 0) {
      if (oas) {
        op.requestBody = { content: Object.fromEntries(models.map(([type, name]) => [type, { schema: { $ref: schemaRef(name) } }])), required: true };
      } else {
        op.consumes = models.map(([type]) => type);
        parameters.push({ in: 'body', name: models[0][1], required: true, schema: { $ref: schemaRef(models[0][1]) } });
      }
    }
    if (parameters.length) op.parameters = parameters;
    const produces = new Set<string>();
    const responses: Json = {};
    for (const [code, response] of Object.entries(m.methodResponses ?? {})) {
      const out: Json = { description: `${code} response` };
      const headers = Object.keys(response.responseParameters ?? {})
        .map((k) => /^method\.response\.header\.(.+)$/.exec(k)?.[1])
        .filter((h): h is string => h !== undefined);
      if (headers.length) out.headers = Object.fromEntries(headers.map((h) => [h, oas ? { schema: { type: 'string' } } : { type: 'string' }]));
      const responseModels = Object.entries(response.responseModels ?? {});
      if (responseModels.length) {
        if (oas) out.content = Object.fromEntries(responseModels.map(([type, name]) => [type, { schema: { $ref: schemaRef(name) } }]));
        else {
          responseModels.forEach(([type]) => produces.add(type));
          out.schema = { $ref: schemaRef(responseModels[0][1]) };
        }
      }
      responses[code] = out;
    }
    if (produces.size) op.produces = [...produces];
    op.responses = responses;
    const security: Json[] = [];
    if (m.authorizationType === 'AWS_IAM') {
      usesIam = true;
      security.push({ [SIGV4_SCHEME]: [] });
    } else if (m.authorizerId && authorizerName.has(m.authorizerId)) {
      security.push({ [authorizerName.get(m.authorizerId)!]: m.authorizationScopes ?? [] });
    }
    if (m.apiKeyRequired) {
      usesApiKey = true;
      security.push({ [API_KEY_SCHEME]: [] });
    }
    if (security.length) op.security = security;
    if (withExtensions) {
      if (m.requestValidatorId && validatorName.has(m.requestValidatorId)) {
        op['x-amazon-apigateway-request-validator'] = validatorName.get(m.requestValidatorId);
      }
      if (m.methodIntegration) op['x-amazon-apigateway-integration'] = exportIntegration(m.methodIntegration);
    }
    return op;
  };

  const paths: Json = {};
  for (const resource of definition.resources) {
    const methods = Object.values(resource.resourceMethods ?? {});
    if (methods.length === 0) continue;
    const item: Json = {};
    for (const m of methods) item[m.httpMethod === 'ANY' ? ANY_METHOD_KEY : m.httpMethod.toLowerCase()] = operation(m);
    paths[resource.path] = item;
  }

  const schemas: Json = {};
  for (const model of definition.models) {
    if (model.contentType !== 'application/json' || !model.schema) continue;
    schemas[model.name] = localRefs(JSON.parse(model.schema), schemaRef);
  }

  const securitySchemes: Json = {};
  if (usesApiKey) securitySchemes[API_KEY_SCHEME] = { type: 'apiKey', name: 'x-api-key', in: 'header' };
  if (usesIam) {
    securitySchemes[SIGV4_SCHEME] = { type: 'apiKey', name: 'Authorization', in: 'header', ...(withExtensions ? { 'x-amazon-apigateway-authtype': 'awsSigv4' } : {}) };
  }
  for (const a of definition.authorizers) {
    const header = /^method\.request\.header\.([^,\s]+)$/.exec(a.identitySource ?? '')?.[1];
    const scheme: Json = { type: 'apiKey', name: header ?? 'Unused', in: 'header' };
    if (withExtensions) {
      scheme['x-amazon-apigateway-authtype'] = a.authType ?? (a.type === 'COGNITO_USER_POOLS' ? 'cognito_user_pools' : 'custom');
      scheme['x-amazon-apigateway-authorizer'] = compact({
        type: a.type.toLowerCase(),
        authorizerUri: a.authorizerUri,
        authorizerCredentials: a.authorizerCredentials,
        providerARNs: a.providerARNs,
        identitySource: a.identitySource,
        identityValidationExpression: a.identityValidationExpression,
        authorizerResultTtlInSeconds: a.authorizerResultTtlInSeconds,
      });
    }
    securitySchemes[a.name] = scheme;
  }

  const version = api.version ?? new Date(stage.lastUpdatedDate * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
  const doc: Json = oas
    ? { openapi: '3.0.1', info: compact({ title: api.name, description: api.description, version }) }
    : { swagger: '2.0', info: compact({ description: api.description, version, title: api.name }) };
  const base = options.baseUrl.replace(/\/+$/, '');
  if (oas) {
    const server: Json = { url: `${base}/{basePath}`, variables: { basePath: { default: stage.stageName } } };
    if (withExtensions && api.disableExecuteApiEndpoint !== undefined) {
      server['x-amazon-apigateway-endpoint-configuration'] = { disableExecuteApiEndpoint: api.disableExecuteApiEndpoint };
    }
    doc.servers = [server];
  } else {
    const url = new URL(base);
    doc.host = url.host;
    doc.basePath = `${url.pathname.replace(/\/+$/, '')}/${stage.stageName}`;
    doc.schemes = [url.protocol.replace(':', '')];
  }
  doc.paths = paths;
  if (oas) {
    const components: Json = {};
    if (Object.keys(schemas).length) components.schemas = schemas;
    if (Object.keys(securitySchemes).length) components.securitySchemes = securitySchemes;
    doc.components = components;
  } else {
    if (Object.keys(securitySchemes).length) doc.securityDefinitions = securitySchemes;
    if (Object.keys(schemas).length) doc.definitions = schemas;
  }
  if (withExtensions) Object.assign(doc, apiExtensions(definition, oas));
  return doc;
}

function exportIntegration(i: RestIntegrationDoc): Json {
  const responses = i.integrationResponses
    ? Object.fromEntries(
        Object.values(i.integrationResponses).map((r) => [
          r.selectionPattern ?? 'default',
          compact({ statusCode: r.statusCode, responseParameters: r.responseParameters, responseTemplates: r.responseTemplates, contentHandling: r.contentHandling }),
        ]),
      )
    : undefined;
  return compact({
    type: i.type.toLowerCase(),
    httpMethod: i.httpMethod,
    uri: i.uri,
    connectionType: i.connectionType,
    connectionId: i.connectionId,
    credentials: i.credentials,
    requestParameters: i.requestParameters,
    requestTemplates: i.requestTemplates,
    responses,
    passthroughBehavior: i.passthroughBehavior?.toLowerCase(),
    contentHandling: i.contentHandling,
    timeoutInMillis: i.timeoutInMillis,
    cacheNamespace: i.cacheNamespace,
    cacheKeyParameters: i.cacheKeyParameters,
    tlsConfig: i.tlsConfig,
  });
}

function apiExtensions(definition: RestDefinition, oas: boolean): Json {
  const { api } = definition;
  const out: Json = {};
  if (api.binaryMediaTypes?.length) out['x-amazon-apigateway-binary-media-types'] = api.binaryMediaTypes;
  if (api.apiKeySource) out['x-amazon-apigateway-api-key-source'] = api.apiKeySource;
  if (api.policy) out['x-amazon-apigateway-policy'] = JSON.parse(api.policy);
  if (api.minimumCompressionSize !== undefined) out['x-amazon-apigateway-minimum-compression-size'] = api.minimumCompressionSize;
  if (!oas && api.disableExecuteApiEndpoint !== undefined) {
    out['x-amazon-apigateway-endpoint-configuration'] = { disableExecuteApiEndpoint: api.disableExecuteApiEndpoint };
  }
  if (definition.requestValidators.length) {
    out['x-amazon-apigateway-request-validators'] = Object.fromEntries(
      definition.requestValidators.map((v) => [v.name ?? v.id, { validateRequestBody: !!v.validateRequestBody, validateRequestParameters: !!v.validateRequestParameters }]),
    );
  }
  if (definition.gatewayResponses.length) {
    out['x-amazon-apigateway-gateway-responses'] = Object.fromEntries(
      definition.gatewayResponses.map((g) => [
        g.responseType,
        compact({ statusCode: g.statusCode, responseParameters: g.responseParameters, responseTemplates: g.responseTemplates }),
      ]),
    );
  }
  if (oas && api.tags && Object.keys(api.tags).length) {
    out.tags = Object.entries(api.tags).map(([name, value]) => ({ name, 'x-amazon-apigateway-tag-value': value }));
  }
  return out;
}

/** Model URLs in a stored schema → references into the exported document. */
function localRefs(node: unknown, schemaRef: (name: string) => string): unknown {
  if (Array.isArray(node)) return node.map((n) => localRefs(n, schemaRef));
  if (node === null || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node)) {
    const model = key === '$ref' && typeof value === 'string' ? modelNameFromUrl(value) : undefined;
    out[key] = model !== undefined ? schemaRef(model) : localRefs(value, schemaRef);
  }
  return out;
}
