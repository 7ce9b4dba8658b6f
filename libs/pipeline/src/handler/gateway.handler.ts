import type { IncomingMessage, ServerResponse } from 'node:http';
import { AWS_LIMITS, type LambdaInvoker } from '@app/contracts';
import { adoptForwardedClient } from '../context/forwarded-client';
import { RequestContext } from '../context/request-context';
import { newExtendedRequestId, newRequestId } from '../context/request-ids';
import { TrustedProxies } from '../context/trusted-proxies';
import { BufferedRequest, type InboundRequest } from '../inbound/inbound-request';
import { NodeResponseSink, type ResponseSink } from '../inbound/response-sink';
import type { CompiledStage } from '../registry/compiled-stage';
import type { StageRegistry } from '../registry/stage.registry';
import type { GatewayResponse } from '../stages/gateway-response';
import type { StageOutcome } from '../stages/pipeline-stage';
import { isPromise } from '../stages/is-promise';
import { parseGatewayAddress } from './gateway-address';
import { BODY_TOO_LARGE, EMPTY_BODY, hasBody, readBody } from './request-body';

export interface GatewayHandlerOptions {
  registry: StageRegistry;
  /** Runs Lambda proxy integrations. */
  invoker: LambdaInvoker;
  /**
   * Called once per served request after the response was handed to the socket, with the finished context (status,
   * latencies, ids, route, error). Count metrics / queue access-log lines here; it must not block. Not called for
   * addresses that match no API stage (AWS writes no log for those either).
   */
  onRequestComplete?: (ctx: RequestContext) => void;
  /** Unexpected exceptions (bugs, broken plug-ins); the client got a 500 gateway response. */
  onError?: (error: unknown, ctx: RequestContext | null) => void;
  /** Request body limit in bytes; AWS: 10 MB. */
  maxPayloadBytes?: number;
  /** Request line + headers limit in bytes; AWS: 10,240. */
  maxHeaderBytes?: number;
  /**
   * CIDR ranges (`10.0.0.0/8`, `::1/128`) of the proxies in front of this node (TRUSTED_PROXIES). A request from one
   * of them gets its client address, scheme and port from X-Forwarded-For/-Proto/-Port. Empty or unset: nobody's.
   */
  trustedProxies?: readonly string[];
}

const NOT_FOUND_HTTP = Buffer.from('{"message":"Not Found"}');
const MISSING_TOKEN = Buffer.from('{"message":"Missing Authentication Token"}');
const INTERNAL_ERROR = Buffer.from('{"message":"Internal server error"}');

/**
 * The data plane: address → stage → (CORS preflight) → route → body → the route's stages → response stages → one
 * `send`. It never throws: malformed input and failing integrations become AWS gateway responses.
 */
export interface GatewayHandler {
  /** As a node:http request listener (connections node:http reads: handed over by the fast path, and tests). */
  (req: IncomingMessage, res: ServerResponse): void;
  /** For the fast path (`FastHttpServer`): a request read in full, the response written straight to the socket. */
  serve(req: InboundRequest, res: ResponseSink): void;
  /** The request body limit it enforces (the fast path reads bodies up to it). */
  readonly maxPayloadBytes: number;
}

