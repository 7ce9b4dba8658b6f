import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { INCOMPLETE, parseRequestHead, type RequestHead, UNSUPPORTED } from './http1-request-head';

const MAX = 16 * 1024;

function parse(text: string): RequestHead | typeof INCOMPLETE | typeof UNSUPPORTED {
  return parseRequestHead(Buffer.from(text, 'latin1'), MAX);
}

function head(text: string): RequestHead {
  const result = parse(text);
  if (typeof result === 'number') throw new Error(`not accepted: ${result}`);
  return result;
}

describe('parseRequestHead', () => {
  it('reads the request line, headers in both forms, and where the body starts', () => {
    const text = 'POST /a/b?x=1&y=%20 HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nX-Two:  a b \t\r\n\r\nabc';
    expect(head(text)).toEqual({
      method: 'POST',
      url: '/a/b?x=1&y=%20',
      headers: { host: 'h', 'content-length': '3', 'x-two': 'a b' },
      rawHeaders: ['Host', 'h', 'Content-Length', '3', 'X-Two', 'a b'],
      headBytes: text.length - 3,
      contentLength: 3,
      close: false,
    });
  });

  it('waits for the end of the head, and resumes its search where it stopped', () => {
    expect(parse('GET / HTTP/1.1\r\nHost: h\r\n')).toBe(INCOMPLETE);
    expect(parse('GET / HTTP/1.1\r\nHost: h\r\n\r')).toBe(INCOMPLETE);
    const full = Buffer.from('GET / HTTP/1.1\r\nHost: h\r\n\r\n', 'latin1');
    expect(parseRequestHead(full, MAX, full.length - 4)).toMatchObject({ url: '/' });
  });

  it('joins repeated headers as node:http does', () => {
    const { headers } = head(
      'GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\nX-A: 1\r\nx-a: 2\r\nCookie: c=1\r\nCookie: d=2\r\nSet-Cookie: s=1\r\nSet-Cookie: t=2\r\nUser-Agent: u1\r\nUser-Agent: u2\r\n\r\n',
    );
    expect(headers).toEqual({ host: 'a', 'x-a': '1, 2', cookie: 'c=1; d=2', 'set-cookie': ['s=1', 't=2'], 'user-agent': 'u1' });
  });

  it('notes Connection: close, and takes keep-alive as the default', () => {
    expect(head('GET / HTTP/1.1\r\nHost: h\r\nConnection: Close\r\n\r\n').close).toBe(true);
    expect(head('GET / HTTP/1.1\r\nHost: h\r\nConnection: keep-alive\r\n\r\n').close).toBe(false);
  });

  it.each([
    ['HTTP/1.0', 'GET / HTTP/1.0\r\nHost: h\r\n\r\n'],
    ['an unknown method', 'BREW / HTTP/1.1\r\nHost: h\r\n\r\n'],
    ['a lower-case method', 'get / HTTP/1.1\r\nHost: h\r\n\r\n'],
    ['an absolute-form target', 'GET http://h/ HTTP/1.1\r\nHost: h\r\n\r\n'],
    ['an asterisk target', 'OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n'],
    ['a space in the target', 'GET /a b HTTP/1.1\r\nHost: h\r\n\r\n'],
    ['two spaces after the method', 'GET  / HTTP/1.1\r\nHost: h\r\n\r\n'],
    ['no Host', 'GET / HTTP/1.1\r\nX: y\r\n\r\n'],
    ['chunked', 'POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n'],
    ['Content-Length and Transfer-Encoding', 'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n'],
    ['two Content-Lengths', 'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\n'],
    ['a signed Content-Length', 'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: +3\r\n\r\n'],
    ['a Content-Length list', 'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 3, 3\r\n\r\n'],
    ['a huge Content-Length', 'POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 9999999999999999\r\n\r\n'],
    ['Expect', 'POST / HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n'],
    ['Upgrade', 'GET / HTTP/1.1\r\nHost: h\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n'],
    ['a Connection list', 'GET / HTTP/1.1\r\nHost: h\r\nConnection: keep-alive, x-hop\r\n\r\n'],
    ['space before the colon', 'GET / HTTP/1.1\r\nHost : h\r\n\r\n'],
    ['a header without a colon', 'GET / HTTP/1.1\r\nHost: h\r\nNoColon\r\n\r\n'],
    ['an empty header name', 'GET / HTTP/1.1\r\nHost: h\r\n: v\r\n\r\n'],
    ['a folded header', 'GET / HTTP/1.1\r\nHost: h\r\nX: a\r\n b\r\n\r\n'],
    ['a bare LF', 'GET / HTTP/1.1\r\nHost: h\nX: y\r\n\r\n'],
    ['a bare CR', 'GET / HTTP/1.1\r\nHost: h\rX: y\r\n\r\n'],
    ['a NUL', 'GET / HTTP/1.1\r\nHost: h\r\nX: a\0b\r\n\r\n'],
    ['obs-text', 'GET / HTTP/1.1\r\nHost: h\r\nX: caf\xe9\r\n\r\n'],
    ['a non-ASCII target', 'GET /caf\xe9 HTTP/1.1\r\nHost: h\r\n\r\n'],
  ])('leaves %s to node:http', (_name, text) => {
    expect(parse(text)).toBe(UNSUPPORTED);
  });

  it('leaves more than 2,000 header lines to node:http (it drops those after the 2,000th)', () => {
    const lines = (n: number) => 'GET / HTTP/1.1\r\nHost: h\r\n' + 'a:\r\n'.repeat(n - 1) + '\r\n';
    expect(parse(lines(2000))).toMatchObject({ url: '/' });
    expect(parse(lines(2001))).toBe(UNSUPPORTED);
  });

  it('leaves a head longer than the limit to node:http, complete or not', () => {
    const long = 'GET / HTTP/1.1\r\nHost: h\r\nX: ' + 'a'.repeat(200) + '\r\n\r\n';
    expect(parseRequestHead(Buffer.from(long), 100)).toBe(UNSUPPORTED);
    expect(parseRequestHead(Buffer.from(long.slice(0, 150)), 100)).toBe(UNSUPPORTED);
    expect(parseRequestHead(Buffer.from(long.slice(0, 90)), 100)).toBe(INCOMPLETE);
  });
});

