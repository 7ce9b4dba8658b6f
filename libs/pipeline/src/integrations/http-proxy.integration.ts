// From the modules themselves, not the package index, whose re-export getter is a megamorphic lookup per access.
import { AWS_LIMITS } from '@app/contracts/limits';
import { type Deadlined, type DeadlineList, deadlineListFor } from '@app/contracts/deadline-list';
import type { RequestContext } from '../context/request-context';
import type { GatewayResponse } from '../stages/gateway-response';
import type { StageFn } from '../stages/pipeline-stage';
import type { RequestMapping, ProxyRequestParts } from './parameter-mapping';
import { FORWARDED_HEADERS, forwardedFor, forwardedPort, forwardedProto, parseQuery } from './request-view';
import { setHeader } from '../stages/gateway-response';
import type { UpstreamRequest } from './upstream/http1-request.encoder';
import type { UpstreamControl, UpstreamHandler } from './upstream/upstream-connection';
import { UpstreamPool } from './upstream/upstream-pool';

/** Hop-by-hop headers (RFC 9110 §7.6.1) plus `host`, which becomes the integration endpoint's. */
const HOP_BY_HOP = ['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host'];
/** Client headers not forwarded as sent: hop-by-hop ones and those API Gateway sets itself. */
const NOT_FORWARDED = new Set([...HOP_BY_HOP, ...FORWARDED_HEADERS]);
const DROP_FROM_RESPONSE = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'content-length']);

export interface HttpProxyConfig {
  /** Integration URI with stage variables substituted; may contain `{name}` / `{name+}` path placeholders. */
  uri: string;
  /** Integration method; `ANY` forwards the client's method. */
  method: string;
  timeoutMs: number;
  /**
   * REST: placeholder name → method path parameter it is filled from (`integration.request.path.x` ←
   * `method.request.path.y`); a placeholder without mapping takes the path parameter of the same name.
   */
  pathParameterSources?: Record<string, string>;
  /** HTTP API `$default` route: the whole request path is appended to the URI's path. */
  appendRequestPath?: boolean;
  requestMapping?: Pick<RequestMapping, 'apply'> | null;
  /**
   * REST `integration.request.*` parameter mappings, evaluated once per request: `path` values fill the URI
   * placeholders (before the same-name fallback), `header` values replace same-name client headers, `querystring`
   * values replace same-name parameters of the client's query string.
   */
  restParameters?: ((ctx: RequestContext) => MappedRequestParameters) | null;
}

/** What REST request parameter mappings produce (the shape of @app/mapping's IntegrationRequestParameters). */
export interface MappedRequestParameters {
  header: Record<string, string>;
  querystring: Record<string, string[]>;
  path: Record<string, string>;
}

/** Keep-alive pools shared by every route of a compiled stage, one per origin, closed with the stage. */
export class UpstreamPools {
  private readonly pools = new Map<string, UpstreamPool>();

  get(origin: string): UpstreamPool {
    let pool = this.pools.get(origin);
    if (!pool) {
      pool = new UpstreamPool(origin, { maxConnections: 128, keepAliveTimeoutMs: 4_000 });
      this.pools.set(origin, pool);
    }
    return pool;
  }

  /** Waits for in-flight requests, then closes the sockets. */
  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((p) => p.close()));
    this.pools.clear();
  }
}

type PathPart = { literal: string } | { param: string; greedy: boolean };
const PLACEHOLDER = /\{([A-Za-z0-9._-]+)(\+?)\}/g;

function compilePath(pathname: string): PathPart[] {
  const parts: PathPart[] = [];
  let last = 0;
  for (const m of pathname.matchAll(PLACEHOLDER)) {
    if (m.index! > last) parts.push({ literal: pathname.slice(last, m.index) });
    parts.push({ param: m[1], greedy: m[2] === '+' });
    last = m.index! + m[0].length;
  }
  if (last < pathname.length) parts.push({ literal: pathname.slice(last) });
  return parts;
}

const TIMEOUT = new Error('Endpoint request timed out');

