import type { Socket } from 'node:net';
import { pushAcceptedReads, readAcceptedInto } from './accepted-socket-reads';
import { INCOMPLETE, parseRequestHead, type RequestHead, UNSUPPORTED } from './http1-request-head';
import { encodeResponseHead } from './http1-response-head';
import { BufferedRequest } from './inbound-request';
import { type ResponseSink, SINGLE_WRITE_BYTES } from './response-sink';

export interface FastPathOptions {
  /** Whether the fast path serves this request; when not, the connection goes to node:http from this request on. */
  accepts(head: RequestHead): boolean;
  /** Serves one request; must call `res.send` exactly once, now or later. */
  serve(req: BufferedRequest, res: ResponseSink): void;
  /**
   * Gives the connection to node:http; `unread` are the bytes received and not consumed (the request that was not
   * accepted, and any after it), to be read first.
   */
  handOff(socket: Socket, unread: Buffer | null): void;
  /** Request line and headers; a longer head goes to node:http (which answers 431). */
  maxHeadBytes: number;
  /** Bodies up to this size are read before the request is served; a larger declared body is not read at all. */
  maxBodyBytes: number;
  /** How long an idle keep-alive connection stays open (its Keep-Alive header; the server's sweep enforces it). */
  keepAliveTimeoutMs: number;
  /** The server's sweep count: a connection notes it at every activity, and the sweep measures idleness in it. */
  readonly sweeps: { count: number };
  /** How long a client may take to send a request's head (node:http's `headersTimeout`). */
  headersTimeoutMs: number;
  /** How long a client may take to send a whole request (node:http's `requestTimeout`). */
  requestTimeoutMs: number;
  /** False once the server is closing: every response then ends its connection. */
  isListening(): boolean;
}

/**
 * Accepted sockets read into this one buffer where they can (accepted-socket-reads.ts). Shared by every connection:
 * each read is handled before the next one can land, and whatever outlives its callback is copied (`keepInput`, and
 * a body in one piece in `readBody`).
 */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

/** Buffered, unserved input above which reading pauses until the request in flight is answered. */
const MAX_QUEUED_BYTES = 64 * 1024;
const REQUEST_TIMEOUT = 'HTTP/1.1 408 Request Timeout\r\nConnection: close\r\n\r\n';

// States of a connection.
const READING_HEAD = 0;
const READING_BODY = 1;
const SERVING = 2;
const CLOSED = 3;

/**
 * One client connection on the fast path: requests are read from the socket's bytes (pipelined ones are queued),
 * served one at a time, and each response leaves in one write. A request the head parser does not accept hands the
 * whole connection to node:http, unread bytes first, so node:http sees exactly what the client sent.
 */
export class FastConnection {
  private state = READING_HEAD;
  /** Received bytes not yet consumed: the first `length` bytes of `input`. */
  private input: Buffer | null = null;
  private length = 0;
  /** `input` is a buffer of our own (not a view of a socket chunk), so later chunks may be copied into it. */
  private ownsInput = false;
  /** Where the search for the end of the head resumes (bytes before it hold no CRLF CRLF). */
  private searched = 0;
  /** The head whose body is being read. */
  private head: RequestHead | null = null;
  private body: Buffer | null = null;
  private bodyRead = 0;
  /** When the first byte of the request being read arrived; 0 between requests. */
  private requestStartedAt = 0;
  private response: FastResponse | null = null;
  /** Inside `next()`: a response sent synchronously leaves the loop to read on, rather than recursing. */
  private parsing = false;
  /** The client sent FIN: answer what it sent, then close. */
  private ended = false;
  /** The server's sweep count at the last read or response. */
  private activeAt: number;
  readonly keepAliveSeconds: number;
  /** Reads land in READ_BUFFER, which the next read overwrites. */
  private readonly sharedReads: boolean;
  private readonly onData = (chunk: Buffer) => this.receive(chunk);
  private readonly onSharedRead = (length: number) => {
    this.receive(READ_BUFFER.subarray(0, length));
    this.keepInput();
  };
  private readonly onEnd = () => this.clientEnded();
  private readonly onClose = () => this.closed();

  constructor(
    readonly socket: Socket,
    private readonly options: FastPathOptions,
    private readonly onDone: (connection: FastConnection) => void,
  ) {
    this.keepAliveSeconds = Math.floor(options.keepAliveTimeoutMs / 1000);
    this.activeAt = options.sweeps.count;
    socket.setNoDelay(true);
    this.sharedReads = readAcceptedInto(socket, READ_BUFFER, this.onSharedRead);
    if (!this.sharedReads) socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('error', noop);
    socket.on('close', this.onClose);
  }

