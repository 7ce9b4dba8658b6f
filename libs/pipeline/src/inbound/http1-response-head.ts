import { STATUS_CODES } from 'node:http';
import { HTTP_TOKEN, INVALID_HEADER_VALUE_CHAR } from '../http1/http1-syntax';

/**
 * The status line and header block of a response on the fast path, as one latin1 string, with what node:http adds
 * to a response: a `Date` (unless the response has one) and the connection's fate (`Connection: keep-alive` with
 * `Keep-Alive: timeout=N`, or `Connection: close`). Names and values are checked as node:http checks them, with the
 * same error texts, before anything is written.
 */


export interface ResponseHead {
  text: string;
  /** The connection closes after this response (asked by the request, the response or the server). */
  close: boolean;
}

/**
 * `keepAliveSeconds` is announced in `Keep-Alive`; `close` is whether the connection must close whatever the
 * headers say (the client asked, or the server is shutting down).
 */
export function encodeResponseHead(statusCode: number, headers: string[], close: boolean, keepAliveSeconds: number): ResponseHead {
  let text = 'HTTP/1.1 ' + statusCode + ' ' + (STATUS_CODES[statusCode] ?? 'unknown') + '\r\n';
  let hasDate = false;
  let hasConnection = false;
  for (let i = 0; i < headers.length; i += 2) {
    const name = headers[i];
    const value = headers[i + 1];
    if (!HTTP_TOKEN.test(name)) throw new TypeError(`Header name must be a valid HTTP token ["${name}"]`);
    if (INVALID_HEADER_VALUE_CHAR.test(value)) throw new TypeError(`Invalid character in header content ["${name}"]`);
    // Only names of these lengths can be one of the two looked at here: most headers skip the lower-casing.
    if (name.length === 4 && name.toLowerCase() === 'date') hasDate = true;
    else if (name.length === 10 && name.toLowerCase() === 'connection') {
      hasConnection = true;
      if (/\bclose\b/i.test(value)) close = true;
    }
    text += name + ': ' + value + '\r\n';
  }
  if (!hasDate) text += 'Date: ' + utcDate() + '\r\n';
  if (!hasConnection) text += close ? 'Connection: close\r\n' : 'Connection: keep-alive\r\nKeep-Alive: timeout=' + keepAliveSeconds + '\r\n';
  return { text: text + '\r\n', close };
}

let dateSecond = -1;
let dateText = '';

/** The IMF-fixdate of now, formatted once per second. */
export function utcDate(): string {
  const now = Date.now();
  const second = Math.floor(now / 1000);
  if (second !== dateSecond) {
    dateSecond = second;
    dateText = new Date(second * 1000).toUTCString();
  }
  return dateText;
}