/**
 * One upstream request as the upstream client's handler: the response's header lines arrive as a flat list and
 * the body straight from the socket callbacks (no stream, no AbortController). The integration timeout is kept
 * in a DeadlineList; on expiry the exchange aborts its connection through the control the pool handed it.
 */
class UpstreamExchange implements UpstreamHandler, Deadlined {
  readonly promise: Promise<GatewayResponse>;
  readonly started = performance.now();
  deadline = 0;
  prev: Deadlined | null = null;
  next: Deadlined | null = null;
  private control: UpstreamControl | null = null;
  private timedOut = false;
  private resolve!: (response: GatewayResponse) => void;
  private statusCode = 0;
  private headers: string[] = [];
  private body: Buffer | null = null;
  private chunks: Buffer[] | null = null;
  private size = 0;
  private done = false;

  constructor(
    readonly ctx: RequestContext,
    private readonly deadlines: DeadlineList,
  ) {
    this.promise = new Promise((resolve) => (this.resolve = resolve));
    deadlines.add(this, this.started);
  }

  /** Called by the DeadlineList (already unlinked). */
  timeOut(): void {
    this.timedOut = true;
    // On a connection the abort drops it (and fails the exchange through onError); still queued, the exchange is
    // answered here and the pool skips it when its turn comes (onStart).
    this.control?.abort(this, TIMEOUT);
    this.fail('INTEGRATION_TIMEOUT', TIMEOUT.message);
  }

  finish(response: GatewayResponse): void {
    if (this.done) return;
    this.done = true;
    if (!this.timedOut) this.deadlines.remove(this);
    this.resolve(response);
  }

  onStart(control: UpstreamControl): boolean {
    if (this.done) return false;
    this.control = control;
    return true;
  }

  onHead(statusCode: number, headers: string[]): void {
    this.statusCode = statusCode;
    const out = this.headers;
    for (let i = 0; i < headers.length; i += 2) {
      const name = headers[i];
      if (!DROP_FROM_RESPONSE.has(name)) out.push(name, headers[i + 1]);
      else if (name === 'content-length' && Number(headers[i + 1]) > AWS_LIMITS.payloadBytes) return this.tooLarge();
    }
  }

  onBody(chunk: Buffer): void {
    this.size += chunk.length;
    if (this.size > AWS_LIMITS.payloadBytes) return this.tooLarge();
    // Most bodies arrive in one chunk: keep it as is, start a list only for the second one.
    if (this.body === null) this.body = chunk;
    else if (this.chunks === null) this.chunks = [this.body, chunk];
    else this.chunks.push(chunk);
  }

  onComplete(): void {
    if (this.done) return;
    const ctx = this.ctx;
    ctx.integrationLatency = Math.round(performance.now() - this.started);
    ctx.integrationStatus = this.statusCode;
    const body = this.chunks === null ? this.body : Buffer.concat(this.chunks, this.size);
    this.finish({ statusCode: this.statusCode, headers: this.headers, body });
  }

  onError(error: Error): void {
    if (this.done) return;
    if (this.timedOut) this.fail('INTEGRATION_TIMEOUT', TIMEOUT.message);
    else this.fail('INTEGRATION_FAILURE', error.message);
  }

  /** Told by Content-Length up front, or counted as the body arrives (chunked, close-delimited). */
  private tooLarge(): void {
    this.fail('INTEGRATION_FAILURE', 'Integration response exceeds the 10 MB payload limit');
    this.control?.abort(this, new Error('response too large'));
  }

  private fail(type: 'INTEGRATION_TIMEOUT' | 'INTEGRATION_FAILURE', message: string): void {
    if (this.done) return;
    const ctx = this.ctx;
    ctx.integrationErrorMessage = message;
    this.finish(ctx.stage.responses.respond(ctx, type));
  }
}

function encodeGreedy(value: string): string {
  return value.split('/').map(encodeURIComponent).join('/');
}

/**
 * HTTP_PROXY integration (REST and HTTP APIs): forwards method, path, query string, headers and body to the
 * endpoint through a keep-alive upstream pool (./upstream); sets X-Forwarded-For/Port/Proto as API Gateway does. The response is
 * read whole (at most the payload limit) so it goes to the client in one write.
 */
