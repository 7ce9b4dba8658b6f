/**
 * Incremental HTTP/1.0 and 1.1 response parser for the upstream client: bytes go in as the socket delivers them
 * (any split, one byte at a time included), the head comes out once as a flat `[name, value, ...]` list with
 * lower-case names, body bytes come out as slices of the input (never copied), and the end of the message is
 * reported once. It is strict where laxity lets a response be read two ways (request smuggling, response
 * splitting): any doubt is an `Http1ParseError`, after which the connection must be dropped.
 */

import { CONTENT_LENGTH_DIGITS, HTTP_TOKEN } from '../../http1/http1-syntax';

/** A response that cannot be read safely; the connection it arrived on is unusable. */
export class Http1ParseError extends Error {
  readonly code = 'UPSTREAM_PROTOCOL_ERROR';
}

export interface Http1ResponseListener {
  /** The final (non-1xx) response's status and headers, names lower-cased, values as sent (latin1). */
  onResponseHead(statusCode: number, headers: string[]): void;
  /** A piece of the body: a view into the chunk given to `feed`, valid as long as that chunk is. */
  onResponseBody(chunk: Buffer): void;
  onResponseComplete(): void;
}

export interface Http1ParserLimits {
  /** Status line plus header lines, and separately all trailer lines of a chunked body. */
  maxHeaderBytes: number;
  /** One chunk-size line with its extensions. */
  maxChunkLineBytes: number;
}

export const DEFAULT_PARSER_LIMITS: Http1ParserLimits = { maxHeaderBytes: 64 * 1024, maxChunkLineBytes: 4 * 1024 };

// States. Numbers rather than an enum so SWC and tsc emit the same comparisons.
const IDLE = 0;
const HEAD = 1;
const BODY_LENGTH = 2;
const BODY_UNTIL_EOF = 3;
const CHUNK_SIZE = 4;
const CHUNK_SIZE_BWS = 5;
const CHUNK_EXT = 6;
const CHUNK_SIZE_LF = 7;
const CHUNK_DATA = 8;
const CHUNK_DATA_CR = 9;
const CHUNK_DATA_LF = 10;
const TRAILER_START = 11;
const TRAILER_LINE = 12;
const TRAILER_LINE_LF = 13;
const TRAILER_END_LF = 14;
const COMPLETE = 15;
const DEAD = 16;

const CR = 13;
const LF = 10;
const SP = 32;
const HTAB = 9;
const END_OF_HEAD = Buffer.from('\r\n\r\n', 'latin1');
/** Above this a chunk size could not be counted exactly in a double. */
const MAX_CHUNK_SIZE_BEFORE_DIGIT = Math.floor(Number.MAX_SAFE_INTEGER / 16);

/**
 * Lines of HTAB, visible characters and obs-text joined by CRLF: no other control character, no CR or LF alone.
 * Written as one deterministic pattern (no alternation at each position), it costs about a quarter of the
 * equivalent search for a bad character.
 */
const VALID_HEAD = /^[\t\x20-\x7e\x80-\xff]*(?:\r\n[\t\x20-\x7e\x80-\xff]*)*$/;
const KEEP_ALIVE_TIMEOUT = /(?:^|[,;\s])timeout\s*=\s*"?([0-9]{1,9})/i;

const HEX = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) HEX[48 + i] = i;
for (let i = 0; i < 6; i++) HEX[65 + i] = HEX[97 + i] = 10 + i;

export class Http1ResponseParser {
  private state = IDLE;
  private headRequest = false;
  /** Bytes of a head (or trailer section) that arrived split over several chunks; null while none is pending. */
  private pending: Buffer | null = null;
  private pendingLength = 0;
  private remaining = 0;
  private chunkSize = 0;
  private chunkDigits = 0;
  private chunkLineBytes = 0;
  private trailerBytes = 0;
  private contentLength = -1;
  private transferEncoding: string | null = null;
  private closeRequested = false;
  private http10 = false;
  private keepAliveHintSeconds = -1;
  private statusCode = 0;

  constructor(
    private readonly listener: Http1ResponseListener,
    private readonly limits: Http1ParserLimits = DEFAULT_PARSER_LIMITS,
  ) {}

  /** Arms the parser for the response to the request just sent; HEAD responses have no body whatever they say. */
  expect(headRequest: boolean): void {
    this.state = HEAD;
    this.headRequest = headRequest;
    this.pendingLength = 0;
    this.resetHead();
  }

  /** The message has been read to its end; the next one needs `expect` again. */
  get complete(): boolean {
    return this.state === COMPLETE;
  }

  /** Waiting for nothing: no request is outstanding (or the last response was read to its end). */
  get idle(): boolean {
    return this.state === IDLE || this.state === COMPLETE;
  }

