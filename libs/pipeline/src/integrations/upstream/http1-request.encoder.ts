/**
 * Turns an upstream request into the bytes of an HTTP/1.1 request, as one latin1 string so a small request leaves
 * in one socket write. Everything is validated before anything is written: a header value carrying CR, LF or NUL
 * (or any control character) would let the caller's data start a header or a request of its own.
 */

import { HTTP_TOKEN, INVALID_HEADER_VALUE_CHAR } from '../../http1/http1-syntax';

/** One upstream request as a caller built it: path with query, method, flat header list, whole body. */
export interface UpstreamRequest {
  method: string;
  /** Request target as it goes on the request line: path and query string, already percent-encoded. */
  path: string;
  /** `[name, value, name, value, ...]`; values are latin1 (characters above U+00FF are refused). */
  headers: string[];
  body: Buffer | string | null;
}

/** The request cannot be written as asked; nothing was sent. */
export class InvalidUpstreamRequestError extends Error {
  readonly code = 'UPSTREAM_INVALID_REQUEST';
}

/** Bodies up to this size travel in the same write as the header block; larger ones follow in a second write. */
export const INLINE_BODY_BYTES = 16 * 1024;

/** Request targets: visible characters only (a space would end the target, CR/LF the line). */
const INVALID_TARGET = /[^\x21-\x7e\x80-\xff]/;

/** Whether `body` goes out inside the string `encodeRequest` returns (small, and for strings plain ASCII). */
export function isInlineBody(body: Buffer | string): boolean {
  if (body.length > INLINE_BODY_BYTES) return false;
  // A string is written as latin1 together with the head: only ASCII has the same bytes in latin1 and UTF-8.
  return typeof body !== 'string' || Buffer.byteLength(body) === body.length;
}

/**
 * The request line and header block (plus the body when `isInlineBody`), to be written as latin1. The client owns
 * the message framing and the connection: the caller's Content-Length, Transfer-Encoding, Connection and Keep-Alive
 * headers are replaced by its own; `host` is added when the caller gave none. A body always goes with a
 * Content-Length (the whole body is at hand), so no chunked request encoding is ever sent.
 */
export function encodeRequest(request: UpstreamRequest, defaultHost: string): string {
  const { method, path, headers, body } = request;
  if (!HTTP_TOKEN.test(method)) throw new InvalidUpstreamRequestError(`invalid request method '${printable(method)}'`);
  if (method === 'CONNECT') throw new InvalidUpstreamRequestError('CONNECT requests are not supported');
  if (path.length === 0 || INVALID_TARGET.test(path)) throw new InvalidUpstreamRequestError(`invalid request target '${printable(path)}'`);
  let head = method + ' ' + path + ' HTTP/1.1\r\n';
  let hasHost = false;
  for (let i = 0; i < headers.length; i += 2) {
    const name = headers[i];
    const value = headers[i + 1];
    if (!HTTP_TOKEN.test(name)) throw new InvalidUpstreamRequestError(`invalid header name '${printable(name)}'`);
    if (INVALID_HEADER_VALUE_CHAR.test(value)) throw new InvalidUpstreamRequestError(`invalid value for header '${name}'`);
    // Only names of these lengths can be one of the five handled here: most headers skip the lower-casing.
    const n = name.length;
    if (n === 4 || n === 10 || n === 14 || n === 17) {
      const lower = name.toLowerCase();
      if (lower === 'host') hasHost = true;
      else if (lower === 'content-length' || lower === 'transfer-encoding' || lower === 'connection' || lower === 'keep-alive') continue;
    }
    head += name + ': ' + value + '\r\n';
  }
  if (!hasHost) head += 'host: ' + defaultHost + '\r\n';
  if (body === null || body.length === 0) {
    // As Node and undici do: methods that normally carry a body say explicitly that this one is empty.
    return method === 'POST' || method === 'PUT' || method === 'PATCH' ? head + 'content-length: 0\r\n\r\n' : head + '\r\n';
  }
  if (typeof body === 'string') {
    const length = Buffer.byteLength(body);
    head += 'content-length: ' + length + '\r\n\r\n';
    return length === body.length && length <= INLINE_BODY_BYTES ? head + body : head;
  }
  head += 'content-length: ' + body.length + '\r\n\r\n';
  return body.length <= INLINE_BODY_BYTES ? head + body.toString('latin1') : head;
}

/** For error messages: control characters shown as escapes, long input cut. */
function printable(text: string): string {
  return JSON.stringify(text.length > 64 ? `${text.slice(0, 64)}…` : text).slice(1, -1);
}
