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
