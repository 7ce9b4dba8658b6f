import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import { encodeRequest, isInlineBody, type UpstreamRequest } from './http1-request.encoder';
import { Http1ResponseParser, type Http1ParserLimits, type Http1ResponseListener } from './http1-response.parser';

/**
 * What a caller of the upstream client implements to receive one response. The calls come straight from the
 * socket's data callbacks: no stream, no promise, no object per call in between.
 */
export interface UpstreamHandler {
  /**
   * The request is about to be written on a connection; `control.abort(this, reason)` stops it later (timeouts,
   * oversized bodies). Returning false says the caller has given up meanwhile (it timed out while queued): the
   * request is then not sent at all. Called again if the request is retried on a new connection.
   */
  onStart(control: UpstreamControl): boolean;
  /** The final response's status and headers (`[name, value, ...]`, names lower-case); 1xx responses are skipped. */
  onHead(statusCode: number, headers: string[]): void;
  /** A piece of the body, in order; a view into the socket's buffer that stays valid. */
  onBody(chunk: Buffer): void;
  onComplete(): void;
  /** The exchange failed (network, protocol, abort); called at most once and never after `onComplete`. */
  onError(error: Error): void;
}

export interface UpstreamControl {
  /** Fails the handler's exchange with `reason` and drops its connection; ignored once the exchange is over. */
  abort(handler: UpstreamHandler, reason: Error): void;
}

/** Where connections go and how they are made; one per pool. */
export interface UpstreamEndpoint {
  secure: boolean;
  /** Host name or IP to connect to (IPv6 without brackets). */
  host: string;
  port: number;
  /** `host[:port]` as the URL had it, for the Host header. */
  hostHeader: string;
  /** Extra TLS options (a private CA, client certificates); certificate verification stays on unless they say so. */
  tls: ConnectionOptions | undefined;
  /** The last TLS session the origin handed out, offered again so new connections can skip a full handshake. */
  tlsSession: Buffer | undefined;
  limits: Http1ParserLimits;
}

/** What a connection tells the pool that owns it. */
export interface ConnectionOwner {
  /** A response was read whole and the connection may carry another request. */
  released(connection: UpstreamConnection): void;
  /** The connection is gone (once per connection). `retry` is a request to send again on a new connection. */
  closed(connection: UpstreamConnection, retryRequest: UpstreamRequest | null, retryHandler: UpstreamHandler | null): void;
}

/** Error codes of a reused connection the upstream had already closed when our request reached it. */
const STALE_CONNECTION_CODES = new Set(['ECONNRESET', 'EPIPE', 'UPSTREAM_CLOSED']);
/** RFC 9110 §9.2.2: repeating these has the effect of sending them once. */
const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);

class UpstreamClosedError extends Error {
  readonly code = 'UPSTREAM_CLOSED';
}

/**
 * Plain TCP connections read into this one buffer (`onread`), not into a new Buffer per read: a `data` chunk is an
 * ArrayBuffer of its own that every scavenge then sweeps, and its way through the Readable stream (push, addChunk,
 * emit, maybeReadMore) costs more than the parse. Shared by every connection: each read is parsed before the next one
 * can land, and what outlives the callback is copied (a partial head by the parser, a body piece here).
 */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

/**
 * One keep-alive socket to an upstream, carrying one request at a time (no pipelining). Reads responses with an
 * `Http1ResponseParser` and hands them to the current request's handler; returns itself to its pool after a
 * complete response it may reuse, and destroys itself on anything else (protocol error, `Connection: close`,
 * close-delimited body, bytes after the response, bytes while idle).
 */
export class UpstreamConnection implements Http1ResponseListener, UpstreamControl {
  readonly socket: Socket;
  /** When the pool will stop reusing this idle connection (performance.now() clock). */
  idleDeadline = 0;
  /** In the pool's idle list (and unref'd). */
  idle = false;
  private readonly parser: Http1ResponseParser;
  private handler: UpstreamHandler | null = null;
  private request: UpstreamRequest | null = null;
  private responses = 0;
  private reused = false;
  private received = false;
  private dead = false;
  /** Reads land in READ_BUFFER, which the next read overwrites. */
  private readonly sharedReads: boolean;

