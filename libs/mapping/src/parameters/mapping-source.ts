import { compileJsonPath, JsonPathError } from '../jsonpath/json-path';
import { ParameterMappingError } from './parameter-mapping.errors';

/** Reads one value out of a request or response; undefined when there is nothing to map. */
export type SourceReader<S> = (source: S, cache: BodyCache) => string | undefined;

/** The body parsed at most once per request, however many mappings read it. */
export interface BodyCache {
  parsed?: unknown;
  failed?: boolean;
}

/** `stageVariables.X`, `context.a.b`, `'literal'`: the sources request and response mappings share. */
export interface CommonSource {
  context: Record<string, unknown>;
  stageVariables: Record<string, string>;
}

const NAME = /^[A-Za-z0-9._$~!#%&*+^`|'-]+$/;

export function compileCommonSource(expression: string): SourceReader<CommonSource> | undefined {
  if (expression.length >= 2 && expression.startsWith("'") && expression.endsWith("'")) {
    const literal = expression.slice(1, -1);
    return () => literal;
  }
  if (expression.startsWith('stageVariables.')) {
    const name = expression.slice('stageVariables.'.length);
    if (!/^[A-Za-z0-9_]+$/.test(name)) throw new ParameterMappingError(expression);
    return (source) => {
      const value = source.stageVariables[name];
      return typeof value === 'string' && Object.prototype.hasOwnProperty.call(source.stageVariables, name) ? value : undefined;
    };
  }
  if (expression.startsWith('context.')) {
    const path = expression.slice('context.'.length).split('.');
    if (path.some((part) => !/^[A-Za-z0-9_-]+$/.test(part))) throw new ParameterMappingError(expression);
    return (source) => stringify(walk(source.context, path));
  }
  return undefined;
}

/** Checks a header / query string / path parameter name the way AWS validates mapping keys. */
export function checkName(name: string, offending: string): string {
  if (!NAME.test(name)) throw new ParameterMappingError(offending);
  return name;
}

/**
 * `{prefix}` (the whole body) and `{prefix}.a.b[0]` (a JSONPath into it), for `method.request.body` and
 * `integration.response.body`; undefined when the expression is neither.
 */
export function compileBodyExpression(expression: string, prefix: string): SourceReader<{ body: string }> | undefined {
  if (expression === prefix) return (source) => source.body;
  if (!expression.startsWith(`${prefix}.`)) return undefined;
  const read = compileBodySource(expression.slice(prefix.length + 1), expression);
  return (source, cache) => read(source.body, cache);
}

/** `…body.a.b[0]`: a JSONPath without its `$.`; strings map as they are, anything else as JSON text. */
export function compileBodySource(rest: string, offending: string): (body: string, cache: BodyCache) => string | undefined {
  if (rest === '' || rest.startsWith('.') || rest.startsWith('$')) throw new ParameterMappingError(offending);
  let path;
  try {
    path = compileJsonPath('$.' + rest);
  } catch (err) {
    if (err instanceof JsonPathError) throw new ParameterMappingError(offending);
    throw err;
  }
  return (body, cache) => {
    if (cache.failed) return undefined;
    if (cache.parsed === undefined) {
      try {
        cache.parsed = JSON.parse(body);
      } catch {
        cache.failed = true;
        return undefined;
      }
    }
    const value = path.evaluate(cache.parsed);
    return typeof value === 'string' ? value : value === undefined ? undefined : JSON.stringify(value);
  };
}

function walk(root: unknown, path: string[]): unknown {
  let value = root;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !Object.prototype.hasOwnProperty.call(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function stringify(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value);
}

export function lookupHeader(headers: Record<string, string>, lowerName: string): string | undefined {
  if (Object.prototype.hasOwnProperty.call(headers, lowerName)) return headers[lowerName];
  for (const name of Object.keys(headers)) if (name.toLowerCase() === lowerName) return headers[name];
  return undefined;
}

export function lookupMultiHeader(headers: Record<string, string[]>, lowerName: string): string[] | undefined {
  if (Object.prototype.hasOwnProperty.call(headers, lowerName)) return headers[lowerName];
  for (const name of Object.keys(headers)) if (name.toLowerCase() === lowerName) return headers[name];
  return undefined;
}
