import type { IncomingHttpHeaders } from 'node:http';
import type { Socket } from 'node:net';
import type { RequestHead } from './http1-request-head';

/**
 * What the pipeline reads of a request: the part of node:http's `IncomingMessage` it uses, so both an
 * `IncomingMessage` (connections node:http serves) and a `BufferedRequest` (the fast path) are one.
 */
export interface InboundRequest {
  readonly method?: string;
  readonly url?: string;
  readonly httpVersion: string;
  readonly headers: IncomingHttpHeaders;
  readonly rawHeaders: string[];
  readonly socket: Socket;
}

/** A request the fast path read in full, body included, before handing it to the pipeline. */
export class BufferedRequest implements InboundRequest {
  readonly httpVersion = '1.1';
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly rawHeaders: string[];

  constructor(
    head: RequestHead,
    readonly socket: Socket,
    /** The whole body; null when the request declared none, or more than the connection reads. */
    readonly body: Buffer | null,
  ) {
    this.method = head.method;
    this.url = head.url;
    this.headers = head.headers;
    this.rawHeaders = head.rawHeaders;
  }
}
