import { ImportWarnings, OpenApiImportError, jp } from './openapi.errors';
import { RefResolver, isObject } from './openapi.refs';

type Json = Record<string, unknown>;

export const ANY_METHOD_KEY = 'x-amazon-apigateway-any-method';
const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'options', 'head', 'patch']);
/** Path item members that are not operations. */
const PATH_ITEM_FIELDS = new Set(['parameters', 'summary', 'description', 'servers', '$ref']);

const LITERAL_SEGMENT = /^[A-Za-z0-9._~:@!$&'()*,;=-]+$/;
const VARIABLE_SEGMENT = /^\{([A-Za-z0-9._-]+)(\+)?\}$/;

export interface OperationRef {
  /** Path template as written, after basePath handling, e.g. `/pets/{petId}`; `$default` for HTTP's default route. */
  path: string;
  /** Upper case, `ANY` for x-amazon-apigateway-any-method. */
  method: string;
  op: Json;
  /** Parameters of the path item and the operation, dereferenced, the operation's winning. */
  parameters: ParameterRef[];
  at: string;
}

export interface ParameterRef {
  name: string;
  in: string;
  required: boolean;
  param: Json;
  at: string;
}

export type BasePathMode = 'ignore' | 'prepend' | 'split';

/**
 * Walks `paths`, refusing what AWS refuses (bad templates, unknown methods, duplicate operationIds, sibling
 * variables with different names) and returns every operation with its parameters.
 */
export function collectOperations(
  doc: Json,
  refs: RefResolver,
  warnings: ImportWarnings,
  options: { basePath: string; basePathMode: BasePathMode; allowDefaultRoute: boolean },
): OperationRef[] {
  if (!isObject(doc.paths)) throw new OpenApiImportError("The document has no 'paths' object", '$.paths');
  const prefix = basePathPrefix(options.basePath, options.basePathMode);
  const operations: OperationRef[] = [];
  const operationIds = new Map<string, string>();
  const seenPaths = new Set<string>();
  /** Parent path → the name of its one variable child. */
  const variableChildren = new Map<string, string>();

  for (const [rawPath, rawItem] of Object.entries(doc.paths)) {
    const itemAt = jp('$.paths', rawPath);
    if (rawPath.startsWith('x-')) continue;
    const isDefault = options.allowDefaultRoute && (rawPath === '/$default' || rawPath === '$default');
    if (!isDefault) validatePathTemplate(rawPath, itemAt);
    const item = refs.deref(rawItem, itemAt);
    if (!isObject(item)) throw new OpenApiImportError('A path item must be an object', itemAt);
    const path = isDefault ? '$default' : joinPath(prefix, rawPath);
    if (seenPaths.has(path)) throw new OpenApiImportError(`Duplicate path '${path}'`, itemAt);
    seenPaths.add(path);
    if (!isDefault) checkVariableSiblings(path, variableChildren, itemAt);

    const shared = Array.isArray(item.parameters) ? item.parameters : [];
    for (const [key, rawOp] of Object.entries(item)) {
      if (PATH_ITEM_FIELDS.has(key) || (key.startsWith('x-') && key !== ANY_METHOD_KEY)) continue;
      const opAt = jp(itemAt, key);
      if (key !== ANY_METHOD_KEY && !HTTP_METHODS.has(key)) {
        throw new OpenApiImportError(`Unknown HTTP method '${key}'`, opAt);
      }
      if (!isObject(rawOp)) throw new OpenApiImportError('An operation must be an object', opAt);
      if (rawOp.operationId !== undefined) {
        const id = String(rawOp.operationId);
        const first = operationIds.get(id);
        if (first) throw new OpenApiImportError(`Duplicate operationId '${id}', already used at ${first}`, jp(opAt, 'operationId'));
        operationIds.set(id, opAt);
      }
      const method = key === ANY_METHOD_KEY ? 'ANY' : key.toUpperCase();
      const parameters = mergeParameters(refs, shared, itemAt, rawOp.parameters, opAt);
      if (!isDefault) checkPathParameters(path, rawPath, parameters);
      operations.push({ path, method, op: rawOp, parameters, at: opAt });
    }
  }
  return operations;
}

/** AWS allows one variable child per resource: `/pets/{id}` and `/pets/{petId}/toys` cannot coexist. */
function checkVariableSiblings(path: string, variableChildren: Map<string, string>, at: string): void {
  const segments = path.split('/').slice(1);
  let parent = '';
  for (const segment of segments) {
    if (segment.startsWith('{')) {
      const existing = variableChildren.get(parent || '/');
      if (existing !== undefined && existing !== segment) {
        throw new OpenApiImportError(
          `A sibling (${existing}) of resource '${parent}/${segment}' already has a variable path part -- only one is allowed`,
          at,
        );
      }
      variableChildren.set(parent || '/', segment);
    }
    parent += `/${segment}`;
  }
}

function validatePathTemplate(path: string, at: string): void {
  if (!path.startsWith('/')) throw new OpenApiImportError(`Path '${path}' must start with '/'`, at);
  if (path === '/') return;
  const segments = path.slice(1).split('/');
  const names = new Set<string>();
  segments.forEach((segment, i) => {
    if (segment === '') throw new OpenApiImportError(`Path '${path}' has an empty segment`, at);
    const variable = VARIABLE_SEGMENT.exec(segment);
    if (variable) {
      if (variable[2] && i !== segments.length - 1) {
        throw new OpenApiImportError(`Greedy path variable '${segment}' must be the last segment of '${path}'`, at);
      }
      if (names.has(variable[1])) throw new OpenApiImportError(`Path '${path}' declares variable '${variable[1]}' twice`, at);
      names.add(variable[1]);
      return;
    }
    if (segment.includes('{') || segment.includes('}')) {
      throw new OpenApiImportError(
        `Invalid path variable '${segment}' in '${path}': a variable is a whole segment named with letters, digits, '.', '_' or '-'`,
        at,
      );
    }
    if (!LITERAL_SEGMENT.test(segment)) throw new OpenApiImportError(`Invalid characters in path segment '${segment}'`, at);
  });
}

function checkPathParameters(path: string, rawPath: string, parameters: ParameterRef[]): void {
  // A greedy variable may be declared by its bare name or with its `+` (`proxy+`), as AWS's own exports write it.
  const declared = new Set([...rawPath.matchAll(/\{([^}]+)\}/g)].flatMap((m) => (m[1].endsWith('+') ? [m[1], m[1].slice(0, -1)] : [m[1]])));
  for (const p of parameters) {
    if (p.in === 'path' && !declared.has(p.name)) {
      throw new OpenApiImportError(`Path parameter '${p.name}' does not appear in path '${path}'`, p.at);
    }
  }
}

