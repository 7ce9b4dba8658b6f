import {
  BodyCache,
  checkName,
  CommonSource,
  compileBodyExpression,
  compileCommonSource,
  lookupHeader,
  lookupMultiHeader,
} from './mapping-source';
import { ParameterMappingError } from './parameter-mapping.errors';

/** The method request as request parameter mappings read it. */
export interface RequestMappingSource extends CommonSource {
  path: Record<string, string>;
  /** Last value of each query string parameter, as AWS's single-valued view has it. */
  querystring: Record<string, string>;
  multivaluequerystring: Record<string, string[]>;
  /** Header names in any case; lookups are case-insensitive. */
  header: Record<string, string>;
  multivalueheader: Record<string, string[]>;
  body: string;
}

/** What the integration request receives. Query string values are lists: a multi-valued source repeats the name. */
export interface IntegrationRequestParameters {
  header: Record<string, string>;
  querystring: Record<string, string[]>;
  path: Record<string, string>;
}

export interface RequestParameterMappingOptions {
  /**
   * The method's `requestParameters` (e.g. `{"method.request.querystring.page": false}`). When given, a mapping
   * from a method request parameter that is not declared there is refused, as AWS does.
   */
  declaredParameters?: Record<string, boolean>;
}

type Reader = (source: RequestMappingSource, cache: BodyCache) => string | string[] | undefined;
const TARGET = /^integration\.request\.(header|querystring|path)\.(.+)$/;
const METHOD_SOURCE = /^method\.request\.(path|querystring|multivaluequerystring|header|multivalueheader)\.(.+)$/;

/**
 * Compiles an integration's `requestParameters` once; the returned function maps one request. A value that is
 * missing from the request leaves its target out, as AWS does.
 */
export function compileRequestParameterMapping(
  mapping: Record<string, string>,
  options: RequestParameterMappingOptions = {},
): (source: RequestMappingSource) => IntegrationRequestParameters {
  const steps: { location: 'header' | 'querystring' | 'path'; name: string; read: Reader }[] = [];
  for (const [key, expression] of Object.entries(mapping)) {
    const target = TARGET.exec(key);
    if (!target) throw new ParameterMappingError(key);
    const location = target[1] as 'header' | 'querystring' | 'path';
    steps.push({ location, name: checkName(target[2], key), read: compileRequestSource(expression, options) });
  }
  return (source) => {
    const result: IntegrationRequestParameters = { header: {}, querystring: {}, path: {} };
    const cache: BodyCache = {};
    for (const step of steps) {
      const value = step.read(source, cache);
      if (value === undefined) continue;
      if (step.location === 'querystring') result.querystring[step.name] = Array.isArray(value) ? value : [value];
      else result[step.location][step.name] = Array.isArray(value) ? value.join(',') : value;
    }
    return result;
  };
}

function compileRequestSource(expression: string, options: RequestParameterMappingOptions): Reader {
  if (typeof expression !== 'string') throw new ParameterMappingError(String(expression));
  const common = compileCommonSource(expression);
  if (common) return common;
  const body = compileBodyExpression(expression, 'method.request.body');
  if (body) return body;
  const match = METHOD_SOURCE.exec(expression);
  if (!match) throw new ParameterMappingError(expression);
  const [, location, rawName] = match;
  const name = checkName(rawName, expression);
  if (options.declaredParameters && !isDeclared(options.declaredParameters, expression, location)) {
    throw new ParameterMappingError(expression, 'parameter');
  }
  switch (location) {
    case 'path':
      return (source) => own(source.path, name);
    case 'querystring':
      return (source) => own(source.querystring, name);
    case 'multivaluequerystring':
      return (source) => {
        const values = own(source.multivaluequerystring, name);
        return values && values.length > 0 ? values : undefined;
      };
    case 'header': {
      const lower = name.toLowerCase();
      return (source) => lookupHeader(source.header, lower);
    }
    default: {
      const lower = name.toLowerCase();
      return (source) => {
        const values = lookupMultiHeader(source.multivalueheader, lower);
        return values && values.length > 0 ? values.join(',') : undefined;
      };
    }
  }
}

function isDeclared(declared: Record<string, boolean>, expression: string, location: string): boolean {
  if (Object.prototype.hasOwnProperty.call(declared, expression)) return true;
  if (location !== 'header' && location !== 'multivalueheader') return false;
  const lower = expression.toLowerCase();
  return Object.keys(declared).some((key) => key.toLowerCase() === lower);
}

function own<T>(map: Record<string, T>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
}
