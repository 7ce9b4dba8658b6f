import { type IncomingMessage, type RequestListener, Server, type ServerOptions, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { FastConnection, type FastPathOptions } from './fast-connection';
import type { RequestHead } from './http1-request-head';
import type { BufferedRequest } from './inbound-request';
import type { ResponseSink } from './response-sink';

export interface FastHttpServerOptions {
  /** The requests the fast path serves (the data plane's); a connection whose request is not one goes to node:http. */
  accepts(head: RequestHead): boolean;
  serve(req: BufferedRequest, res: ResponseSink): void;
  /** node:http's listener for everything else: connections handed over, and whatever node:http reads itself. */
  fallback: RequestListener;
  /** Request line and headers (node:http's `maxHeaderSize`). */
  maxHeaderSize: number;
  /** Largest body the fast path reads before serving; a larger declared body is served without being read. */
  maxBodyBytes: number;
  keepAliveTimeout: number;
}

/** Bounds of the sweep interval; within them it is a quarter of the keep-alive timeout. */
const MIN_SWEEP_INTERVAL_MS = 10;
const MAX_SWEEP_INTERVAL_MS = 1000;

/**
 * An `http.Server` whose connections start on the fast path (`FastConnection`: a request head parser for the plain
 * requests API clients send, the response written straight to the socket) and move to node:http's own connection
 * handling for good at the first request the fast path does not take: another method or HTTP version, chunked or
 * `Expect: 100-continue` bodies, upgrades, malformed or oversized heads, and every request not for the data plane.
 * Listening, closing (idle connections first), timeouts and the `request` event work as on any `http.Server`.
 *
 * Why: node:http's per-request machinery (`IncomingMessage`, `ServerResponse`, their streams and events) cost about
 * as much CPU as the rest of a proxied request; see bench/RESULTS.md.
 */
export class FastHttpServer extends Server {
  private readonly fastConnections = new Set<FastConnection>();
  private readonly sweeps = { count: 0 };
  private sweepTimer: NodeJS.Timeout | null = null;

  constructor(options: FastHttpServerOptions) {
    const serverOptions: ServerOptions = { keepAliveTimeout: options.keepAliveTimeout, maxHeaderSize: options.maxHeaderSize };
    super(serverOptions, options.fallback as (req: IncomingMessage, res: ServerResponse) => void);
    // node:http reads a connection once its listener has it; it gets only the ones the fast path hands over.
    const [nodeConnectionListener] = this.listeners('connection') as Array<(socket: Socket) => void>;
    this.removeListener('connection', nodeConnectionListener);
    const server = this;
    const fastPath: FastPathOptions = {
      accepts: options.accepts,
      serve: options.serve,
      handOff: (socket, unread) => {
        nodeConnectionListener.call(this, socket);
        // Read now, ahead of anything the socket receives later: node:http then parses the request we did not take.
        if (unread !== null) socket.unshift(unread);
      },
      maxHeadBytes: options.maxHeaderSize,
      maxBodyBytes: options.maxBodyBytes,
      keepAliveTimeoutMs: options.keepAliveTimeout,
      sweeps: this.sweeps,
      // Read when used, as node:http reads them: they may be set after the server was made.
      get headersTimeoutMs() {
        return server.headersTimeout;
      },
      get requestTimeoutMs() {
        return server.requestTimeout;
      },
      isListening: () => this.listening,
    };
    const done = (connection: FastConnection) => this.fastConnections.delete(connection);
    this.on('connection', (socket: Socket) => {
      this.fastConnections.add(new FastConnection(socket, fastPath, done));
    });
    this.on('listening', () => this.startSweeping(options.keepAliveTimeout));
    this.on('close', () => this.stopSweeping());
  }

  /**
   * Idle and slow connections are found by one timer for the server, which sweeps every connection a few times per
   * keep-alive timeout, rather than by a socket timeout per connection: Node.js re-arms a socket's timer on every
   * read and write, which cost about 1 % of a request's CPU on the bench. A connection is closed after between
   * `keepAliveTimeout` and a quarter of it (at most a second) more without a read or a response; never without a
   * keep-alive timeout.
   */
  private startSweeping(keepAliveTimeoutMs: number): void {
    this.stopSweeping();
    const intervalMs = keepAliveTimeoutMs > 0 ? Math.min(MAX_SWEEP_INTERVAL_MS, Math.max(MIN_SWEEP_INTERVAL_MS, keepAliveTimeoutMs / 4)) : MAX_SWEEP_INTERVAL_MS;
    const idleSweeps = keepAliveTimeoutMs > 0 ? Math.ceil(keepAliveTimeoutMs / intervalMs) + 1 : Infinity;
    this.sweepTimer = setInterval(() => {
      const count = ++this.sweeps.count;
      for (const connection of this.fastConnections) connection.sweep(count, idleSweeps);
    }, intervalMs).unref();
  }

  private stopSweeping(): void {
    if (this.sweepTimer !== null) clearInterval(this.sweepTimer);
    this.sweepTimer = null;
  }

  override closeIdleConnections(): void {
    super.closeIdleConnections();
    for (const connection of this.fastConnections) if (connection.idle) connection.destroy();
  }

  override closeAllConnections(): void {
    super.closeAllConnections();
    for (const connection of this.fastConnections) connection.destroy();
  }
}
