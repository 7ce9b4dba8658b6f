import type { InboundRequest } from '../inbound/inbound-request';

/** Path prefix for clients that cannot set a Host header: `/_aws/execute-api/{apiId}/{stage}/path...`. */
export const handledPathPrefix = '/_aws/execute-api/';

const EXECUTE_API_HOST = /^([a-z0-9]+)\.execute-api\./i;

export interface GatewayAddress {
  apiId: string;
  /** Path under the API (stage segment still included), starting with `/`. */
  path: string;
  /** Query string without `?`, '' when none. */
  query: string;
  /** `$context.domainName` / `domainPrefix`. */
  domainName: string;
  domainPrefix: string;
}

/** Is this request for the data plane (execute-api host or the path-based prefix)? Everything else goes to Nest. */
export function isGatewayRequest(req: Pick<InboundRequest, 'url' | 'headers'>): boolean {
  // The path form first: the common case in local use, and no regular expression.
  if (req.url !== undefined && req.url.startsWith(handledPathPrefix)) return true;
  const host = req.headers.host;
  return host !== undefined && EXECUTE_API_HOST.test(host);
}

/** Reads the API id and path from `Host: {apiId}.execute-api.<anything>` or the path-based form; null otherwise. */
export function parseGatewayAddress(req: InboundRequest): GatewayAddress | null {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const pathname = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? '' : url.slice(q + 1);
  const hostHeader = req.headers.host ?? '';
  const colon = hostHeader.lastIndexOf(':');
  const host = colon > hostHeader.lastIndexOf(']') ? hostHeader.slice(0, colon) : hostHeader;
  if (pathname.startsWith(handledPathPrefix)) {
    const rest = pathname.slice(handledPathPrefix.length);
    const slash = rest.indexOf('/');
    const apiId = slash < 0 ? rest : rest.slice(0, slash);
    if (apiId === '') return null;
    const dot = host.indexOf('.');
    return { apiId, path: slash < 0 ? '/' : rest.slice(slash), query, domainName: host, domainPrefix: dot < 0 ? host : host.slice(0, dot) };
  }
  const m = EXECUTE_API_HOST.exec(host);
  if (!m) return null;
  return { apiId: m[1].toLowerCase(), path: pathname === '' ? '/' : pathname, query, domainName: host, domainPrefix: m[1] };
}