  constructor(
    private readonly owner: ConnectionOwner,
    private readonly endpoint: UpstreamEndpoint,
  ) {
    const socket = endpoint.secure
      ? tlsConnect({
          ...endpoint.tls,
          host: endpoint.host,
          port: endpoint.port,
          // SNI takes host names only (RFC 6066); the certificate is checked against the host either way.
          servername: isIP(endpoint.host) === 0 ? endpoint.host : undefined,
          ALPNProtocols: ['http/1.1'],
          session: endpoint.tlsSession,
        })
      : netConnect({
          host: endpoint.host,
          port: endpoint.port,
          onread: { buffer: READ_BUFFER, callback: (length: number) => this.onRead(length) },
        });
    this.sharedReads = !endpoint.secure;
    socket.setNoDelay(true);
    if (endpoint.secure) {
      socket.on('session', (session: Buffer) => (endpoint.tlsSession = session));
      socket.on('data', (chunk: Buffer) => this.onData(chunk));
    }
    socket.on('end', () => this.onEnd());
    socket.on('error', (error: Error) => this.fail(error));
    socket.on('close', () => this.fail(new UpstreamClosedError('upstream closed the connection before sending a response')));
    this.socket = socket;
    this.parser = new Http1ResponseParser(this, endpoint.limits);
  }

  /** Seconds the upstream said it keeps an idle connection (`Keep-Alive: timeout=N`), -1 when it did not say. */
  get keepAliveTimeoutSeconds(): number {
    return this.parser.keepAliveTimeoutSeconds;
  }

  /**
   * Writes the request (validated first: an invalid one throws `InvalidUpstreamRequestError` and leaves the
   * connection as it was). The head, and a small body with it, leave in one write.
   */
  send(request: UpstreamRequest, handler: UpstreamHandler): void {
    const wire = encodeRequest(request, this.endpoint.hostHeader);
    this.handler = handler;
    this.request = request;
    this.received = false;
    this.reused = this.responses > 0;
    this.parser.expect(request.method === 'HEAD');
    const socket = this.socket;
    if (this.idle) {
      this.idle = false;
      socket.ref();
    }
    const body = request.body;
    if (body === null || isInlineBody(body)) socket.write(wire, 'latin1');
    else {
      socket.cork();
      socket.write(wire, 'latin1');
      socket.write(body);
      socket.uncork();
    }
  }

  /** Puts the connection in the idle list's state: it must not keep the process alive. */
  rest(deadline: number): void {
    this.idle = true;
    this.idleDeadline = deadline;
    this.socket.unref();
  }

  abort(handler: UpstreamHandler, reason: Error): void {
    if (this.handler !== handler) return;
    this.handler = null;
    this.request = null;
    this.destroy();
    handler.onError(reason);
  }

  /** Closes the socket now; the pool hears of it through `closed`. A request in flight is failed. */
  destroy(): void {
    this.fail(new UpstreamClosedError('upstream connection closed'));
  }

  onResponseHead(statusCode: number, headers: string[]): void {
    this.handler!.onHead(statusCode, headers);
  }

  onResponseBody(chunk: Buffer): void {
    // The handler keeps the piece until the response is whole: out of the shared read buffer first.
    this.handler!.onBody(this.sharedReads ? Buffer.from(chunk) : chunk);
  }

  onResponseComplete(): void {
    // Handled in onData/onEnd once the parser has returned, so the next request never starts inside `feed`.
  }

  private onRead(length: number): boolean {
    this.onData(READ_BUFFER.subarray(0, length));
    return true;
  }

  private onData(chunk: Buffer): void {
    if (this.handler === null) {
      // Bytes nobody asked for (after a response, or while idle): the stream can no longer be trusted.
      this.destroy();
      return;
    }
    this.received = true;
    let consumed: number;
    try {
      consumed = this.parser.feed(chunk);
    } catch (error) {
      this.fail(error as Error);
      return;
    }
    if (this.parser.complete) this.completeResponse(consumed === chunk.length && this.parser.keepAlive);
  }

  private onEnd(): void {
    if (this.handler !== null) {
      try {
        this.parser.end();
      } catch (error) {
        this.fail(this.received ? (error as Error) : new UpstreamClosedError('upstream closed the connection before sending a response'));
        return;
      }
      if (this.parser.complete) return this.completeResponse(false);
    }
    this.destroy();
  }

  private completeResponse(reusable: boolean): void {
    const handler = this.handler!;
    this.handler = null;
    this.request = null;
    this.responses++;
    handler.onComplete();
    if (reusable && !this.dead) this.owner.released(this);
    else this.destroy();
  }

  private fail(error: Error): void {
    if (this.dead) return;
    this.dead = true;
    const handler = this.handler;
    const request = this.request;
    this.handler = null;
    this.request = null;
    this.parser.kill();
    this.socket.destroy();
    // A reused socket the upstream closed while idle fails before any byte of the response: send the request once
    // more on a new connection when doing so cannot repeat its effect (idempotent method, or a write that failed).
    const retry =
      handler !== null &&
      this.reused &&
      !this.received &&
      STALE_CONNECTION_CODES.has((error as { code?: string }).code ?? '') &&
      (IDEMPOTENT_METHODS.has(request!.method) || (error as { code?: string }).code === 'EPIPE');
    this.owner.closed(this, retry ? request : null, retry ? handler : null);
    if (handler !== null && !retry) handler.onError(error);
  }
}