  /** Nothing in flight or partly received: closing the connection now loses no request. */
  get idle(): boolean {
    return this.state === READING_HEAD && this.length === 0;
  }

  destroy(): void {
    this.socket.destroy();
  }

  /** The server is shutting down: responses end their connections. */
  get closing(): boolean {
    return !this.options.isListening();
  }

  private receive(chunk: Buffer): void {
    if (this.state === CLOSED) return;
    this.activeAt = this.options.sweeps.count;
    if (this.state === READING_BODY) {
      this.readBody(chunk);
    } else {
      this.append(chunk);
      if (this.state !== READING_HEAD) {
        // A request is being served: keep what was pipelined behind it, up to a bound.
        if (this.state === SERVING && this.length > MAX_QUEUED_BYTES) this.socket.pause();
        return;
      }
      if (this.requestStartedAt === 0) this.requestStartedAt = Date.now();
      else if (this.overdue()) return;
    }
    this.next();
  }

  /** Reads and serves requests from the input until one is incomplete or in flight, or the connection moved on. */
  private next(): void {
    if (this.parsing) return;
    this.parsing = true;
    while (this.state === READING_HEAD && this.length > 0) {
      const input = this.input!;
      // Usually the input is one whole chunk: no view to make.
      const head = parseRequestHead(input.length === this.length ? input : input.subarray(0, this.length), this.options.maxHeadBytes, this.searched);
      if (head === INCOMPLETE) {
        this.searched = Math.max(0, this.length - 3);
        break;
      }
      this.searched = 0;
      if (head === UNSUPPORTED || !this.options.accepts(head)) {
        this.handOff();
        break;
      }
      this.consume(head.headBytes);
      const declared = head.contentLength;
      if (declared === 0) {
        this.dispatch(new BufferedRequest(head, this.socket, null), head.close);
      } else if (declared > this.options.maxBodyBytes) {
        // Never read: the pipeline answers 413 from the declared length, and the connection closes after it.
        this.dispatch(new BufferedRequest(head, this.socket, null), true);
      } else {
        this.head = head;
        this.state = READING_BODY;
        const rest = this.takeInput();
        if (rest !== null) this.readBody(rest);
      }
    }
    this.parsing = false;
    if (this.ended && this.state === READING_HEAD) this.end();
  }

  private readBody(chunk: Buffer): void {
    const head = this.head!;
    const needed = head.contentLength - this.bodyRead;
    if (this.body === null) {
      // The whole body in one chunk: a view of it, no copy (but of a shared read, which the next read overwrites).
      if (chunk.length >= needed) {
        const body = chunk.subarray(0, needed);
        return this.bodyComplete(this.sharedReads ? Buffer.from(body) : body, chunk.subarray(needed));
      }
      this.body = Buffer.allocUnsafe(head.contentLength);
    }
    const n = Math.min(needed, chunk.length);
    chunk.copy(this.body, this.bodyRead, 0, n);
    this.bodyRead += n;
    if (this.bodyRead === head.contentLength) this.bodyComplete(this.body, chunk.subarray(n));
    else this.overdue();
  }

  private bodyComplete(body: Buffer, rest: Buffer): void {
    const head = this.head!;
    this.head = null;
    this.body = null;
    this.bodyRead = 0;
    this.state = READING_HEAD;
    if (rest.length > 0) this.append(rest);
    this.dispatch(new BufferedRequest(head, this.socket, body), head.close);
  }

  private dispatch(req: BufferedRequest, close: boolean): void {
    this.state = SERVING;
    this.requestStartedAt = 0;
    const response = new FastResponse(this, req.method === 'HEAD', close);
    this.response = response;
    this.options.serve(req, response);
  }

  /** Called by the response once written. */
  responded(response: FastResponse, close: boolean): void {
    if (this.response !== response) return;
    this.response = null;
    if (close) return this.end();
    this.activeAt = this.options.sweeps.count;
    this.state = READING_HEAD;
    if (this.socket.isPaused()) this.socket.resume();
    if (this.length > 0) this.requestStartedAt = Date.now();
    this.next();
  }

  write(text: string, body: Buffer | null): void {
    const socket = this.socket;
    if (body === null) {
      socket.write(text, 'latin1');
      return;
    }
    socket.cork();
    socket.write(text, 'latin1');
    socket.write(body);
    socket.uncork();
  }

  private handOff(): void {
    const socket = this.socket;
    const input = this.takeInput();
    const unread = input !== null && this.sharedReads ? Buffer.from(input) : input;
    this.state = CLOSED;
    if (this.sharedReads) pushAcceptedReads(socket, READ_BUFFER);
    else socket.removeListener('data', this.onData);
    socket.removeListener('end', this.onEnd);
    socket.removeListener('error', noop);
    socket.removeListener('close', this.onClose);
    this.onDone(this);
    this.options.handOff(socket, unread);
    if (socket.isPaused()) socket.resume();
  }