export function createGatewayHandler(options: GatewayHandlerOptions): GatewayHandler {
  const { registry, invoker, onRequestComplete, onError } = options;
  const maxPayload = options.maxPayloadBytes ?? AWS_LIMITS.payloadBytes;
  const maxHeader = options.maxHeaderBytes ?? AWS_LIMITS.requestLineAndHeadersBytes;
  const trusted = TrustedProxies.compile(options.trustedProxies);

  /**
   * The request phase: a response, or a promise of one when a stage (or the body) has to wait. Written without
   * async functions: an `await` per layer cost a generator resumption and extra promise jobs on every request.
   */
  function serve(ctx: RequestContext): StageOutcome | Promise<StageOutcome> {
    const stage = ctx.stage;
    if (headerBytes(ctx.req) > maxHeader) return stage.responses.respond(ctx, 'REQUEST_TOO_LARGE');
    if (stage.cors && stage.cors.isPreflight(ctx)) return stage.cors.preflight(ctx);
    if (stage.httpRouter) {
      const match = stage.httpRouter.match(ctx.method, ctx.rawPath);
      if (!match) return stage.responses.respond(ctx, 'RESOURCE_NOT_FOUND');
      ctx.route = match.route;
      ctx.pathParameters = match.pathParameters;
    } else {
      const match = stage.restRouter!.match(ctx.method, ctx.rawPath);
      if (match.kind === 'none') return stage.responses.respond(ctx, 'MISSING_AUTHENTICATION_TOKEN');
      ctx.route = match.route;
      ctx.pathParameters = match.pathParameters;
    }
    const req = ctx.req;
    if (hasBody(req)) {
      const declared = Number(req.headers['content-length']);
      if (declared > maxPayload) return tooLarge(ctx);
      // The fast path read the body (within its own limit, which is this one) before serving the request. It read
      // none when none was declared (`Content-Length: 00`), or more than it reads.
      if (req instanceof BufferedRequest) {
        if (req.body === null && declared > 0) return tooLarge(ctx);
        ctx.body = req.body ?? EMPTY_BODY;
        return runStages(ctx, 0);
      }
      return readBody(req as IncomingMessage, maxPayload).then((body) => {
        if (body === BODY_TOO_LARGE) return tooLarge(ctx);
        ctx.body = body;
        return runStages(ctx, 0);
      });
    }
    return runStages(ctx, 0);
  }

  /** The route's stages from `from` on, until one answers; the last stage's promise is handed on as it is. */
  function runStages(ctx: RequestContext, from: number): StageOutcome | Promise<StageOutcome> {
    const stages = ctx.route!.stages;
    const last = stages.length - 1;
    for (let i = from; i <= last; i++) {
      const outcome = stages[i](ctx);
      if (outcome === undefined) continue;
      if (!isPromise(outcome) || i === last) return outcome;
      return outcome.then((response) => (response !== undefined ? response : runStages(ctx, i + 1)));
    }
    return undefined;
  }

  function finish(ctx: RequestContext, response: GatewayResponse): void {
    const route = ctx.route;
    if (route) for (let i = route.responseStages.length - 1; i >= 0; i--) route.responseStages[i](ctx, response);
    // Every response but the preflight answer itself gets the CORS headers, a backend's 204 included.
    const cors = ctx.stage.cors;
    if (cors && !(route === null && cors.isPreflight(ctx))) cors.decorate(ctx, response);
    write(ctx, response);
  }

  function write(ctx: RequestContext, response: GatewayResponse): void {
    const headers = response.headers;
    if (ctx.stage.protocol === 'REST') headers.push('x-amzn-RequestId', ctx.requestId, 'x-amz-apigw-id', ctx.extendedRequestId);
    else headers.push('apigw-requestid', ctx.requestId);
    const body = response.body ?? '';
    const length = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
    headers.push('Content-Length', String(length));
    if (ctx.errorResponseType === 'REQUEST_TOO_LARGE') headers.push('Connection', 'close');
    ctx.status = response.statusCode;
    ctx.responseLength = length;
    try {
      ctx.res.send(response.statusCode, headers, body, length);
    } catch (error) {
      // A header the integration sent is not valid HTTP (bad name or control characters).
      ctx.integrationErrorMessage = (error as Error).message;
      ctx.route = null;
      const fallback = ctx.stage.responses.respond(ctx, 'DEFAULT_5XX');
      if (ctx.stage.protocol === 'REST' && ctx.stage.responses.usesDefaultStatus('DEFAULT_5XX')) fallback.statusCode = 502;
      return write(ctx, fallback);
    }
    ctx.responseLatency = Math.round(performance.now() - ctx.startedAt);
    if (onRequestComplete) {
      try {
        onRequestComplete(ctx);
      } catch (error) {
        onError?.(error, ctx);
      }
    }
  }

  function serveRequest(req: InboundRequest, res: ResponseSink): void {
    const startedAt = performance.now();
    const address = parseGatewayAddress(req);
    if (!address) return void sendPlain(res, 404, NOT_FOUND_HTTP);
    const resolution = registry.resolve(address.apiId, address.path);
    if (resolution.stage === null) {
      // AWS: an HTTP API without a matching stage says Not Found; REST (and unknown ids) Missing Authentication Token.
      if (resolution.protocol === 'HTTP') return void sendPlain(res, 404, NOT_FOUND_HTTP);
      return void sendPlain(res, 403, MISSING_TOKEN, 'MissingAuthenticationTokenException');
    }
    const stage: CompiledStage = resolution.stage;
    const requestId = stage.protocol === 'REST' ? newRequestId() : newExtendedRequestId();
    const ctx = new RequestContext(
      req,
      res,
      stage,
      req.method ?? 'GET',
      resolution.rawPath,
      address.query,
      resolution.stagePrefix,
      requestId,
      stage.protocol === 'REST' ? newExtendedRequestId() : requestId,
      Date.now(),
      startedAt,
      peerAddress(req),
      address.domainName,
      address.domainPrefix,
    );
    // Nothing to do per request unless proxies are configured; then one range check on the peer.
    if (trusted !== null && trusted.trusts(ctx.peerIp)) adoptForwardedClient(ctx, trusted);
    ctx.invoker = invoker;
    handle(ctx);
  }

  return Object.assign((req: IncomingMessage, res: ServerResponse) => serveRequest(req, new NodeResponseSink(res)), {
    serve: serveRequest,
    maxPayloadBytes: maxPayload,
  });

  /** serve → finish, at once when no stage waited; a throw or rejection in either becomes the 500 gateway response. */
  function handle(ctx: RequestContext): void {
    let outcome: StageOutcome | Promise<StageOutcome>;
    try {
      outcome = serve(ctx);
    } catch (error) {
      return failed(ctx, error);
    }
    if (isPromise(outcome)) {
      outcome.then(
        (response) => respond(ctx, response),
        (error: unknown) => failed(ctx, error),
      );
    } else respond(ctx, outcome);
  }

  function respond(ctx: RequestContext, response: StageOutcome): void {
    try {
      if (response === undefined) throw new Error(`route ${ctx.route?.routeKey} ended without a response`);
      finish(ctx, response);
    } catch (error) {
      failed(ctx, error);
    }
  }

  function failed(ctx: RequestContext, error: unknown): void {
    const { res } = ctx;
    if (res.headersSent || res.destroyed) return;
    onError?.(error, ctx);
    try {
      finish(ctx, ctx.stage.responses.respond(ctx, 'DEFAULT_5XX'));
    } catch (secondary) {
      onError?.(secondary, ctx);
      if (!res.headersSent) sendPlain(res, 500, INTERNAL_ERROR);
    }
  }
}

function tooLarge(ctx: RequestContext): GatewayResponse {
  return ctx.stage.responses.respond(ctx, 'REQUEST_TOO_LARGE');
}

function headerBytes(req: InboundRequest): number {
  // Request line: METHOD SP URL SP HTTP/x.y CRLF; each header: name ": " value CRLF.
  let n = (req.method?.length ?? 0) + (req.url?.length ?? 0) + 12;
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) n += raw[i].length + raw[i + 1].length + 4;
  return n;
}

function peerAddress(req: InboundRequest): string {
  const ip = req.socket.remoteAddress ?? '';
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}

function sendPlain(res: ResponseSink, status: number, body: Buffer, errorType?: string): void {
  const headers = ['Content-Type', 'application/json', 'Content-Length', String(body.length)];
  if (errorType) headers.push('x-amzn-ErrorType', errorType);
  res.send(status, headers, body, body.length);
}