function mergeParameters(refs: RefResolver, shared: unknown[], sharedAt: string, own: unknown, opAt: string): ParameterRef[] {
  const byKey = new Map<string, ParameterRef>();
  const read = (list: unknown[], at: string, overriding: boolean): void => {
    const seen = new Set<string>();
    list.forEach((raw, i) => {
      const pAt = jp(jp(at, 'parameters'), i);
      const param = refs.deref(raw, pAt);
      if (!isObject(param)) throw new OpenApiImportError('A parameter must be an object', pAt);
      if (typeof param.name !== 'string' || param.name === '') throw new OpenApiImportError("A parameter needs a 'name'", pAt);
      const where = String(param.in);
      if (!['path', 'query', 'header', 'cookie', 'body', 'formData'].includes(where)) {
        throw new OpenApiImportError(`Parameter '${param.name}' has invalid location '${where}'`, jp(pAt, 'in'));
      }
      const key = `${where}:${param.name}`;
      if (seen.has(key)) throw new OpenApiImportError(`Duplicate parameter '${param.name}' in ${where}`, pAt);
      seen.add(key);
      if (overriding || !byKey.has(key)) {
        byKey.set(key, { name: param.name, in: where, required: where === 'path' || param.required === true, param, at: pAt });
      }
    });
  };
  read(shared, sharedAt, false);
  if (own !== undefined) {
    if (!Array.isArray(own)) throw new OpenApiImportError("'parameters' must be an array", jp(opAt, 'parameters'));
    read(own, opAt, true);
  }
  return [...byKey.values()];
}

/** The path prefix `basepath=prepend|split` adds (`split` drops the first segment, as AWS does). */
function basePathPrefix(basePath: string, mode: BasePathMode): string {
  const trimmed = basePath.replace(/\/+$/, '');
  if (mode === 'ignore' || trimmed === '' || trimmed === '/') return '';
  const normalized = trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
  if (mode === 'prepend') return normalized;
  const rest = normalized.split('/').slice(2);
  return rest.length > 0 ? `/${rest.join('/')}` : '';
}

function joinPath(prefix: string, path: string): string {
  if (!prefix) return path;
  return path === '/' ? prefix : prefix + path;
}

/** basePath of a Swagger 2 document, or the path of an OpenAPI 3 document's first server URL. */
export function documentBasePath(doc: Json): string {
  if (typeof doc.basePath === 'string') return doc.basePath;
  const server = Array.isArray(doc.servers) && isObject(doc.servers[0]) ? doc.servers[0] : undefined;
  if (!server || typeof server.url !== 'string') return '';
  const vars = isObject(server.variables) ? server.variables : {};
  const url = server.url.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const v = vars[name];
    return isObject(v) && v.default !== undefined ? String(v.default) : '';
  });
  const path = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '');
  return path.startsWith('/') ? path : '';
}