/**
 * The same bytes to node:http: whatever the fast path accepts, node:http accepts too and reads the same way. The
 * cases are the edges of what the fast path takes, and requests it must refuse because node:http does.
 */
describe('parseRequestHead against node:http', () => {
  let server: Server;
  let port: number;
  const seen: Array<{ method?: string; url?: string; headers: IncomingHttpHeaders; rawHeaders: string[] }> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ method: req.method, url: req.url, headers: { ...req.headers }, rawHeaders: req.rawHeaders });
      req.resume();
      req.on('end', () => res.end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  /** node:http's reading of `text`: the request it saw, or the status it refused it with. */
  function nodeReads(text: string): Promise<(typeof seen)[number] | number> {
    seen.length = 0;
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => socket.end(Buffer.from(text, 'latin1')));
      let answer = '';
      socket.on('data', (chunk) => (answer += chunk.toString('latin1')));
      socket.on('error', reject);
      socket.on('close', () => {
        const status = Number(/^HTTP\/1\.1 (\d+)/.exec(answer)?.[1]);
        resolve(status === 200 && seen.length === 1 ? seen[0] : status);
      });
    });
  }

  it.each([
    ['GET / HTTP/1.1\r\nHost: h\r\n\r\n', true],
    ['GET /p?q=%22a%22&r=[1]|{x}^`\\ HTTP/1.1\r\nHost: h\r\n\r\n', true],
    ["GET /~!$&'()*+,;=:@ HTTP/1.1\r\nHost: h\r\n\r\n", true],
    ['GET /a#frag HTTP/1.1\r\nHost: h\r\n\r\n', true],
    ['DELETE /x HTTP/1.1\r\nhost:h\r\nX-Empty:\r\nX-Tabs:\t v \t\r\n\r\n', true],
    ['POST /x HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n', true],
    ['POST /x HTTP/1.1\r\nHost: h\r\nContent-Length:  007 \r\n\r\n1234567', true],
    ['GET / HTTP/1.1\r\nHost: a\r\nhost: b\r\nAuthorization: x\r\nAuthorization: y\r\nAccept: a\r\nACCEPT: b\r\nCookie: c\r\nCOOKIE: d\r\nSet-Cookie: 1\r\nset-cookie: 2\r\n\r\n', true],
    ["GET / HTTP/1.1\r\nHost: h\r\nX-Quote: \"a\" 'b' <c> \\d\r\nX-Symbols: !#$%&'*+-.^_`|~\r\n\r\n", true],
    ['GET / HTTP/1.1\r\nHost: h\r\nConstructor: c\r\nToString: t\r\n__proto__: p\r\n\r\n', true],
    ['PATCH / HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n', true],
    ['GET / HTTP/1.1\r\nHost: h\r\nX: a\0b\r\n\r\n', false],
    ['GET / HTTP/1.1\r\nHost: h\r\nX: a\x7fb\r\n\r\n', false],
    ['GET / HTTP/1.1\r\nHost : h\r\n\r\n', false],
    ['GET / HTTP/1.1\r\nHost: h\r\nBad[Name]: v\r\n\r\n', false],
    ['GET /\x7f HTTP/1.1\r\nHost: h\r\n\r\n', false],
    ['POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab', false],
  ])('%j (fast path: %s)', async (text, accepted) => {
    const fast = parse(text);
    const node = await nodeReads(text);
    expect(typeof fast === 'object').toBe(accepted);
    if (typeof fast === 'number') {
      expect(fast).toBe(UNSUPPORTED);
      return;
    }
    expect(typeof node).toBe('object');
    expect(node).toEqual({ method: fast.method, url: fast.url, headers: { ...fast.headers }, rawHeaders: fast.rawHeaders });
  });
});
