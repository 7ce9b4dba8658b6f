import { newResourceId } from '@app/contracts';
import type { CorsConfiguration, V2ApiDoc, V2AuthorizerDoc, V2IntegrationDoc, V2ModelDoc, V2RouteDoc } from '@app/contracts';
import { ImportWarnings, OpenApiImportError, jp } from '../parse/openapi.errors';
import { OpenApiInput, parseOpenApi } from '../parse/openapi.parse';
import { BasePathMode, collectOperations, documentBasePath } from '../parse/openapi.paths';
import { RefResolver, isObject } from '../parse/openapi.refs';
import { HttpSecurity } from './http-auth.import';
import { importHttpIntegration } from './http-integration.import';

type Json = Record<string, unknown>;

export interface HttpImportOptions {
  /** ImportApi / ReimportApi `basepath`; AWS's default is `ignore`. */
  basePath?: BasePathMode;
  /** ImportApi / ReimportApi `failOnWarnings`. */
  failOnWarnings?: boolean;
}

export interface HttpImportResult {
  api: Partial<V2ApiDoc>;
  routes: V2RouteDoc[];
  integrations: V2IntegrationDoc[];
  authorizers: V2AuthorizerDoc[];
  /** Always empty: HTTP APIs have no models (AWS ignores schemas and reports it in importInfo). */
  models: V2ModelDoc[];
  warnings: string[];
  /** Valid OpenAPI that HTTP APIs do not use (request bodies, schemas): AWS's "info" category. */
  importInfo: string[];
}

const KNOWN_API_EXTENSIONS = new Set([
  'x-amazon-apigateway-cors', 'x-amazon-apigateway-importexport-version', 'x-amazon-apigateway-endpoint-configuration',
  'x-amazon-apigateway-tag-value',
]);
const KNOWN_ROUTE_EXTENSIONS = new Set(['x-amazon-apigateway-integration']);
const CORS_FIELDS = new Set(['allowOrigins', 'allowCredentials', 'exposeHeaders', 'maxAge', 'allowMethods', 'allowHeaders']);

/** ImportApi / ReimportApi for HTTP APIs: an OpenAPI 3.0 document → routes, integrations and authorizers. */
export function importHttpApi(input: OpenApiInput, options: HttpImportOptions = {}): HttpImportResult {
  const { dialect, doc } = parseOpenApi(input);
  if (dialect !== 'oas30') throw new OpenApiImportError('HTTP APIs support only OpenAPI 3.0 definitions', '$.swagger');
  const refs = new RefResolver(doc);
  refs.checkAll(doc, '$');
  const warnings = new ImportWarnings();
  const importInfo: string[] = [];

  const api = importApiSettings(doc, warnings);
  const security = new HttpSecurity(doc, warnings);
  const operations = collectOperations(doc, refs, warnings, {
    basePath: documentBasePath(doc),
    basePathMode: options.basePath ?? 'ignore',
    allowDefaultRoute: true,
  });

  const integrations: V2IntegrationDoc[] = [];
  const shared = new Map<string, V2IntegrationDoc | undefined>();
  const routes = operations.map(({ path, method, op, at }): V2RouteDoc => {
    if (path === '$default' && method !== 'ANY') {
      throw new OpenApiImportError('The $default route takes x-amazon-apigateway-any-method only', at);
    }
    for (const key of Object.keys(op)) {
      if (key.startsWith('x-amazon-apigateway-') && !KNOWN_ROUTE_EXTENSIONS.has(key)) {
        warnings.add(`Unsupported extension '${key}'; ignored`, jp(at, key));
      }
    }
    if (op.requestBody !== undefined) importInfo.push(`HTTP APIs do not validate request bodies; requestBody ignored (at ${jp(at, 'requestBody')})`);
    const auth = security.routeAuth(op, at);
    const route: V2RouteDoc = {
      routeId: newResourceId(7),
      routeKey: path === '$default' ? '$default' : `${method} ${path}`,
      authorizationType: auth.authorizationType,
      apiKeyRequired: false,
    };
    if (auth.authorizerId) route.authorizerId = auth.authorizerId;
    if (auth.authorizationScopes) route.authorizationScopes = auth.authorizationScopes;
    if (typeof op.operationId === 'string') route.operationName = op.operationId;

    const raw = op['x-amazon-apigateway-integration'];
    if (raw !== undefined) {
      const iAt = jp(at, 'x-amazon-apigateway-integration');
      // Routes that reference one integration in components share it, as AWS's importer does.
      const ref = isObject(raw) && typeof raw.$ref === 'string' ? raw.$ref : undefined;
      let integration = ref !== undefined ? shared.get(ref) : undefined;
      if (ref === undefined || !shared.has(ref)) {
        integration = importHttpIntegration(refs.deref(raw, iAt), ref ?? iAt, warnings);
        if (integration) integrations.push(integration);
        if (ref !== undefined) shared.set(ref, integration);
      }
      if (integration) route.target = `integrations/${integration.integrationId}`;
    }
    return route;
  });

  if (isObject(doc.components) && isObject(doc.components.schemas) && Object.keys(doc.components.schemas).length > 0) {
    importInfo.push('HTTP APIs do not use models; components.schemas ignored (at $.components.schemas)');
  }
  warnings.enforce(options.failOnWarnings);
  return {
    api: {
      ...api,
      ...(warnings.list.length ? { warnings: warnings.list } : {}),
      ...(importInfo.length ? { importInfo } : {}),
    },
    routes,
    integrations,
    authorizers: security.authorizers,
    models: [],
    warnings: warnings.list,
    importInfo,
  };
}

