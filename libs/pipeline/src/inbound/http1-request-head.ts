/**
 * Reads the head of one HTTP/1.1 request for the inbound fast path. It accepts only the plain, unambiguous shape most
 * API clients send (a known method, an origin-form target, `HTTP/1.1`, token header names, printable ASCII values,
 * at most one Content-Length, no Transfer-Encoding, Expect or Upgrade); anything else is `UNSUPPORTED`, and the
 * connection is handed, bytes unread, to node:http, which serves it or refuses it as it always did. So the fast path
 * never accepts a request node:http would refuse, and never reads one two ways (request smuggling).
 */

/** The head ends at the first CRLF CRLF; more bytes are needed until then. */
export const INCOMPLETE = 0;
/** Valid or not, not for the fast path: node:http reads it. */
export const UNSUPPORTED = 1;

import type { IncomingHttpHeaders } from 'node:http';
import { CONTENT_LENGTH_DIGITS, HTTP_TOKEN } from '../http1/http1-syntax';

export interface RequestHead {
  method: string;
  url: string;
  /** Lower-cased names with node:http's rules for repeated headers (see `addHeader`). */
  headers: IncomingHttpHeaders;
  /** `[name, value, ...]` as sent (names in their case, values without surrounding whitespace). */
  rawHeaders: string[];
  /** Bytes of the head, final CRLF CRLF included; the body (if any) starts there. */
  headBytes: number;
  /** Declared body length; 0 when no Content-Length was sent. */
  contentLength: number;
  /** `Connection: close` was asked for. */
  close: boolean;
}

const END_OF_HEAD = Buffer.from('\r\n\r\n', 'latin1');
const MAX_HEADER_LINES = 2000;
const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']);
/** Lines of HTAB and printable ASCII joined by CRLF: no other control character, no CR or LF alone, no obs-text. */
const PLAIN_HEAD = /^[\t\x20-\x7e]*(?:\r\n[\t\x20-\x7e]*)*$/;

/**
 * node:http keeps the first of these when a request repeats them (`IncomingMessage.headers`); `set-cookie` becomes
 * an array, `cookie` is joined with '; ', every other name with ', '.
 */
const FIRST_WINS = new Set([
  'content-type',
  'content-length',
  'user-agent',
  'referer',
  'host',
  'authorization',
  'proxy-authorization',
  'if-modified-since',
  'if-unmodified-since',
  'from',
  'location',
  'max-forwards',
  'retry-after',
  'etag',
  'last-modified',
  'server',
  'age',
  'expires',
]);

/**
 * Parses the head at the start of `input`. `maxHeadBytes` bounds the search: a longer head is `UNSUPPORTED` (node:http
 * answers 431 to it). `searchFrom` skips bytes already known to hold no CRLF CRLF.
 */
export function parseRequestHead(input: Buffer, maxHeadBytes: number, searchFrom = 0): RequestHead | typeof INCOMPLETE | typeof UNSUPPORTED {
  const end = input.indexOf(END_OF_HEAD, searchFrom);
  if (end < 0) return input.length > maxHeadBytes ? UNSUPPORTED : INCOMPLETE;
  const headBytes = end + 4;
  if (headBytes > maxHeadBytes) return UNSUPPORTED;
  const text = input.toString('latin1', 0, end);
  if (!PLAIN_HEAD.test(text)) return UNSUPPORTED;

  // Request line: METHOD SP origin-form SP HTTP/1.1
  let lineEnd = text.indexOf('\r\n');
  if (lineEnd < 0) lineEnd = text.length;
  const sp1 = text.indexOf(' ');
  if (sp1 <= 0 || sp1 > lineEnd) return UNSUPPORTED;
  const method = text.slice(0, sp1);
  if (!METHODS.has(method)) return UNSUPPORTED;
  const sp2 = text.indexOf(' ', sp1 + 1);
  if (sp2 < 0 || sp2 + 9 !== lineEnd || text.charCodeAt(sp1 + 1) !== 47 /* / */) return UNSUPPORTED;
  if (!text.startsWith('HTTP/1.1', sp2 + 1)) return UNSUPPORTED;
  const url = text.slice(sp1 + 1, sp2);

  const headers: Record<string, string | string[] | undefined> = {};
  const rawHeaders: string[] = [];
  let contentLength = -1;
  let close = false;
  let hasHost = false;
  let pos = lineEnd + 2;
  while (pos < text.length) {
    let next = text.indexOf('\r\n', pos);
    if (next < 0) next = text.length;
    const colon = text.indexOf(':', pos);
    if (colon < 0 || colon > next) return UNSUPPORTED;
    const name = text.slice(pos, colon);
    if (!HTTP_TOKEN.test(name)) return UNSUPPORTED;
    const value = trimOws(text, colon + 1, next);
    pos = next + 2;
    // node:http keeps the first 2,000 header lines (`maxHeadersCount`) and drops the rest: more is its to read.
    if (rawHeaders.length === MAX_HEADER_LINES * 2) return UNSUPPORTED;
    rawHeaders.push(name, value);
    const lower = name.toLowerCase();
    switch (lower) {
      case 'content-length':
        if (contentLength >= 0 || !CONTENT_LENGTH_DIGITS.test(value)) return UNSUPPORTED;
        contentLength = Number(value);
        break;
      case 'connection': {
        const token = value.toLowerCase();
        if (token === 'close') close = true;
        else if (token !== 'keep-alive') return UNSUPPORTED;
        break;
      }
      case 'host':
        hasHost = true;
        break;
      case 'transfer-encoding':
      case 'expect':
      case 'upgrade':
      case 'http2-settings':
        return UNSUPPORTED;
    }
    addHeader(headers, lower, value);
  }
  // HTTP/1.1 requires Host; node:http answers 400 without one.
  if (!hasHost) return UNSUPPORTED;
  return { method, url, headers, rawHeaders, headBytes, contentLength: contentLength < 0 ? 0 : contentLength, close };
}

/** node:http's `IncomingMessage.headers` rules for a name seen again. */
function addHeader(headers: Record<string, string | string[] | undefined>, name: string, value: string): void {
  if (name === 'set-cookie') {
    const list = headers[name];
    if (Array.isArray(list)) list.push(value);
    else headers[name] = [value];
    return;
  }
  const existing = headers[name];
  if (typeof existing !== 'string') headers[name] = value;
  else if (!FIRST_WINS.has(name)) headers[name] = existing + (name === 'cookie' ? '; ' : ', ') + value;
}

/** The value between `from` and `to` without leading and trailing spaces and tabs. */
function trimOws(text: string, from: number, to: number): string {
  let start = from;
  let end = to;
  while (start < end && isOws(text.charCodeAt(start))) start++;
  while (end > start && isOws(text.charCodeAt(end - 1))) end--;
  return text.slice(start, end);
}

function isOws(code: number): boolean {
  return code === 32 || code === 9;
}