  /** After a complete response: whether the connection may carry another request. */
  get keepAlive(): boolean {
    return !this.closeRequested && !this.http10;
  }

  /** The `Keep-Alive: timeout=N` the upstream announced, in seconds; -1 when it did not. */
  get keepAliveTimeoutSeconds(): number {
    return this.keepAliveHintSeconds;
  }

  get status(): number {
    return this.statusCode;
  }

  /** Stops parsing for good (the connection is being dropped); a `feed` in progress returns at once. */
  kill(): void {
    this.state = DEAD;
    this.pending = null;
    this.pendingLength = 0;
  }

  /**
   * Reads bytes of the response. Returns how many were part of it: fewer than `chunk.length` only when the
   * response completed inside the chunk (what follows belongs to no request) or the parser was killed meanwhile.
   * Throws `Http1ParseError` on anything malformed.
   */
  feed(chunk: Buffer): number {
    const length = chunk.length;
    let pos = 0;
    while (pos < length) {
      switch (this.state) {
        case HEAD:
          pos = this.readHead(chunk, pos);
          break;
        case BODY_LENGTH: {
          const n = Math.min(this.remaining, length - pos);
          this.remaining -= n;
          this.listener.onResponseBody(n === length ? chunk : chunk.subarray(pos, pos + n));
          pos += n;
          if (this.remaining === 0 && this.state === BODY_LENGTH) this.finish();
          break;
        }
        case BODY_UNTIL_EOF:
          this.listener.onResponseBody(pos === 0 ? chunk : chunk.subarray(pos));
          pos = length;
          break;
        case CHUNK_SIZE: {
          const b = chunk[pos++];
          const digit = HEX[b];
          if (digit >= 0) {
            if (this.chunkSize > MAX_CHUNK_SIZE_BEFORE_DIGIT) throw new Http1ParseError('chunk size too large');
            this.chunkSize = this.chunkSize * 16 + digit;
            this.chunkDigits++;
            this.countChunkLine(1);
          } else if (this.chunkDigits === 0) throw new Http1ParseError('invalid chunk size');
          else if (b === CR) this.state = CHUNK_SIZE_LF;
          else if (b === 59 /* ; */) this.state = CHUNK_EXT;
          else if (b === SP || b === HTAB) this.state = CHUNK_SIZE_BWS;
          else throw new Http1ParseError('invalid chunk size');
          break;
        }
        case CHUNK_SIZE_BWS: {
          const b = chunk[pos++];
          this.countChunkLine(1);
          if (b === 59) this.state = CHUNK_EXT;
          else if (b === CR) this.state = CHUNK_SIZE_LF;
          else if (b !== SP && b !== HTAB) throw new Http1ParseError('invalid chunk size');
          break;
        }
        case CHUNK_EXT: {
          // Extensions carry nothing we use: skip to the line's CR, refusing bytes that would end it early.
          const cr = chunk.indexOf(CR, pos);
          const end = cr < 0 ? length : cr;
          for (let i = pos; i < end; i++) if (chunk[i] === LF || chunk[i] === 0) throw new Http1ParseError('invalid chunk extension');
          this.countChunkLine(end - pos);
          pos = end;
          if (cr >= 0) {
            pos++;
            this.state = CHUNK_SIZE_LF;
          }
          break;
        }
        case CHUNK_SIZE_LF:
          if (chunk[pos++] !== LF) throw new Http1ParseError('chunk size line not ended by CRLF');
          this.chunkLineBytes = 0;
          this.chunkDigits = 0;
          if (this.chunkSize === 0) this.state = TRAILER_START;
          else {
            this.remaining = this.chunkSize;
            this.chunkSize = 0;
            this.state = CHUNK_DATA;
          }
          break;
        case CHUNK_DATA: {
          const n = Math.min(this.remaining, length - pos);
          this.remaining -= n;
          this.listener.onResponseBody(n === length ? chunk : chunk.subarray(pos, pos + n));
          pos += n;
          if (this.remaining === 0 && this.state === CHUNK_DATA) this.state = CHUNK_DATA_CR;
          break;
        }
        case CHUNK_DATA_CR:
          if (chunk[pos++] !== CR) throw new Http1ParseError('chunk data not followed by CRLF');
          this.state = CHUNK_DATA_LF;
          break;
        case CHUNK_DATA_LF:
          if (chunk[pos++] !== LF) throw new Http1ParseError('chunk data not followed by CRLF');
          this.state = CHUNK_SIZE;
          break;
        case TRAILER_START: {
          const b = chunk[pos];
          if (b === CR) {
            pos++;
            this.state = TRAILER_END_LF;
          } else if (b === SP || b === HTAB) throw new Http1ParseError('obsolete line folding in trailers');
          else this.state = TRAILER_LINE;
          break;
        }
        case TRAILER_LINE: {
          // Trailers are read and dropped: the gateway forwards whole bodies with a Content-Length.
          const cr = chunk.indexOf(CR, pos);
          const end = cr < 0 ? length : cr;
          for (let i = pos; i < end; i++) if (chunk[i] === LF || chunk[i] === 0) throw new Http1ParseError('invalid character in trailers');
          this.trailerBytes += end - pos;
          if (this.trailerBytes > this.limits.maxHeaderBytes) throw new Http1ParseError('trailers too large');
          pos = end;
          if (cr >= 0) {
            pos++;
            this.state = TRAILER_LINE_LF;
          }
          break;
        }
        case TRAILER_LINE_LF:
          if (chunk[pos++] !== LF) throw new Http1ParseError('trailer line not ended by CRLF');
          this.state = TRAILER_START;
          break;
        case TRAILER_END_LF:
          if (chunk[pos++] !== LF) throw new Http1ParseError('trailers not ended by CRLF');
          this.finish();
          break;
        case IDLE:
          throw new Http1ParseError('data from the upstream while no request is outstanding');
        default:
          // COMPLETE (bytes after the response) or DEAD: the caller decides what the rest means.
          return pos;
      }
    }
    return pos;
  }

