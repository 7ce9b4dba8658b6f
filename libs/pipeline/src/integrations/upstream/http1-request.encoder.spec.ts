import { encodeRequest, INLINE_BODY_BYTES, InvalidUpstreamRequestError, isInlineBody, type UpstreamRequest } from './http1-request.encoder';

const request = (over: Partial<UpstreamRequest>): UpstreamRequest => ({ method: 'GET', path: '/', headers: [], body: null, ...over });

describe(encodeRequest.name, () => {
  it('writes the request line and the headers in order, adding host when the caller gave none', () => {
    expect(encodeRequest(request({ path: '/a?b=1', headers: ['Accept', 'text/plain', 'x-two', 'a', 'x-two', 'b'] }), 'up.example:8080')).toBe(
      'GET /a?b=1 HTTP/1.1\r\nAccept: text/plain\r\nx-two: a\r\nx-two: b\r\nhost: up.example:8080\r\n\r\n',
    );
    expect(encodeRequest(request({ headers: ['Host', 'given'] }), 'default')).toBe('GET / HTTP/1.1\r\nHost: given\r\n\r\n');
  });

  it('replaces the framing and connection headers a caller passes with its own Content-Length', () => {
    const wire = encodeRequest(
      request({ method: 'POST', headers: ['Content-Length', '999', 'transfer-encoding', 'chunked', 'Connection', 'close', 'keep-alive', 'timeout=1', 'host', 'h'], body: Buffer.from('abc') }),
      'h',
    );
    expect(wire).toBe('POST / HTTP/1.1\r\nhost: h\r\ncontent-length: 3\r\n\r\nabc');
  });

  it('says content-length: 0 for an empty POST, PUT or PATCH, and nothing for other methods', () => {
    for (const method of ['POST', 'PUT', 'PATCH']) expect(encodeRequest(request({ method, body: Buffer.alloc(0) }), 'h')).toBe(`${method} / HTTP/1.1\r\nhost: h\r\ncontent-length: 0\r\n\r\n`);
    for (const method of ['GET', 'DELETE', 'HEAD', 'OPTIONS']) expect(encodeRequest(request({ method }), 'h')).toBe(`${method} / HTTP/1.1\r\nhost: h\r\n\r\n`);
  });

  it('puts a small body in the same string: Buffer bytes as latin1 characters, ASCII strings as they are', () => {
    const bytes = Buffer.from([0x00, 0xc3, 0xa9, 0xff, 0x0d, 0x0a]);
    const wire = encodeRequest(request({ method: 'PUT', body: bytes }), 'h');
    expect(Buffer.from(wire, 'latin1').subarray(-6)).toEqual(bytes);
    expect(wire).toContain('content-length: 6\r\n\r\n');
    expect(encodeRequest(request({ method: 'POST', body: '{"a":1}' }), 'h')).toBe('POST / HTTP/1.1\r\nhost: h\r\ncontent-length: 7\r\n\r\n{"a":1}');
  });

  it('leaves a large body, and a string body that is not ASCII, to a separate write, counting its UTF-8 bytes', () => {
    const big = Buffer.alloc(INLINE_BODY_BYTES + 1, 0x61);
    expect(isInlineBody(big)).toBe(false);
    expect(encodeRequest(request({ method: 'POST', body: big }), 'h')).toBe(`POST / HTTP/1.1\r\nhost: h\r\ncontent-length: ${INLINE_BODY_BYTES + 1}\r\n\r\n`);
    expect(isInlineBody('café')).toBe(false);
    expect(encodeRequest(request({ method: 'POST', body: 'café' }), 'h')).toBe('POST / HTTP/1.1\r\nhost: h\r\ncontent-length: 5\r\n\r\n');
    expect(isInlineBody(Buffer.alloc(INLINE_BODY_BYTES))).toBe(true);
    expect(isInlineBody('plain')).toBe(true);
  });

  it('keeps latin1 header values (obs-text) as single bytes', () => {
    const wire = encodeRequest(request({ headers: ['x-name', 'caf\u00e9'] }), 'h');
    expect(Buffer.from(wire, 'latin1').includes(Buffer.from([0x63, 0x61, 0x66, 0xe9]))).toBe(true);
  });

  it.each([
    ['a CR LF in a header value', request({ headers: ['x-a', 'b\r\nx-injected: 1'] }), /invalid value for header 'x-a'/],
    ['a bare LF in a header value', request({ headers: ['x-a', 'b\nc'] }), /invalid value for header 'x-a'/],
    ['a NUL in a header value', request({ headers: ['x-a', 'b\u0000c'] }), /invalid value for header 'x-a'/],
    ['a character above U+00FF in a header value', request({ headers: ['x-a', 'snow \u2603'] }), /invalid value for header 'x-a'/],
    ['a space in a header name', request({ headers: ['x a', 'b'] }), /invalid header name 'x a'/],
    ['a colon in a header name', request({ headers: ['host: evil', 'b'] }), /invalid header name/],
    ['a CR LF in a header name', request({ headers: ['x\r\ny', 'b'] }), /invalid header name 'x\\r\\ny'/],
    ['an empty header name', request({ headers: ['', 'b'] }), /invalid header name/],
    ['a space in the path', request({ path: '/a b' }), /invalid request target/],
    ['a CR LF in the path', request({ path: '/a\r\nx: y' }), /invalid request target/],
    ['an empty path', request({ path: '' }), /invalid request target/],
    ['a method that is not a token', request({ method: 'GET /x' }), /invalid request method/],
    ['CONNECT', request({ method: 'CONNECT' }), /CONNECT requests are not supported/],
  ])('refuses %s', (_, bad, message) => {
    expect(() => encodeRequest(bad, 'h')).toThrow(InvalidUpstreamRequestError);
    expect(() => encodeRequest(bad, 'h')).toThrow(message);
  });
});
