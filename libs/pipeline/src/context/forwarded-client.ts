import type { RequestContext } from './request-context';
import type { TrustedProxies } from './trusted-proxies';

/**
 * Believes a trusted peer about the client: its address from X-Forwarded-For, the scheme it used from
 * X-Forwarded-Proto and the port from X-Forwarded-Port. Called only when the TCP peer is a trusted proxy; values
 * that are not an address, `http`/`https` or a port are ignored (the connection's own then stand).
 */
export function adoptForwardedClient(ctx: RequestContext, trusted: TrustedProxies): void {
  const headers = ctx.req.headers;
  ctx.sourceIp = trusted.clientAddress(single(headers['x-forwarded-for']), ctx.peerIp);
  const proto = forwardedScheme(single(headers['x-forwarded-proto']));
  const port = forwardedPortNumber(single(headers['x-forwarded-port']));
  if (proto !== null) ctx.proxiedProto = proto;
  if (port !== null) ctx.proxiedPort = port;
  // A scheme without a port: the client used the scheme's default port; this node's listener port means nothing to it.
  else if (proto !== null) ctx.proxiedPort = proto === 'https' ? '443' : '80';
}

/**
 * The first entry of X-Forwarded-Proto (a proxy that appends instead of replacing puts the client's scheme first),
 * as `http` or `https`; null for anything else.
 */
export function forwardedScheme(value: string | undefined): 'http' | 'https' | null {
  const first = firstEntry(value);
  if (first === null) return null;
  const lower = first.toLowerCase();
  return lower === 'https' ? 'https' : lower === 'http' ? 'http' : null;
}

/** The first entry of X-Forwarded-Port when it is a port (1–65535), without leading zeros; else null. */
export function forwardedPortNumber(value: string | undefined): string | null {
  const first = firstEntry(value);
  if (first === null || !/^\d{1,5}$/.test(first)) return null;
  const port = Number(first);
  return port >= 1 && port <= 65535 ? String(port) : null;
}

function firstEntry(value: string | undefined): string | null {
  if (value === undefined) return null;
  const comma = value.indexOf(',');
  const first = (comma < 0 ? value : value.slice(0, comma)).trim();
  return first === '' ? null : first;
}

/** Node joins repeated X-Forwarded-* lines with ', '; the array form only appears in hand-made requests. */
function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value.join(', ') : value;
}
