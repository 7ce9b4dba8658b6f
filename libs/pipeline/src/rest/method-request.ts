import type { MappingParams, RequestMappingSource } from '@app/mapping';
import type { RequestContext } from '../context/request-context';
import { parseQuery } from '../integrations/request-view';
import { headerViews } from './header-views';

const NO_VARIABLES: Record<string, string> = Object.freeze({}) as Record<string, string>;

/**
 * The method request as REST mappings read it: `$input.params()` for templates and the `method.request.*` view for
 * parameter mappings. Built at most once per request, and only by routes that map something.
 */
export interface MethodRequest {
  readonly params: MappingParams;
  readonly source: RequestMappingSource;
}

export function readMethodRequest(ctx: RequestContext, bodyText: string): MethodRequest {
  // No prototypes: a header or query parameter named `constructor` or `__proto__` is just a name (VTL reads
  // null-prototype maps like plain ones).
  const { headers: header, multivalueheader } = headerViews(ctx.req.rawHeaders);
  const querystring: Record<string, string> = Object.create(null);
  const multivaluequerystring: Record<string, string[]> = Object.create(null);
  for (const [k, v] of parseQuery(ctx.rawQuery)) {
    // AWS's single-valued view keeps the last value of a repeated parameter.
    querystring[k] = v;
    (multivaluequerystring[k] ??= []).push(v);
  }
  const path = ctx.pathParameters ?? {};
  return {
    params: { path, querystring, header },
    source: {
      path,
      querystring,
      multivaluequerystring,
      header,
      multivalueheader,
      body: bodyText,
      context: ctx.contextVariables(),
      stageVariables: stageVariablesOf(ctx),
    },
  };
}

export function stageVariablesOf(ctx: RequestContext): Record<string, string> {
  return (ctx.stage.stageVariables as Record<string, string> | null) ?? NO_VARIABLES;
}

/** The first media type of a header (`Accept: image/webp, image/*` → `image/webp`), lower-cased; '' when absent. */
export function firstMediaType(value: string | undefined): string {
  if (!value) return '';
  let end = value.length;
  const comma = value.indexOf(',');
  if (comma >= 0) end = comma;
  const semi = value.indexOf(';');
  if (semi >= 0 && semi < end) end = semi;
  return value.slice(0, end).trim().toLowerCase();
}