  private append(chunk: Buffer): void {
    if (this.length === 0) {
      this.input = chunk;
      this.length = chunk.length;
      this.ownsInput = false;
      return;
    }
    const needed = this.length + chunk.length;
    let input = this.input!;
    if (!this.ownsInput || needed > input.length) {
      // Doubling keeps a head that arrives a byte at a time linear to copy.
      const grown = Buffer.allocUnsafe(Math.max(needed, this.length * 2, 1024));
      input.copy(grown, 0, 0, this.length);
      input = grown;
      this.input = grown;
      this.ownsInput = true;
    }
    chunk.copy(input, this.length);
    this.length = needed;
  }

  /** After a shared read: input still to be read is copied out of the buffer the next read overwrites. */
  private keepInput(): void {
    if (this.length === 0 || this.input!.buffer !== READ_BUFFER.buffer) return;
    this.input = Buffer.from(this.input!.subarray(0, this.length));
    this.ownsInput = true;
  }

  private consume(bytes: number): void {
    if (bytes >= this.length) return this.clearInput();
    this.input = this.input!.subarray(bytes, this.length);
    this.length -= bytes;
    this.ownsInput = false;
  }

  /** The unconsumed input (null when none), which the connection no longer holds. */
  private takeInput(): Buffer | null {
    const input = this.length > 0 ? this.input!.subarray(0, this.length) : null;
    this.clearInput();
    return input;
  }

  private clearInput(): void {
    this.input = null;
    this.length = 0;
    this.ownsInput = false;
  }

  /** The request being read has taken too long (slow-loris): 408 and close, as node:http does. */
  private overdue(): boolean {
    if (this.requestStartedAt === 0) return false;
    const elapsed = Date.now() - this.requestStartedAt;
    const limit = this.state === READING_BODY ? this.options.requestTimeoutMs : this.options.headersTimeoutMs;
    if (elapsed <= limit) return false;
    this.state = CLOSED;
    this.clearInput();
    this.socket.end(REQUEST_TIMEOUT, 'latin1');
    return true;
  }

  private clientEnded(): void {
    this.ended = true;
    // A request in flight is answered first; so are complete requests still queued (see next()).
    if (this.state !== SERVING && !this.parsing) this.end();
  }

  private end(): void {
    this.state = CLOSED;
    this.clearInput();
    this.socket.end();
  }

  /**
   * The server's sweep (`count` sweeps so far): a request that is taking too long to arrive gets its 408, and a
   * connection with no read or response for `idleSweeps` sweeps is closed. A request being served is the pipeline's
   * to time out (integration timeouts are far shorter), and a response still draining to its client is activity.
   */
  sweep(count: number, idleSweeps: number): void {
    if (this.state === SERVING || this.state === CLOSED) return;
    if (this.overdue()) return;
    if (this.socket.writableLength > 0) this.activeAt = count;
    else if (count - this.activeAt >= idleSweeps) this.socket.destroy();
  }

  private closed(): void {
    this.state = CLOSED;
    this.clearInput();
    this.onDone(this);
  }
}

/** The sink for one request on the fast path. */
export class FastResponse implements ResponseSink {
  headersSent = false;

  constructor(
    private readonly connection: FastConnection,
    private readonly headRequest: boolean,
    private readonly close: boolean,
  ) {}

  get destroyed(): boolean {
    return this.connection.socket.destroyed;
  }

  send(statusCode: number, headers: string[], body: Buffer | string, length: number): void {
    if (this.headersSent) throw new Error('response already sent');
    const head = encodeResponseHead(statusCode, headers, this.close || this.connection.closing, this.connection.keepAliveSeconds);
    this.headersSent = true;
    if (this.connection.socket.destroyed) return;
    // node:http sends no body for HEAD, 204 and 304 (the headers still describe it).
    const withBody = length > 0 && !this.headRequest && statusCode !== 204 && statusCode !== 304;
    if (!withBody) this.connection.write(head.text, null);
    else if (typeof body === 'string' && length === body.length && length <= SINGLE_WRITE_BYTES) this.connection.write(head.text + body, null);
    else if (length <= SINGLE_WRITE_BYTES) {
      const bytes = typeof body === 'string' ? Buffer.from(body) : body;
      this.connection.write(head.text + bytes.toString('latin1', 0, bytes.length), null);
    } else this.connection.write(head.text, typeof body === 'string' ? Buffer.from(body) : body);
    this.connection.responded(this, head.close);
  }
}

function noop(): void {}
