import { Http1ParseError, Http1ResponseParser } from './http1-response.parser';

interface Parsed {
  status: number | null;
  headers: string[] | null;
  body: Buffer;
  heads: number;
  completions: number;
  consumed: number;
  keepAlive: boolean;
  keepAliveTimeoutSeconds: number;
}

/** Feeds `raw` cut at `cuts` (ascending offsets), then signals EOF when asked; records what the parser reported. */
function parse(raw: Buffer, cuts: number[], options: { head?: boolean; eof?: boolean } = {}): Parsed {
  const out: Parsed = { status: null, headers: null, body: Buffer.alloc(0), heads: 0, completions: 0, consumed: 0, keepAlive: false, keepAliveTimeoutSeconds: -1 };
  const pieces: Buffer[] = [];
  const sut = new Http1ResponseParser({
    onResponseHead: (status, headers) => {
      out.heads++;
      out.status = status;
      out.headers = headers;
    },
    onResponseBody: (chunk) => pieces.push(Buffer.from(chunk)),
    onResponseComplete: () => out.completions++,
  });
  sut.expect(options.head ?? false);
  let from = 0;
  for (const to of [...cuts, raw.length]) {
    const piece = raw.subarray(from, to);
    from = to;
    if (piece.length === 0) continue;
    const n = sut.feed(piece);
    out.consumed += n;
    if (n < piece.length) break;
  }
  if (options.eof) sut.end();
  out.body = Buffer.concat(pieces);
  out.keepAlive = sut.keepAlive;
  out.keepAliveTimeoutSeconds = sut.keepAliveTimeoutSeconds;
  return out;
}

/** Every way of cutting `raw` in two, and one byte at a time. */
function everySplit(raw: Buffer): number[][] {
  const splits: number[][] = [[]];
  for (let i = 1; i < raw.length; i++) splits.push([i]);
  splits.push(Array.from({ length: raw.length - 1 }, (_, i) => i + 1));
  return splits;
}

function bytes(text: string | Buffer): Buffer {
  return typeof text === 'string' ? Buffer.from(text, 'latin1') : text;
}

/** Parses `raw` at every split point and expects the same result each time. */
function expectEverySplit(raw: string | Buffer, expected: Partial<Omit<Parsed, 'body'>> & { body?: Buffer | string }, options: { head?: boolean; eof?: boolean } = {}): void {
  const input = bytes(raw);
  for (const cuts of everySplit(input)) {
    const got = parse(input, cuts, options);
    const { body, ...rest } = expected;
    expect({ cuts, ...pick(got, Object.keys(rest) as Array<keyof Parsed>) }).toEqual({ cuts, ...rest });
    if (body !== undefined) expect({ cuts, body: got.body.toString('latin1') }).toEqual({ cuts, body: bytes(body).toString('latin1') });
    expect({ cuts, heads: got.heads, completions: got.completions }).toEqual({ cuts, heads: 1, completions: 1 });
  }
}

function pick(parsed: Parsed, keys: Array<keyof Parsed>): Partial<Parsed> {
  const out: Partial<Parsed> = {};
  for (const key of keys) (out as Record<string, unknown>)[key] = parsed[key];
  return out;
}

/** Expects `raw` to be refused whichever way it is cut, without the response ever completing. */
function expectRejectedEverySplit(raw: string | Buffer, message: RegExp, options: { head?: boolean; eof?: boolean } = {}): void {
  const input = bytes(raw);
  for (const cuts of everySplit(input)) {
    let completed = 0;
    let error: unknown = null;
    try {
      completed = parse(input, cuts, options).completions;
    } catch (e) {
      error = e;
    }
    expect({ cuts, completed, error: error instanceof Http1ParseError ? error.message : String(error) }).toEqual({ cuts, completed: 0, error: expect.stringMatching(message) });
  }
}

