import { Pool, type Dispatcher } from 'undici';
import { AWS_LIMITS } from '@app/contracts';
import type { RequestContext } from '../context/request-context';
import type { GatewayResponse } from '../stages/gateway-response';
import type { StageFn } from '../stages/pipeline-stage';
import type { RequestMapping, ProxyRequestParts } from './parameter-mapping';
import { FORWARDED_HEADERS, forwardedFor, forwardedPort, forwardedProto, parseQuery } from './request-view';
import { setHeader } from '../stages/gateway-response';

/** Hop-by-hop headers (RFC 9110 §7.6.1) plus `host`, which becomes the integration endpoint's. */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'proxy-connection', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host']);
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
  private readonly pools = new Map<string, Pool>();

  get(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (!pool) {
      pool = new Pool(origin, { connections: 128, pipelining: 1, keepAliveTimeout: 4_000 });
      this.pools.set(origin, pool);
    }
    return pool;
  }

  /** Waits for in-flight requests, then closes the sockets. */
  async close(): Promise<void> {
    await Promise.all([...this.pools.values()].map((p) => p.close().catch(() => undefined)));
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

function onTimeout(exchange: UpstreamExchange): void {
  exchange.timedOut = true;
  if (exchange.controller) exchange.controller.abort(TIMEOUT);
  else exchange.finish(exchange.ctx.stage.responses.respond(exchange.ctx, 'INTEGRATION_TIMEOUT'));
}

/**
 * One upstream request driven through undici's dispatch handler API: no Readable stream, no AbortController, the
 * body collected straight from the socket callbacks. undici's own timeouts tick on a coarse (≈1 s) clock, so the
 * integration timeout is an exact timer of its own.
 */
class UpstreamExchange implements Dispatcher.DispatchHandler {
  readonly promise: Promise<GatewayResponse>;
  controller: Dispatcher.DispatchController | null = null;
  timedOut = false;
  private resolve!: (response: GatewayResponse) => void;
  private readonly timer: NodeJS.Timeout;
  private readonly started = performance.now();
  private statusCode = 0;
  private headers: string[] = [];
  private chunks: Buffer[] = [];
  private size = 0;
  private done = false;

  constructor(
    readonly ctx: RequestContext,
    timeoutMs: number,
  ) {
    this.promise = new Promise((resolve) => (this.resolve = resolve));
    this.timer = setTimeout(onTimeout, timeoutMs, this);
  }

  finish(response: GatewayResponse): void {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.timer);
    this.resolve(response);
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.timedOut) controller.abort(TIMEOUT);
  }

  onResponseStart(_: Dispatcher.DispatchController, statusCode: number, headers: Record<string, string | string[] | undefined>): void {
    this.statusCode = statusCode;
    const out = this.headers;
    for (const name in headers) {
      const value = headers[name];
      if (value === undefined || DROP_FROM_RESPONSE.has(name)) continue;
      if (typeof value === 'string') out.push(name, value);
      else for (let i = 0; i < value.length; i++) out.push(name, value[i]);
    }
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.size += chunk.length;
    if (this.size > AWS_LIMITS.payloadBytes) {
      this.ctx.integrationErrorMessage = 'Integration response exceeds the 10 MB payload limit';
      this.finish(this.ctx.stage.responses.respond(this.ctx, 'INTEGRATION_FAILURE'));
      controller.abort(new Error('response too large'));
      return;
    }
    this.chunks.push(chunk);
  }

  onResponseEnd(): void {
    const ctx = this.ctx;
    ctx.integrationLatency = Math.round(performance.now() - this.started);
    ctx.integrationStatus = this.statusCode;
    const { chunks } = this;
    const body = chunks.length === 0 ? null : chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, this.size);
    this.finish({ statusCode: this.statusCode, headers: this.headers, body });
  }

  onResponseError(_: Dispatcher.DispatchController, error: Error): void {
    if (this.done) return;
    const ctx = this.ctx;
    const code = (error as { code?: string }).code;
    if (this.timedOut || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT') {
      ctx.integrationErrorMessage = 'Endpoint request timed out';
      return this.finish(ctx.stage.responses.respond(ctx, 'INTEGRATION_TIMEOUT'));
    }
    ctx.integrationErrorMessage = error.message;
    this.finish(ctx.stage.responses.respond(ctx, 'INTEGRATION_FAILURE'));
  }
}

function encodeGreedy(value: string): string {
  return value.split('/').map(encodeURIComponent).join('/');
}

/**
 * HTTP_PROXY integration (REST and HTTP APIs): forwards method, path, query string, headers and body to the
 * endpoint through a keep-alive undici pool; sets X-Forwarded-For/Port/Proto as API Gateway does. The response is
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

  return (ctx: RequestContext): Promise<GatewayResponse> => {
    const headers: string[] = [];
    const raw = ctx.req.rawHeaders;
    for (let i = 0; i < raw.length; i += 2) {
      const lower = raw[i].toLowerCase();
      if (HOP_BY_HOP.has(lower) || FORWARDED_HEADERS.has(lower)) continue;
      headers.push(raw[i], raw[i + 1]);
    }
    headers.push('host', host, 'x-forwarded-for', forwardedFor(ctx), 'x-forwarded-port', forwardedPort(ctx), 'x-forwarded-proto', forwardedProto(ctx));
    const mapped = restParameters ? restParameters(ctx) : null;
    const parts: ProxyRequestParts = { path: buildPath(ctx, mapped), query: ctx.rawQuery, headers };
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

/** One upstream request as a caller built it: path with query, method, flat header list, whole body. */
export interface UpstreamRequest {
  path: string;
  method: string;
  headers: string[];
  body: Buffer | string | null;
}

/**
 * Sends one request through a pool. Resolves with the upstream's status, headers (hop-by-hop dropped) and whole
 * body, or — on timeout, network failure or an oversized response — with the gateway response for it, in which
 * case `ctx.errorResponseType` is set. Never rejects.
 */
export function exchangeUpstream(pool: Pool, ctx: RequestContext, request: UpstreamRequest, timeoutMs: number): Promise<GatewayResponse> {
  const exchange = new UpstreamExchange(ctx, timeoutMs);
  pool.dispatch(
    {
      path: request.path,
      method: request.method as 'GET',
      headers: request.headers,
      body: request.body,
      headersTimeout: timeoutMs + 1_000,
      bodyTimeout: timeoutMs + 1_000,
    },
    exchange,
  );
  return exchange.promise;
}
