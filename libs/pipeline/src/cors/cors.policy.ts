import type { CorsConfiguration } from '@app/contracts';
import type { RequestContext } from '../context/request-context';
import type { GatewayResponse } from '../stages/gateway-response';

/**
 * HTTP API CORS (doc_source/http-api-cors.md), compiled once per stage. With a configuration, API Gateway answers
 * preflight OPTIONS requests itself (even without an OPTIONS route), adds the configured headers to responses for
 * allowed origins, and drops any `Access-Control-*` headers the backend sent.
 */
export class CorsPolicy {
  private readonly anyOrigin: boolean;
  private readonly origins: Set<string>;
  private readonly patterns: RegExp[];
  private readonly credentials: boolean;
  private readonly allowMethods: string | null;
  private readonly allowHeaders: string | null;
  private readonly exposeHeaders: string | null;
  private readonly maxAge: string | null;

  constructor(config: CorsConfiguration) {
    const origins = config.allowOrigins ?? [];
    this.anyOrigin = origins.includes('*');
    this.credentials = config.allowCredentials === true;
    if (this.anyOrigin && this.credentials) {
      throw new Error("corsConfiguration: allowCredentials can't be true when allowOrigins contains '*'");
    }
    this.origins = new Set(origins.filter((o) => !o.includes('*')).map((o) => o.toLowerCase()));
    this.patterns = origins
      .filter((o) => o !== '*' && o.includes('*'))
      .map((o) => new RegExp('^' + o.toLowerCase().split('*').map(escapeRegExp).join('[^]*') + '$'));
    this.allowMethods = joinOrNull(config.allowMethods);
    this.allowHeaders = joinOrNull(config.allowHeaders);
    this.exposeHeaders = joinOrNull(config.exposeHeaders);
    this.maxAge = config.maxAge !== undefined && config.maxAge >= 0 ? String(config.maxAge) : null;
  }

  /** The allowed origin value to send back, or null when the origin is not allowed. */
  allowOrigin(origin: string | undefined): string | null {
    if (!origin) return null;
    if (this.anyOrigin) return '*';
    const lower = origin.toLowerCase();
    if (this.origins.has(lower)) return origin;
    for (const p of this.patterns) if (p.test(lower)) return origin;
    return null;
  }

  /** A preflight is an OPTIONS request with `Origin` and `Access-Control-Request-Method`. */
  isPreflight(ctx: RequestContext): boolean {
    return ctx.method === 'OPTIONS' && ctx.req.headers.origin !== undefined && ctx.req.headers['access-control-request-method'] !== undefined;
  }

  preflight(ctx: RequestContext): GatewayResponse {
    const headers: string[] = [];
    const origin = this.allowOrigin(ctx.req.headers.origin);
    if (origin !== null) {
      headers.push('access-control-allow-origin', origin);
      if (this.credentials) headers.push('access-control-allow-credentials', 'true');
      if (this.allowMethods) headers.push('access-control-allow-methods', this.allowMethods);
      if (this.allowHeaders) headers.push('access-control-allow-headers', this.allowHeaders);
      if (this.exposeHeaders) headers.push('access-control-expose-headers', this.exposeHeaders);
      if (this.maxAge !== null) headers.push('access-control-max-age', this.maxAge);
    }
    return { statusCode: 204, headers, body: null };
  }

  /** Replaces the backend's CORS headers with the configured ones. */
  decorate(ctx: RequestContext, response: GatewayResponse): void {
    const h = response.headers;
    let w = 0;
    for (let r = 0; r < h.length; r += 2) {
      if (h[r].length > 15 && h[r].slice(0, 15).toLowerCase() === 'access-control-') continue;
      h[w++] = h[r];
      h[w++] = h[r + 1];
    }
    h.length = w;
    const origin = this.allowOrigin(ctx.req.headers.origin);
    if (origin === null) return;
    h.push('access-control-allow-origin', origin);
    if (this.credentials) h.push('access-control-allow-credentials', 'true');
    if (this.exposeHeaders) h.push('access-control-expose-headers', this.exposeHeaders);
  }
}

function joinOrNull(list: string[] | undefined): string | null {
  return list && list.length > 0 ? list.join(',') : null;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