export function createHttpProxyIntegration(config: HttpProxyConfig, pools: UpstreamPools): StageFn {
  const url = new URL(config.uri);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`integration uri '${config.uri}' is not http(s)`);
  const pool = pools.get(url.origin);
  const pathParts = compilePath(decodeURI(url.pathname));
  const staticPath = pathParts.every((p) => 'literal' in p) ? url.pathname : null;
  const baseQuery = url.search.length > 1 ? url.search.slice(1) : '';
  const sources = config.pathParameterSources ?? {};
  const fixedMethod = config.method === 'ANY' ? null : config.method;
  const { timeoutMs, appendRequestPath, requestMapping, restParameters } = config;
  const host = url.host;

  const buildPath = (ctx: RequestContext, mapped: MappedRequestParameters | null): string => {
    let path: string;
    if (staticPath !== null) path = staticPath;
    else {
      path = '';
      for (const part of pathParts) {
        if ('literal' in part) path += part.literal;
        else {
          const value = mapped?.path[part.param] ?? ctx.pathParameters?.[sources[part.param] ?? part.param] ?? '';
          path += part.greedy || value.includes('/') ? encodeGreedy(value) : encodeURIComponent(value);
        }
      }
    }
    if (appendRequestPath) path = path === '/' ? ctx.rawPath : path.replace(/\/$/, '') + ctx.rawPath;
    return path;
  };
  // `$default` routes of HTTP APIs (quick create): the URI's path is fixed, only the request path is appended.
  const appendBase = staticPath !== null && appendRequestPath && !restParameters ? (staticPath === '/' ? '' : staticPath.replace(/\/$/, '')) : null;

  return (ctx: RequestContext): Promise<GatewayResponse> => {
    const headers: string[] = [];
    const raw = ctx.req.rawHeaders;
    for (let i = 0; i < raw.length; i += 2) if (!NOT_FORWARDED.has(raw[i].toLowerCase())) headers.push(raw[i], raw[i + 1]);
    headers.push('host', host, 'x-forwarded-for', forwardedFor(ctx), 'x-forwarded-port', forwardedPort(ctx), 'x-forwarded-proto', forwardedProto(ctx));
    const mapped = restParameters ? restParameters(ctx) : null;
    const parts: ProxyRequestParts = { path: appendBase !== null ? appendBase + ctx.rawPath : buildPath(ctx, mapped), query: ctx.rawQuery, headers };
    if (mapped) applyMappedParameters(mapped, parts);
    if (requestMapping) requestMapping.apply(ctx, parts);
    const query = baseQuery && parts.query ? `${baseQuery}&${parts.query}` : baseQuery || parts.query;
    return exchangeUpstream(
      pool,
      ctx,
      { path: query ? `${parts.path}?${query}` : parts.path, method: fixedMethod ?? ctx.method, headers: parts.headers, body: ctx.body && ctx.body.length > 0 ? ctx.body : null },
      timeoutMs,
    );
  };
}

function applyMappedParameters(mapped: MappedRequestParameters, parts: ProxyRequestParts): void {
  for (const name in mapped.header) setHeader(parts.headers, name, mapped.header[name]);
  const names = Object.keys(mapped.querystring);
  if (names.length === 0) return;
  const kept = parseQuery(parts.query).filter(([k]) => !Object.prototype.hasOwnProperty.call(mapped.querystring, k));
  for (const name of names) for (const value of mapped.querystring[name]) kept.push([name, value]);
  parts.query = kept.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}

/**
 * Sends one request through a pool. Resolves with the upstream's status, headers (hop-by-hop dropped) and whole
 * body, or — on timeout, network failure, a malformed response or an oversized one — with the gateway response for
 * it, in which case `ctx.errorResponseType` is set. Never rejects.
 */
export function exchangeUpstream(pool: UpstreamPool, ctx: RequestContext, request: UpstreamRequest, timeoutMs: number): Promise<GatewayResponse> {
  const exchange = new UpstreamExchange(ctx, deadlineListFor(timeoutMs));
  pool.dispatch(request, exchange);
  return exchange.promise;
}
