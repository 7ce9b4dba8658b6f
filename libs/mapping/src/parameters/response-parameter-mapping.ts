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

/** The integration response as response parameter mappings read it. */
export interface ResponseMappingSource extends CommonSource {
  /** Header names in any case; lookups are case-insensitive. */
  header: Record<string, string>;
  multivalueheader: Record<string, string[]>;
  body: string;
}

type Reader = (source: ResponseMappingSource, cache: BodyCache) => string | undefined;
const TARGET = /^method\.response\.header\.(.+)$/;
const INTEGRATION_SOURCE = /^integration\.response\.(header|multivalueheader)\.(.+)$/;

/**
 * Compiles an integration response's `responseParameters` once; the returned function yields the method response
 * headers for one response (name → value). Sources that are absent leave their header out.
 */
export function compileResponseParameterMapping(
  mapping: Record<string, string>,
): (source: ResponseMappingSource) => Record<string, string> {
  const steps: { name: string; read: Reader }[] = [];
  for (const [key, expression] of Object.entries(mapping)) {
    const target = TARGET.exec(key);
    if (!target) throw new ParameterMappingError(key);
    steps.push({ name: checkName(target[1], key), read: compileResponseSource(expression) });
  }
  return (source) => {
    const headers: Record<string, string> = {};
    const cache: BodyCache = {};
    for (const step of steps) {
      const value = step.read(source, cache);
      if (value !== undefined) headers[step.name] = value;
    }
    return headers;
  };
}

function compileResponseSource(expression: string): Reader {
  if (typeof expression !== 'string') throw new ParameterMappingError(String(expression));
  const common = compileCommonSource(expression);
  if (common) return common;
  const body = compileBodyExpression(expression, 'integration.response.body');
  if (body) return body;
  const match = INTEGRATION_SOURCE.exec(expression);
  if (!match) throw new ParameterMappingError(expression);
  const lower = checkName(match[2], expression).toLowerCase();
  if (match[1] === 'header') return (source) => lookupHeader(source.header, lower);
  return (source) => {
    const values = lookupMultiHeader(source.multivalueheader, lower);
    return values && values.length > 0 ? values.join(',') : undefined;
  };
}