  /**
   * The upstream closed its side. Completes a body delimited by the close; throws when a response was expected
   * and is incomplete (nothing of it arrived included).
   */
  end(): void {
    if (this.state === BODY_UNTIL_EOF) this.finish();
    else if (this.state !== IDLE && this.state !== COMPLETE && this.state !== DEAD) {
      throw new Http1ParseError('upstream closed the connection before the response was complete');
    }
  }

  private finish(): void {
    this.state = COMPLETE;
    this.listener.onResponseComplete();
  }

  private countChunkLine(n: number): void {
    this.chunkLineBytes += n;
    if (this.chunkLineBytes > this.limits.maxChunkLineBytes) throw new Http1ParseError('chunk size line too long');
  }

  private resetHead(): void {
    this.contentLength = -1;
    this.transferEncoding = null;
    this.closeRequested = false;
    this.http10 = false;
    this.keepAliveHintSeconds = -1;
    this.statusCode = 0;
    this.chunkSize = 0;
    this.chunkDigits = 0;
    this.chunkLineBytes = 0;
    this.trailerBytes = 0;
  }

  /** Finds the blank line ending the head; buffers a head split over chunks. Returns the position after it. */
  private readHead(chunk: Buffer, pos: number): number {
    const max = this.limits.maxHeaderBytes;
    if (this.pendingLength === 0) {
      const end = chunk.indexOf(END_OF_HEAD, pos);
      if (end >= 0) {
        if (end - pos > max) throw new Http1ParseError('response headers too large');
        this.parseHead(chunk.toString('latin1', pos, end));
        return end + 4;
      }
      this.appendPending(chunk, pos, chunk.length, max);
      return chunk.length;
    }
    // Continue a split head: copy at most what could still belong to it, search from just before the seam.
    const before = this.pendingLength;
    const take = Math.min(chunk.length - pos, max + 4 - before);
    this.appendPending(chunk, pos, pos + take, max);
    const pending = this.pending!;
    const end = pending.subarray(0, this.pendingLength).indexOf(END_OF_HEAD, Math.max(0, before - 3));
    if (end < 0) {
      if (this.pendingLength >= max + 4) throw new Http1ParseError('response headers too large');
      return pos + take;
    }
    if (end > max) throw new Http1ParseError('response headers too large');
    this.pendingLength = 0;
    this.parseHead(pending.toString('latin1', 0, end));
    return pos + (end + 4 - before);
  }

  private appendPending(chunk: Buffer, from: number, to: number, max: number): void {
    const need = this.pendingLength + (to - from);
    if (need > max + 4) throw new Http1ParseError('response headers too large');
    if (this.pending === null || this.pending.length < need) {
      const grown = Buffer.allocUnsafe(Math.min(max + 4, Math.max(need, 2 * (this.pending?.length ?? 256))));
      if (this.pending !== null) this.pending.copy(grown, 0, 0, this.pendingLength);
      this.pending = grown;
    }
    chunk.copy(this.pending, this.pendingLength, from, to);
    this.pendingLength = need;
  }

