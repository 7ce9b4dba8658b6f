import type { V2AuthorizerDoc, V2Definition, V2IntegrationDoc } from '@app/contracts';
import { ANY_METHOD_KEY } from '../parse/openapi.paths';
import { OpenApiExportError, compact, pathVariables } from '../export/openapi.serialize';

type Json = Record<string, unknown>;

export interface HttpExportOptions {
  /** ExportApi `exportVersion`; only `1.0` exists. */
  exportVersion?: '1.0';
  /** ExportApi `includeExtensions` (AWS default true). */
  includeExtensions?: boolean;
  /** ExportApi `stageName`: sets the server's basePath variable; `$default` (or none) serves at the root. */
  stageName?: string;
  /** Where this API is served by our gateway, without the stage. */
  baseUrl: string;
}

const SIGV4_SCHEME = 'sigv4';

/** ExportApi for HTTP APIs: OpenAPI 3.0 with `x-amazon-apigateway-*` extensions. */
export function exportHttpApi(definition: V2Definition, options: HttpExportOptions): Json {
  if (definition.protocolType !== 'HTTP') throw new OpenApiExportError('ExportApi supports HTTP APIs only');
  if (options.exportVersion !== undefined && options.exportVersion !== '1.0') {
    throw new OpenApiExportError(`Unsupported exportVersion '${String(options.exportVersion)}'; expected 1.0`);
  }
  const withExtensions = options.includeExtensions !== false;
  const { api } = definition;
  const integrations = new Map(definition.integrations.map((i) => [`integrations/${i.integrationId}`, i]));
  const authorizers = new Map(definition.authorizers.map((a) => [a.authorizerId, a]));
  let usesIam = false;

  const paths: Record<string, Json> = {};
  for (const route of definition.routes) {
    const isDefault = route.routeKey === '$default';
    const [method, path] = isDefault ? ['ANY', '/$default'] : splitRouteKey(route.routeKey);
    const op: Json = {};
    if (route.operationName) op.operationId = route.operationName;
    const variables = pathVariables(path);
    if (variables.length) op.parameters = variables.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } }));
    op.responses = { default: { description: `Default response for ${route.routeKey}` } };
    if (route.authorizationType === 'AWS_IAM') {
      usesIam = true;
      op.security = [{ [SIGV4_SCHEME]: [] }];
    } else if (route.authorizerId && authorizers.has(route.authorizerId)) {
      op.security = [{ [authorizers.get(route.authorizerId)!.name]: route.authorizationScopes ?? [] }];
    }
    const integration = route.target ? integrations.get(route.target) : undefined;
    if (withExtensions && integration) op['x-amazon-apigateway-integration'] = exportIntegration(integration);
    if (isDefault) op.isDefaultRoute = true;
    paths[path] ??= {};
    paths[path][method === 'ANY' ? ANY_METHOD_KEY : method.toLowerCase()] = op;
  }

  const securitySchemes: Json = {};
  if (usesIam) securitySchemes[SIGV4_SCHEME] = { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' };
  for (const a of definition.authorizers) securitySchemes[a.name] = exportAuthorizer(a, withExtensions);

  const basePath = !options.stageName || options.stageName === '$default' ? '' : options.stageName;
  const doc: Json = {
    openapi: '3.0.1',
    info: compact({ title: api.name, description: api.description, version: api.version ?? api.createdDate.replace(/\.\d+Z$/, 'Z') }),
    servers: [{ url: `${options.baseUrl.replace(/\/+$/, '')}/{basePath}`, variables: { basePath: { default: basePath } } }],
    paths,
  };
  if (Object.keys(securitySchemes).length) doc.components = { securitySchemes };
  if (withExtensions) {
    if (api.corsConfiguration) doc['x-amazon-apigateway-cors'] = api.corsConfiguration;
    doc['x-amazon-apigateway-importexport-version'] = '1.0';
  }
  return doc;
}

function splitRouteKey(routeKey: string): [string, string] {
  const space = routeKey.indexOf(' ');
  if (space < 0) throw new OpenApiExportError(`Route key '${routeKey}' is not an HTTP route`);
  return [routeKey.slice(0, space), routeKey.slice(space + 1)];
}

function exportIntegration(i: V2IntegrationDoc): Json {
  return compact({
    type: i.integrationType.toLowerCase(),
    httpMethod: i.integrationMethod,
    uri: i.integrationUri,
    integrationSubtype: i.integrationSubtype,
    payloadFormatVersion: i.payloadFormatVersion,
    connectionType: i.connectionType,
    connectionId: i.connectionId,
    credentials: i.credentialsArn,
    description: i.description,
    requestParameters: i.requestParameters,
    responseParameters: i.responseParameters,
    timeoutInMillis: i.timeoutInMillis,
    tlsConfig: i.tlsConfig,
  });
}

function exportAuthorizer(a: V2AuthorizerDoc, withExtensions: boolean): Json {
  const identitySource = a.identitySource?.join(', ');
  if (a.authorizerType === 'JWT') {
    const scheme: Json = { type: 'oauth2', flows: {} };
    if (withExtensions) {
      scheme['x-amazon-apigateway-authorizer'] = compact({ type: 'jwt', jwtConfiguration: a.jwtConfiguration, identitySource });
    }
    return scheme;
  }
  const header = /^\$request\.header\.([^,\s]+)$/.exec(identitySource ?? '')?.[1];
  const scheme: Json = { type: 'apiKey', name: header ?? 'Unused', in: 'header' };
  if (withExtensions) {
    scheme['x-amazon-apigateway-authorizer'] = compact({
      type: 'request',
      identitySource,
      authorizerUri: a.authorizerUri,
      authorizerCredentials: a.authorizerCredentialsArn,
      authorizerPayloadFormatVersion: a.authorizerPayloadFormatVersion,
      authorizerResultTtlInSeconds: a.authorizerResultTtlInSeconds,
      enableSimpleResponses: a.enableSimpleResponses,
    });
  }
  return scheme;
}