describe(Http1ResponseParser.name, () => {
  describe('reads at every split point', () => {
    it('a Content-Length body, keeping header order, lower-casing names and trimming optional whitespace', () => {
      expectEverySplit('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Empty:\r\nX-Spaced: \t a b \t\r\nContent-Length: 5\r\n\r\nhello', {
        status: 200,
        headers: ['content-type', 'text/plain', 'x-empty', '', 'x-spaced', 'a b', 'content-length', '5'],
        body: 'hello',
        keepAlive: true,
        consumed: 98,
      });
    });

    it('binary bodies and latin1 header values byte for byte', () => {
      const body = Buffer.from([0x00, 0xff, 0x80, 0x0d, 0x0a, 0x0d, 0x0a, 0xc3, 0xa9]);
      expectEverySplit(Buffer.concat([bytes('HTTP/1.1 200 OK\r\nX-Name: caf\xe9\r\nContent-Length: 9\r\n\r\n'), body]), {
        headers: ['x-name', 'caf\xe9', 'content-length', '9'],
        body,
      });
    });

    it('a chunked body with chunk extensions and trailers, dropping the trailers', () => {
      expectEverySplit('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;name=value\r\nhello\r\n6 ; a="b;c"\r\n, wide\r\n000A\r\n world!!!!\r\n0\r\nX-Trailer: t\r\nX-Other: u\r\n\r\n', {
        status: 200,
        headers: ['transfer-encoding', 'chunked'],
        body: 'hello, wide world!!!!',
        keepAlive: true,
      });
    });

    it('a chunked body without trailers', () => {
      expectEverySplit('HTTP/1.1 201 Created\r\nTransfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n', { status: 201, body: 'abc', keepAlive: true });
    });

    it('a body delimited by the close of the connection, which is then not reusable', () => {
      expectEverySplit('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nread until the end', { status: 200, body: 'read until the end', keepAlive: false }, { eof: true });
    });

    it('a body with a transfer coding other than chunked as close-delimited', () => {
      expectEverySplit('HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n\x1f\x8bzz', { body: '\x1f\x8bzz', keepAlive: false }, { eof: true });
    });

    it('no body for a HEAD request, whatever Content-Length or Transfer-Encoding says', () => {
      expectEverySplit('HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n', { status: 200, body: '', keepAlive: true }, { head: true });
      expectEverySplit('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n', { status: 200, body: '', keepAlive: true }, { head: true });
    });

    it('no body for 204 and 304', () => {
      expectEverySplit('HTTP/1.1 204 No Content\r\nContent-Length: 10\r\n\r\n', { status: 204, body: '', keepAlive: true });
      expectEverySplit('HTTP/1.1 304 Not Modified\r\nETag: "x"\r\nContent-Length: 10\r\n\r\n', { status: 304, body: '', keepAlive: true });
    });

    it('skips 100 Continue and 103 Early Hints and reports only the final response', () => {
      expectEverySplit('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a.css>\r\n\r\nHTTP/1.1 200 OK\r\nX-Final: yes\r\nContent-Length: 4\r\n\r\ndone', {
        status: 200,
        headers: ['x-final', 'yes', 'content-length', '4'],
        body: 'done',
      });
    });

    it('an empty Content-Length body, and a status line without a reason phrase', () => {
      expectEverySplit('HTTP/1.1 202\r\nContent-Length: 0\r\n\r\n', { status: 202, body: '', keepAlive: true });
      expectEverySplit('HTTP/1.1 404 \r\nContent-Length: 0\r\n\r\n', { status: 404, body: '' });
    });

    it('repeated Content-Length values that agree', () => {
      expectEverySplit('HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 3, 3\r\n\r\nabc', { body: 'abc' });
    });

    it('Connection: close and HTTP/1.0 responses as not reusable; Keep-Alive timeout as announced', () => {
      expectEverySplit('HTTP/1.1 200 OK\r\nConnection: keep-alive, Close\r\nContent-Length: 2\r\n\r\nok', { body: 'ok', keepAlive: false });
      expectEverySplit('HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok', { body: 'ok', keepAlive: false });
      expectEverySplit('HTTP/1.1 200 OK\r\nKeep-Alive: max=100, timeout=3\r\nContent-Length: 2\r\n\r\nok', { body: 'ok', keepAlive: true, keepAliveTimeoutSeconds: 3 });
    });

    it('stops at the end of the response and reports bytes after it as not consumed', () => {
      expectEverySplit('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 200 OK', { body: 'ok', consumed: 40 });
    });
  });

  it('keeps a body that arrives in one piece as the very chunk it arrived in', () => {
    const seen: Buffer[] = [];
    const sut = new Http1ResponseParser({ onResponseHead: () => undefined, onResponseBody: (c) => seen.push(c), onResponseComplete: () => undefined });
    sut.expect(false);
    sut.feed(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n'));
    const body = Buffer.from('hello');
    sut.feed(body);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBe(body);
  });

  it('reads one response after another once re-armed', () => {
    const statuses: number[] = [];
    const sut = new Http1ResponseParser({ onResponseHead: (s) => statuses.push(s), onResponseBody: () => undefined, onResponseComplete: () => undefined });
    for (const status of [200, 404, 500]) {
      sut.expect(false);
      expect(sut.feed(Buffer.from(`HTTP/1.1 ${status} X\r\nContent-Length: 1\r\n\r\nx`))).toBe(38);
      expect(sut.complete).toBe(true);
    }
    expect(statuses).toEqual([200, 404, 500]);
  });

  it('stops feeding at once when killed from a callback', () => {
    const seen: string[] = [];
    const sut: Http1ResponseParser = new Http1ResponseParser({
      onResponseHead: () => sut.kill(),
      onResponseBody: (c) => seen.push(c.toString()),
      onResponseComplete: () => seen.push('complete'),
    });
    sut.expect(false);
    expect(sut.feed(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello'))).toBe(38);
    expect(seen).toEqual([]);
  });

  describe('rejects at every split point', () => {
    it.each([
      ['HTTP/2 200 OK\r\nContent-Length: 0\r\n\r\n', /invalid status line/],
      ['HTTP/1.2 200 OK\r\nContent-Length: 0\r\n\r\n', /unsupported HTTP version/],
      ['HTTP/1.1 20 OK\r\nContent-Length: 0\r\n\r\n', /invalid status line/],
      ['HTTP/1.1 2000 OK\r\nContent-Length: 0\r\n\r\n', /invalid status line/],
      ['HTTP/1.1 099 Low\r\nContent-Length: 0\r\n\r\n', /invalid status line/],
      ['HTTP/1.1  200 OK\r\nContent-Length: 0\r\n\r\n', /invalid status line/],
      ['ICY 200 OK\r\nContent-Length: 0\r\n\r\n', /invalid status line/],
      ['\r\n\r\n', /invalid status line/],
    ])('a bad status line: %j', (raw, message) => expectRejectedEverySplit(raw, message));

    it.each([
      ['zz\r\nhello\r\n0\r\n\r\n', /invalid chunk size/],
      ['\r\nhello\r\n0\r\n\r\n', /invalid chunk size/],
      ['5x\r\nhello\r\n0\r\n\r\n', /invalid chunk size/],
      ['-5\r\nhello\r\n0\r\n\r\n', /invalid chunk size/],
      ['5 x\r\nhello\r\n0\r\n\r\n', /invalid chunk size/],
      ['fffffffffffffff\r\n', /chunk size too large/],
      ['5\rhello\r\n0\r\n\r\n', /chunk size line not ended by CRLF/],
      ['5\nhello\r\n0\r\n\r\n', /invalid chunk size/],
      ['5\r\nhelloX\r\n0\r\n\r\n', /chunk data not followed by CRLF/],
      ['5\r\nhello\rX0\r\n\r\n', /chunk data not followed by CRLF/],
      ['5;a=\nb\r\nhello\r\n0\r\n\r\n', /invalid chunk extension/],
      [`5;${'x'.repeat(5000)}\r\nhello\r\n0\r\n\r\n`, /chunk size line too long/],
      ['0\r\nX-T: a\nb\r\n\r\n', /invalid character in trailers/],
      ['0\r\n folded\r\n\r\n', /obsolete line folding in trailers/],
      ['0\r\n\rX', /trailers not ended by CRLF/],
    ])('a bad chunked body: %j', (chunks, message) => {
      // Long inputs: every split of the head is enough, the chunk framing is exercised byte by byte anyway.
      expectRejectedEverySplit(`HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${chunks}`, message);
    });

    it.each([
      ['Content-Length: -1', /invalid Content-Length/],
      ['Content-Length: 1e3', /invalid Content-Length/],
      ['Content-Length: 0x10', /invalid Content-Length/],
      ['Content-Length: 99999999999999999999', /invalid Content-Length/],
      ['Content-Length:', /invalid Content-Length/],
      ['Content-Length: 5\r\nContent-Length: 6', /conflicting Content-Length/],
      ['Content-Length: 5, 6', /conflicting Content-Length/],
      ['Content-Length: 5\r\nTransfer-Encoding: chunked', /both Transfer-Encoding and Content-Length/],
      ['Transfer-Encoding: chunked, gzip', /chunked is not the final transfer coding/],
      ['Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked', /chunked is not the final transfer coding/],
    ])('bad message framing: %j', (header, message) => expectRejectedEverySplit(`HTTP/1.1 200 OK\r\n${header}\r\n\r\nhello`, message));

    it.each([
      ['X-Folded: a\r\n b', /obsolete line folding/],
      ['X-Folded: a\r\n\tb', /obsolete line folding/],
      ['X-Nul: a\x00b', /invalid character/],
      ['X-Lf: a\nb', /invalid character/],
      ['X-Cr: a\rb', /invalid character/],
      ['X-Ctl: a\x01b', /invalid character/],
      ['Bad Name: x', /invalid response header name/],
      [': empty name', /invalid response header name/],
      ['No-Colon', /without a colon/],
    ])('a bad header line: %j', (line, message) => expectRejectedEverySplit(`HTTP/1.1 200 OK\r\n${line}\r\nContent-Length: 0\r\n\r\n`, message));

    it('101 Switching Protocols, which nothing asked for', () => {
      expectRejectedEverySplit('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n', /unexpected 101/);
    });

    it('an end of the connection before the response is complete', () => {
      expectRejectedEverySplit('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nshort', /before the response was complete/, { eof: true });
      expectRejectedEverySplit('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n', /before the response was complete/, { eof: true });
      expectRejectedEverySplit('HTTP/1.1 200 OK\r\nContent-Le', /before the response was complete/, { eof: true });
    });
  });

  it('refuses a head larger than the limit, whether it arrives whole or in pieces', () => {
    const raw = Buffer.from(`HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(70 * 1024)}\r\nContent-Length: 0\r\n\r\n`, 'latin1');
    for (const cuts of [[], [100], [65 * 1024], Array.from({ length: 80 }, (_, i) => (i + 1) * 1000)]) {
      expect(() => parse(raw, cuts)).toThrow(/response headers too large/);
    }
    // Just under the limit is fine, also when split.
    const fits = Buffer.from(`HTTP/1.1 200 OK\r\nX-Big: ${'a'.repeat(60 * 1024)}\r\nContent-Length: 0\r\n\r\n`, 'latin1');
    for (const cuts of [[], [100], [fits.length - 2]]) expect(parse(fits, cuts).status).toBe(200);
  });

  it('refuses trailers larger than the limit', () => {
    const raw = Buffer.from(`HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nX-Big: ${'a'.repeat(70 * 1024)}\r\n\r\n`, 'latin1');
    expect(() => parse(raw, [])).toThrow(/trailers too large/);
  });

  it('refuses bytes while no request is outstanding', () => {
    const sut = new Http1ResponseParser({ onResponseHead: () => undefined, onResponseBody: () => undefined, onResponseComplete: () => undefined });
    expect(() => sut.feed(Buffer.from('HTTP/1.1 200 OK\r\n\r\n'))).toThrow(/no request is outstanding/);
  });
});
