import type { ServerResponse } from 'node:http';

/** Where the pipeline sends its one response per request; node:http's `ServerResponse` or the fast path's socket. */
export interface ResponseSink {
  /** The response has been handed to the connection (a second `send` would be a bug). */
  readonly headersSent: boolean;
  /** The client is gone; nothing sent now would reach it. */
  readonly destroyed: boolean;
  /**
   * Sends the whole response: status, `[name, value, ...]` (Content-Length included) and the body of `length` bytes.
   * Throws, with nothing sent, when a header name is not an HTTP token or a value holds a forbidden character.
   */
  send(statusCode: number, headers: string[], body: Buffer | string, length: number): void;
}

/** Largest body sent in one write with the header block (above it the string copy costs more than a writev). */
export const SINGLE_WRITE_BYTES = 16 * 1024;

/** A node:http response as a sink (connections node:http serves: handed over by the fast path, and tests). */
export class NodeResponseSink implements ResponseSink {
  constructor(private readonly res: ServerResponse) {}

  get headersSent(): boolean {
    return this.res.headersSent;
  }

  get destroyed(): boolean {
    return this.res.destroyed;
  }

  send(statusCode: number, headers: string[], body: Buffer | string, length: number): void {
    const res = this.res;
    res.writeHead(statusCode, headers);
    const socket = res.socket;
    if (length === 0 || length > SINGLE_WRITE_BYTES || socket === null || socket.writableCorked) return void res.end(body);
    // `res.end(body)` always leaves Node with two buffered chunks on the corked socket (the header block with the
    // body, then an empty one carrying the finish callback): a writev with a write request object of its own.
    // Written as one string (header block + body as latin1 text, the exact same bytes) and flushed before `end()`,
    // a small response is a single write that completes synchronously; `end()` then has nothing left to send.
    if (typeof body === 'string') res.write(body);
    else res.write(body.toString('latin1', 0, body.length), 'latin1');
    socket.uncork();
    res.end();
  }
}