  private parseHead(text: string): void {
    if (!VALID_HEAD.test(text)) throw new Http1ParseError('invalid character in response head');
    this.resetHead();
    let lineEnd = text.indexOf('\r\n');
    if (lineEnd < 0) lineEnd = text.length;
    this.parseStatusLine(text, lineEnd);
    const headers: string[] = [];
    let start = lineEnd + 2;
    while (start < text.length) {
      let end = text.indexOf('\r\n', start);
      if (end < 0) end = text.length;
      const first = text.charCodeAt(start);
      if (first === SP || first === HTAB) throw new Http1ParseError('obsolete line folding in response headers');
      const colon = text.indexOf(':', start);
      if (colon < 0 || colon > end) throw new Http1ParseError('response header line without a colon');
      const name = text.slice(start, colon);
      if (!HTTP_TOKEN.test(name)) throw new Http1ParseError(`invalid response header name '${name}'`);
      let from = colon + 1;
      let to = end;
      while (from < to && (text.charCodeAt(from) === SP || text.charCodeAt(from) === HTAB)) from++;
      while (to > from && (text.charCodeAt(to - 1) === SP || text.charCodeAt(to - 1) === HTAB)) to--;
      const lower = name.toLowerCase();
      const value = text.slice(from, to);
      headers.push(lower, value);
      // Length checks first: most names are none of the four that frame the message.
      if (lower.length === 14 && lower === 'content-length') this.readContentLength(value);
      else if (lower.length === 17 && lower === 'transfer-encoding') this.transferEncoding = this.transferEncoding === null ? value : `${this.transferEncoding}, ${value}`;
      else if (lower.length === 10 && lower === 'connection') {
        if (/(?:^|,)\s*close\s*(?:,|$)/i.test(value)) this.closeRequested = true;
      } else if (lower.length === 10 && lower === 'keep-alive') {
        const m = KEEP_ALIVE_TIMEOUT.exec(value);
        if (m) this.keepAliveHintSeconds = Number(m[1]);
      }
      start = end + 2;
    }
    this.startBody(headers);
  }

  /** `HTTP/1.x SP 3DIGIT [SP reason]`; a missing reason phrase (and its space) is tolerated, as browsers do. */
  private parseStatusLine(text: string, end: number): void {
    if (end < 12 || !text.startsWith('HTTP/1.') || text.charCodeAt(8) !== SP) throw new Http1ParseError(`invalid status line '${text.slice(0, Math.min(end, 64))}'`);
    const minor = text.charCodeAt(7);
    if (minor !== 48 && minor !== 49) throw new Http1ParseError(`unsupported HTTP version '${text.slice(0, 8)}'`);
    const d0 = text.charCodeAt(9) - 48;
    const d1 = text.charCodeAt(10) - 48;
    const d2 = text.charCodeAt(11) - 48;
    if (d0 < 1 || d0 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9 || (end > 12 && text.charCodeAt(12) !== SP)) {
      throw new Http1ParseError(`invalid status line '${text.slice(0, Math.min(end, 64))}'`);
    }
    this.statusCode = d0 * 100 + d1 * 10 + d2;
    this.http10 = minor === 48;
  }

  private readContentLength(value: string): void {
    // A list of identical values ("5, 5", or repeated lines) is one length (RFC 9110 §8.6); anything else is an error.
    const values = value.includes(',') ? value.split(',').map((v) => v.trim()) : [value];
    for (const v of values) {
      if (!CONTENT_LENGTH_DIGITS.test(v)) throw new Http1ParseError(`invalid Content-Length '${value}'`);
      const n = Number(v);
      if (this.contentLength >= 0 && this.contentLength !== n) throw new Http1ParseError('conflicting Content-Length values');
      this.contentLength = n;
    }
  }

  private startBody(headers: string[]): void {
    const status = this.statusCode;
    if (status < 200) {
      // Interim responses (100 Continue, 103 Early Hints) are skipped; the final one follows on the same bytes.
      if (status === 101) throw new Http1ParseError('unexpected 101 Switching Protocols (no upgrade was requested)');
      this.state = HEAD;
      return;
    }
    let chunked = false;
    if (this.transferEncoding !== null) {
      if (this.contentLength >= 0) throw new Http1ParseError('both Transfer-Encoding and Content-Length in a response');
      const codings = this.transferEncoding.toLowerCase().split(',');
      for (let i = 0; i < codings.length; i++) {
        if (codings[i].trim() !== 'chunked') continue;
        if (i !== codings.length - 1) throw new Http1ParseError('chunked is not the final transfer coding');
        chunked = true;
      }
    }
    if (this.headRequest || status === 204 || status === 304) {
      this.listener.onResponseHead(status, headers);
      if (this.state === HEAD) this.finish();
      return;
    }
    if (chunked) this.state = CHUNK_SIZE;
    else if (this.transferEncoding === null && this.contentLength >= 0) {
      this.remaining = this.contentLength;
      this.state = BODY_LENGTH;
    } else {
      // No framing (or a coding we do not undo): the body runs until the upstream closes.
      this.state = BODY_UNTIL_EOF;
      this.closeRequested = true;
    }
    this.listener.onResponseHead(status, headers);
    if (this.state === BODY_LENGTH && this.remaining === 0) this.finish();
  }
}