function importApiSettings(doc: Json, warnings: ImportWarnings): Partial<V2ApiDoc> {
  const info = doc.info;
  if (!isObject(info)) throw new OpenApiImportError("The document has no 'info' object", '$.info');
  if (typeof info.title !== 'string' || info.title.trim() === '') {
    throw new OpenApiImportError("'info.title' is required: it becomes the API name", '$.info.title');
  }
  const version = doc['x-amazon-apigateway-importexport-version'];
  if (version !== undefined && String(typeof version === 'number' ? version.toFixed(1) : version) !== '1.0') {
    throw new OpenApiImportError(`Unsupported x-amazon-apigateway-importexport-version '${String(version)}'; expected 1.0`, "$['x-amazon-apigateway-importexport-version']");
  }
  const api: Partial<V2ApiDoc> = {
    name: info.title,
    protocolType: 'HTTP',
    routeSelectionExpression: '$request.method $request.path',
  };
  if (typeof info.description === 'string') api.description = info.description;
  if (info.version !== undefined) api.version = String(info.version);
  for (const key of Object.keys(doc)) {
    if (key.startsWith('x-amazon-apigateway-') && !KNOWN_API_EXTENSIONS.has(key)) {
      warnings.add(`Unsupported extension '${key}' for HTTP APIs; ignored`, jp('$', key));
    }
  }
  if (doc['x-amazon-apigateway-cors'] !== undefined) api.corsConfiguration = importCors(doc['x-amazon-apigateway-cors'], warnings);
  const server = Array.isArray(doc.servers) && isObject(doc.servers[0]) ? doc.servers[0] : undefined;
  const endpoint = doc['x-amazon-apigateway-endpoint-configuration'] ?? server?.['x-amazon-apigateway-endpoint-configuration'];
  if (isObject(endpoint) && endpoint.disableExecuteApiEndpoint !== undefined) {
    api.disableExecuteApiEndpoint = endpoint.disableExecuteApiEndpoint === true;
  }
  return api;
}

function importCors(raw: unknown, warnings: ImportWarnings): CorsConfiguration {
  const at = "$['x-amazon-apigateway-cors']";
  if (!isObject(raw)) throw new OpenApiImportError('x-amazon-apigateway-cors must be an object', at);
  const cors: CorsConfiguration = {};
  for (const [key, value] of Object.entries(raw)) {
    const fAt = jp(at, key);
    if (!CORS_FIELDS.has(key)) {
      warnings.add(`Unknown CORS setting '${key}'; ignored`, fAt);
      continue;
    }
    if (key === 'allowCredentials') {
      if (typeof value !== 'boolean') throw new OpenApiImportError('allowCredentials must be a boolean', fAt);
      cors.allowCredentials = value;
    } else if (key === 'maxAge') {
      if (!Number.isInteger(value) || (value as number) < -1 || (value as number) > 86400) {
        throw new OpenApiImportError('maxAge must be an integer between -1 and 86400', fAt);
      }
      cors.maxAge = value as number;
    } else {
      if (!Array.isArray(value) || value.some((v) => typeof v !== 'string')) {
        throw new OpenApiImportError(`${key} must be an array of strings`, fAt);
      }
      (cors as Record<string, string[]>)[key] = value as string[];
    }
  }
  if (cors.allowCredentials && cors.allowOrigins?.includes('*')) {
    throw new OpenApiImportError("allowCredentials cannot be true when allowOrigins contains '*'", at);
  }
  return cors;
}
