import type { RequestContext } from '../context/request-context';
import { percentDecode } from '../routing/percent-decode';

/** Parsed query string: names and values percent-decoded, in arrival order, repeats kept. */
export function parseQuery(raw: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  if (raw === '') return out;
  let start = 0;
  while (start <= raw.length) {
    let end = raw.indexOf('&', start);
    if (end < 0) end = raw.length;
    if (end > start) {
      const eq = raw.indexOf('=', start);
      if (eq < 0 || eq > end) out.push([percentDecode(raw.slice(start, end)), '']);
      else out.push([percentDecode(raw.slice(start, eq)), percentDecode(raw.slice(eq + 1, end))]);
    }
    start = end + 1;
  }
  return out;
}

/**
 * The headers API Gateway adds before an integration sees the request. `X-Forwarded-For`: the address the request
 * came from appended to the list it arrived with — the client's own address when it talks to this node directly;
 * behind a trusted proxy the proxy's, after the client's that the proxy appended (as an edge-optimized API's backend
 * sees `client, CloudFront`). `X-Forwarded-Port` and `X-Forwarded-Proto`: what the client connected to.
 */
export function forwardedFor(ctx: RequestContext): string {
  const prior = ctx.req.headers['x-forwarded-for'];
  return prior ? `${prior}, ${ctx.peerIp}` : ctx.peerIp;
}

export function forwardedPort(ctx: RequestContext): string {
  return ctx.clientPort;
}

export function forwardedProto(ctx: RequestContext): string {
  return ctx.clientProto;
}

/** Lower-case names whose headers API Gateway sets itself in the integration request. */
export const FORWARDED_HEADERS = new Set(['x-forwarded-for', 'x-forwarded-port', 'x-forwarded-proto']);

const TEXT_TYPE = /^(text\/|application\/(json|javascript|ecmascript|xml|x-yaml|yaml|graphql)\b|application\/[^;]*\+(json|xml)\b)/i;

/** HTTP APIs pass text bodies as they are and base64-encode everything else, including bodies without a type. */
export function isTextContentType(contentType: string | undefined): boolean {
  return contentType !== undefined && TEXT_TYPE.test(contentType);
}

/**
 * REST `binaryMediaTypes` compiled once: exact types, `type/*` wildcards and `*\/*`. A request whose
 * Content-Type matches is base64-encoded for Lambda proxy integrations.
 */
export function compileBinaryMediaTypes(types: readonly string[] | undefined): (contentType: string | undefined) => boolean {
  if (!types || types.length === 0) return () => false;
  const exact = new Set<string>();
  const prefixes: string[] = [];
  let all = false;
  for (const raw of types) {
    const t = raw.replace(/~1/g, '/').trim().toLowerCase();
    if (t === '*/*') all = true;
    else if (t.endsWith('/*')) prefixes.push(t.slice(0, -1));
    else exact.add(t);
  }
  return (contentType) => {
    if (contentType === undefined) return false;
    if (all) return true;
    const semi = contentType.indexOf(';');
    const type = (semi < 0 ? contentType : contentType.slice(0, semi)).trim().toLowerCase();
    if (exact.has(type)) return true;
    for (const p of prefixes) if (type.startsWith(p)) return true;
    return false;
  };
}
