import type { PolicyFactName, PolicyFacts } from './policy-facts';

/**
 * Identity sources, compiled once per authorizer. REST: `method.request.header.X`, `method.request.querystring.x`,
 * `stageVariables.x`, `context.x` (comma-separated). HTTP APIs: `$request.header.X`, `$request.querystring.x`,
 * `$stageVariables.x`, `$context.x`. Header names are case-insensitive, query names case-sensitive; an empty value
 * counts as missing, and a missing source means 401 without invoking the authorizer.
 */
export interface AuthorizerRequest {
  httpMethod: string;
  /** The actual path, e.g. `/pets/42`. */
  path: string;
  /** REST: the resource template (`/pets/{id}`); HTTP: the route key's path. */
  resource: string;
  routeKey?: string;
  rawPath?: string;
  rawQueryString?: string;
  cookies?: string[];
  /** Original header names; repeated headers joined with `,`. */
  headers: Record<string, string>;
  /**
   * Lower-cased header names (Node's `req.headers`). When present, identity sources read headers here, so a caller
   * can build `headers` (for the authorizer's event) lazily, only when the authorizer is actually invoked.
   */
  identityHeaders?: Readonly<Record<string, string | string[] | undefined>>;
  multiValueHeaders?: Record<string, string[]>;
  queryStringParameters: Record<string, string>;
  multiValueQueryStringParameters?: Record<string, string[]>;
  pathParameters: Record<string, string>;
  stageVariables: Record<string, string>;
  /** `$context` variables by name (e.g. `routeKey`, `stage`, `identity.sourceIp`). */
  contextVariables?: Record<string, string | undefined>;
  /** The requestContext the pipeline built for the integration event (v1 or v2 shape). */
  requestContext: Record<string, unknown>;
  /** From buildMethodArn. */
  methodArn: string;
  /**
   * What the gateway knows about the request for the conditions of the authorizer's policy, computing only `needed`.
   * Without it, conditions cannot be evaluated: an Allow with one never grants, a Deny with one always applies.
   */
  policyFacts?(needed: ReadonlySet<PolicyFactName>): PolicyFacts;
}

export type IdentityExtractor = (request: AuthorizerRequest) => string | undefined;

export function compileIdentitySources(sources: readonly string[]): IdentityExtractor[] {
  return sources.map((s) => s.trim()).filter((s) => s.length > 0).map(compileOne);
}

/** REST stores several sources as one comma-separated string. */
export function splitRestIdentitySource(source: string | undefined): string[] {
  return source ? source.split(',').map((s) => s.trim()).filter(Boolean) : [];
}

function compileOne(source: string): IdentityExtractor {
  const s = source.startsWith('$') ? source.slice(1) : source;
  const rules: Array<[string, (name: string) => IdentityExtractor]> = [
    ['method.request.header.', headerOf],
    ['request.header.', headerOf],
    ['method.request.querystring.', (n) => (r) => nonEmpty(r.queryStringParameters[n])],
    ['request.querystring.', (n) => (r) => nonEmpty(r.queryStringParameters[n])],
    ['stageVariables.', (n) => (r) => nonEmpty(r.stageVariables[n])],
    ['context.', (n) => (r) => nonEmpty(r.contextVariables?.[n])],
  ];
  for (const [prefix, make] of rules) {
    if (s.startsWith(prefix) && s.length > prefix.length) return make(s.slice(prefix.length));
  }
  throw new RangeError(`unsupported identity source '${source}'`);
}

function headerOf(name: string): IdentityExtractor {
  const lower = name.toLowerCase();
  return (r) => {
    if (r.identityHeaders !== undefined) {
      const v = r.identityHeaders[lower];
      return nonEmpty(Array.isArray(v) ? v.join(',') : v);
    }
    const exact = r.headers[name];
    if (exact !== undefined) return nonEmpty(exact);
    for (const key in r.headers) if (key.toLowerCase() === lower) return nonEmpty(r.headers[key]);
    return undefined;
  };
}

function nonEmpty(v: string | undefined): string | undefined {
  return v === undefined || v === '' ? undefined : v;
}
