import { type AddressInfo, connect, type Socket } from 'node:net';
import { FastHttpServer, type FastHttpServerOptions } from './fast-http.server';
import type { BufferedRequest } from './inbound-request';
import type { ResponseSink } from './response-sink';

interface Served {
  path: 'fast' | 'node';
  method?: string;
  url?: string;
  body: string;
}

/** One response as read off the wire. */
interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * A FastHttpServer whose fast path takes URLs under /fast and answers with what it read; node:http (the fallback)
 * answers everything else the same way, so each test can tell which path served a request.
 */
async function startServer(overrides: Partial<FastHttpServerOptions> = {}, timeouts: { headersTimeout?: number } = {}) {
  const served: Served[] = [];
  const answer = (res: ResponseSink, record: Served) => {
    served.push(record);
    const body = JSON.stringify(record);
    res.send(200, ['Content-Type', 'application/json', 'X-Path', record.path, 'Content-Length', String(Buffer.byteLength(body))], body, Buffer.byteLength(body));
  };
  const server = new FastHttpServer({
    accepts: (head) => head.url.startsWith('/fast'),
    serve: (req: BufferedRequest, res) => {
      const record: Served = { path: 'fast', method: req.method, url: req.url, body: req.body?.toString() ?? '' };
      // `later` in the URL: answered on a later turn, as a pipeline that waits for an integration does.
      if (req.url.includes('later')) setImmediate(() => answer(res, record));
      else answer(res, record);
    },
    fallback: (req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const record: Served = { path: 'node', method: req.method, url: req.url, body: Buffer.concat(chunks).toString() };
        served.push(record);
        const body = JSON.stringify(record);
        res.writeHead(200, { 'Content-Type': 'application/json', 'X-Path': 'node', 'Content-Length': Buffer.byteLength(body) });
        res.end(body);
      });
    },
    maxHeaderSize: 1024,
    maxBodyBytes: 64,
    keepAliveTimeout: 5_000,
    ...overrides,
  });
  if (timeouts.headersTimeout) server.headersTimeout = timeouts.headersTimeout;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, served, port: (server.address() as AddressInfo).port };
}

/** A raw client: write bytes, read whole responses (framed by Content-Length), see when the server closes. */
class RawClient {
  readonly socket: Socket;
  private received = Buffer.alloc(0);
  private waiters: Array<() => void> = [];
  closed = false;

  constructor(port: number) {
    this.socket = connect(port, '127.0.0.1');
    this.socket.on('data', (chunk) => {
      this.received = Buffer.concat([this.received, chunk]);
      this.wake();
    });
    this.socket.on('error', () => undefined);
    this.socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
  }

  send(text: string): void {
    this.socket.write(Buffer.from(text, 'latin1'));
  }

  /** Sends `text` one byte per write, each after the previous one was flushed. */
  async trickle(text: string): Promise<void> {
    for (const byte of Buffer.from(text, 'latin1')) {
      await new Promise<void>((resolve) => this.socket.write(Buffer.from([byte]), () => resolve()));
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async responses(count: number, headRequest = false): Promise<Answer[]> {
    const answers: Answer[] = [];
    while (answers.length < count) {
      const answer = this.take(headRequest);
      if (answer) answers.push(answer);
      else if (this.closed) throw new Error(`connection closed after ${answers.length} responses: ${this.received.toString('latin1')}`);
      else await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
    return answers;
  }

  /** Resolves once the server has closed the connection, with what it sent that was not read as a response. */
  async closedWith(): Promise<string> {
    while (!this.closed) await new Promise<void>((resolve) => this.waiters.push(resolve));
    return this.received.toString('latin1');
  }

  private take(headRequest: boolean): Answer | null {
    const text = this.received.toString('latin1');
    const end = text.indexOf('\r\n\r\n');
    if (end < 0) return null;
    const [statusLine, ...lines] = text.slice(0, end).split('\r\n');
    const headers: Record<string, string> = {};
    for (const line of lines) {
      const colon = line.indexOf(':');
      headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
    }
    const length = headRequest ? 0 : Number(headers['content-length'] ?? 0);
    if (this.received.length < end + 4 + length) return null;
    const body = this.received.subarray(end + 4, end + 4 + length).toString();
    this.received = this.received.subarray(end + 4 + length);
    return { status: Number(statusLine.split(' ')[1]), headers, body };
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

describe('FastHttpServer', () => {
  let subject: Awaited<ReturnType<typeof startServer>>;
  const clients: RawClient[] = [];
  const client = () => {
    const c = new RawClient(subject.port);
    clients.push(c);
    return c;
  };

  beforeEach(async () => {
    subject = await startServer();
  });

  afterEach(async () => {
    for (const c of clients.splice(0)) c.socket.destroy();
    subject.server.closeAllConnections();
    await new Promise<void>((resolve) => subject.server.close(() => resolve()));
  });

  it('serves requests on the fast path over one keep-alive connection, with the headers node:http adds', async () => {
    const c = client();
    c.send('GET /fast/a?x=1 HTTP/1.1\r\nHost: h\r\n\r\n');
    const [first] = await c.responses(1);
    c.send('DELETE /fast/b HTTP/1.1\r\nHost: h\r\n\r\n');
    const [second] = await c.responses(1);
    expect(first.status).toBe(200);
    expect(first.headers).toMatchObject({ 'x-path': 'fast', connection: 'keep-alive', 'keep-alive': 'timeout=5' });
    expect(Date.parse(first.headers.date)).toBeGreaterThan(Date.now() - 5_000);
    expect(JSON.parse(first.body)).toEqual({ path: 'fast', method: 'GET', url: '/fast/a?x=1', body: '' });
    expect(JSON.parse(second.body)).toMatchObject({ path: 'fast', method: 'DELETE', url: '/fast/b' });
    expect(c.closed).toBe(false);
  });

  it('reads a request that arrives a byte at a time, body included', async () => {
    const c = client();
    await c.trickle('POST /fast/t HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\n\r\nhello');
    const [answer] = await c.responses(1);
    expect(JSON.parse(answer.body)).toEqual({ path: 'fast', method: 'POST', url: '/fast/t', body: 'hello' });
  });

  it('answers pipelined requests in order, bodies split from their heads', async () => {
    const c = client();
    c.send('POST /fast/1 HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\n\r\nabcGET /fast/2 HTTP/1.1\r\nHost: h\r\n\r\nPOST /fast/3 HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\n\r\nde');
    await new Promise((resolve) => setTimeout(resolve, 20));
    c.send('fg');
    const answers = await c.responses(3);
    expect(answers.map((a) => JSON.parse(a.body))).toEqual([
      { path: 'fast', method: 'POST', url: '/fast/1', body: 'abc' },
      { path: 'fast', method: 'GET', url: '/fast/2', body: '' },
      { path: 'fast', method: 'POST', url: '/fast/3', body: 'defg' },
    ]);
  });

  it.each([1, 2, 3, 4, 5])('reads a pipelined stream cut at random places, answered now or later, the same way (seed %i)', async (seed) => {
    // A seeded generator: a failing cut can be replayed.
    let state = seed * 7919;
    const random = (n: number) => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state % n;
    };
    const expected: Served[] = [];
    let stream = '';
    for (let i = 0; i < 20; i++) {
      const body = 'b'.repeat(random(3) === 0 ? 0 : random(64) + 1);
      const method = body === '' ? 'GET' : 'POST';
      const url = `/fast/${seed}/${i}?q=${random(1000)}${random(2) === 0 ? '&later' : ''}`;
      stream += `${method} ${url} HTTP/1.1\r\nHost: h\r\nX-N: ${i}\r\n` + (body === '' ? '' : `Content-Length: ${body.length}\r\n`) + '\r\n' + body;
      expected.push({ path: 'fast', method, url, body });
    }
    // The last request goes to node:http, with the bytes that follow the cut.
    stream += 'POST /other HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nend\r\n0\r\n\r\n';
    expected.push({ path: 'node', method: 'POST', url: '/other', body: 'end' });
    const c = client();
    for (let at = 0; at < stream.length; ) {
      const size = 1 + random(random(4) === 0 ? 400 : 40);
      c.send(stream.slice(at, at + size));
      at += size;
      if (random(3) === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    const answers = await c.responses(expected.length);
    expect(answers.map((a) => JSON.parse(a.body))).toEqual(expected);
  });

  it("keeps a body read in one piece intact while it waits and other connections' requests are read", async () => {
    const held: { req?: BufferedRequest; res?: ResponseSink } = {};
    await new Promise<void>((resolve) => subject.server.close(() => resolve()));
    subject = await startServer({
      serve: (req, res) => {
        if (req.url === '/fast/held') return void Object.assign(held, { req, res });
        res.send(200, ['Content-Length', '2'], 'ok', 2);
        // Answered once another connection's request (and its body) has been read after it.
        const body = held.req!.body!.toString('latin1');
        held.res!.send(200, ['Content-Length', String(body.length)], body, body.length);
      },
    });
    const first = client();
    first.send(`POST /fast/held HTTP/1.1\r\nHost: h\r\nContent-Length: 40\r\n\r\n${'a'.repeat(40)}`);
    while (held.req === undefined) await new Promise((resolve) => setTimeout(resolve, 5));
    const second = client();
    second.send(`POST /fast/other HTTP/1.1\r\nHost: h\r\nContent-Length: 40\r\n\r\n${'b'.repeat(40)}`);
    expect((await second.responses(1))[0].body).toBe('ok');
    expect((await first.responses(1))[0].body).toBe('a'.repeat(40));
  });

  it('serves a declared body over the limit without reading it, then closes the connection', async () => {
    const c = client();
    c.send('POST /fast/big HTTP/1.1\r\nHost: h\r\nContent-Length: 65\r\n\r\n' + 'x'.repeat(65) + 'GET /fast/next HTTP/1.1\r\nHost: h\r\n\r\n');
    const [answer] = await c.responses(1);
    expect(JSON.parse(answer.body)).toEqual({ path: 'fast', method: 'POST', url: '/fast/big', body: '' });
    expect(answer.headers.connection).toBe('close');
    expect(await c.closedWith()).toBe('');
    expect(subject.served).toHaveLength(1);
  });

  it('hands the connection to node:http at a request it does not take, bytes intact, and node:http keeps it', async () => {
    const c = client();
    c.send('GET /fast/1 HTTP/1.1\r\nHost: h\r\n\r\nPOST /other HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\n\r\nhiGET /fast/3 HTTP/1.1\r\nHost: h\r\n\r\n');
    const answers = await c.responses(3);
    expect(answers.map((a) => JSON.parse(a.body))).toEqual([
      { path: 'fast', method: 'GET', url: '/fast/1', body: '' },
      { path: 'node', method: 'POST', url: '/other', body: 'hi' },
      { path: 'node', method: 'GET', url: '/fast/3', body: '' },
    ]);
  });

  it.each([
    ['a chunked body', 'POST /fast/c HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhi\r\n0\r\n\r\n', 'hi'],
    ['HTTP/1.0', 'GET /fast/old HTTP/1.0\r\nHost: h\r\n\r\n', ''],
    ['a non-ASCII header value', 'GET /fast/latin HTTP/1.1\r\nHost: h\r\nX-Name: caf\xe9\r\n\r\n', ''],
  ])('leaves %s to node:http, which serves it', async (_name, text, body) => {
    const c = client();
    c.send(text);
    const [answer] = await c.responses(1);
    expect(answer.headers['x-path']).toBe('node');
    expect(JSON.parse(answer.body).body).toBe(body);
  });

  it('lets node:http answer 100 Continue', async () => {
    const c = client();
    c.send('POST /fast/e HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n');
    const [interim] = await c.responses(1);
    expect(interim.status).toBe(100);
    c.send('ok');
    const [answer] = await c.responses(1);
    expect(JSON.parse(answer.body)).toEqual({ path: 'node', method: 'POST', url: '/fast/e', body: 'ok' });
  });

  it.each([
    ['a malformed header', 'GET /fast HTTP/1.1\r\nHost: h\r\nBad Name: v\r\n\r\n', 400],
    ['request smuggling (Content-Length with chunked)', 'POST /fast HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', 400],
    ['a missing Host', 'GET /fast HTTP/1.1\r\n\r\n', 400],
    ['a head over maxHeaderSize', 'GET /fast HTTP/1.1\r\nHost: h\r\nX: ' + 'a'.repeat(1100) + '\r\n\r\n', 431],
  ])('refuses %s as node:http does, and the server keeps serving', async (_name, text, status) => {
    const c = client();
    c.send(text);
    expect(await c.closedWith()).toMatch(new RegExp(`^HTTP/1\\.1 ${status} `));
    expect(subject.served).toHaveLength(0);
    const next = client();
    next.send('GET /fast/after HTTP/1.1\r\nHost: h\r\n\r\n');
    expect((await next.responses(1))[0].headers['x-path']).toBe('fast');
  });

  it('closes after the response when the client asks, and when the client half-closes after its request', async () => {
    const c = client();
    c.send('GET /fast/bye HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n');
    const [answer] = await c.responses(1);
    expect(answer.headers.connection).toBe('close');
    expect(answer.headers['keep-alive']).toBeUndefined();
    expect(await c.closedWith()).toBe('');

    const d = client();
    d.socket.end('GET /fast/fin HTTP/1.1\r\nHost: h\r\n\r\n');
    const [late] = await d.responses(1);
    expect(JSON.parse(late.body).url).toBe('/fast/fin');
    expect(await d.closedWith()).toBe('');
  });

  it('sends no body for HEAD, with the Content-Length of the GET', async () => {
    const c = client();
    c.send('HEAD /fast/h HTTP/1.1\r\nHost: h\r\n\r\nGET /fast/g HTTP/1.1\r\nHost: h\r\n\r\n');
    const [head] = await c.responses(1, true);
    expect(Number(head.headers['content-length'])).toBeGreaterThan(0);
    const [get] = await c.responses(1);
    expect(JSON.parse(get.body).url).toBe('/fast/g');
  });

  it('refuses response headers node:http would refuse, before writing anything', async () => {
    const errors: string[] = [];
    await new Promise<void>((resolve) => subject.server.close(() => resolve()));
    subject = await startServer({
      serve: (_req, res) => {
        for (const bad of [['Bad Name', 'v'], ['X-Split', 'a\r\nInjected: 1'], ['X-Wide', 'caf\u0100']]) {
          try {
            res.send(200, [...bad, 'Content-Length', '0'], '', 0);
          } catch (error) {
            errors.push((error as Error).message);
          }
        }
        expect(res.headersSent).toBe(false);
        res.send(502, ['Content-Length', '2'], 'no', 2);
      },
    });
    const c = client();
    c.send('GET /fast HTTP/1.1\r\nHost: h\r\n\r\n');
    const [answer] = await c.responses(1);
    expect(answer).toMatchObject({ status: 502, body: 'no' });
    expect(answer.headers.injected).toBeUndefined();
    expect(errors).toEqual([
      'Header name must be a valid HTTP token ["Bad Name"]',
      'Invalid character in header content ["X-Split"]',
      'Invalid character in header content ["X-Wide"]',
    ]);
  });

  it('sends bodies above the single-write size whole, strings as UTF-8', async () => {
    const big = 'é'.repeat(20_000);
    await new Promise<void>((resolve) => subject.server.close(() => resolve()));
    subject = await startServer({ serve: (_req, res) => res.send(200, ['Content-Length', String(Buffer.byteLength(big))], big, Buffer.byteLength(big)) });
    const c = client();
    c.send('GET /fast HTTP/1.1\r\nHost: h\r\n\r\n');
    expect((await c.responses(1))[0].body).toBe(big);
  });

  it('answers 408 and closes when a head takes longer than headersTimeout', async () => {
    await new Promise<void>((resolve) => subject.server.close(() => resolve()));
    subject = await startServer({}, { headersTimeout: 200 });
    const c = client();
    c.send('GET /fast HTTP/1.1\r\n');
    await new Promise((resolve) => setTimeout(resolve, 300));
    c.send('Host: h\r\n\r\n');
    expect(await c.closedWith()).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(subject.served).toHaveLength(0);
  });

  it('closes a keep-alive connection left idle for keepAliveTimeout', async () => {
    await new Promise<void>((resolve) => subject.server.close(() => resolve()));
    subject = await startServer({ keepAliveTimeout: 200 });
    const c = client();
    c.send('GET /fast HTTP/1.1\r\nHost: h\r\n\r\n');
    await c.responses(1);
    const started = Date.now();
    await c.closedWith();
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
  });

  it('answers 408 and closes when a head stops arriving, without waiting for more bytes (slow loris)', async () => {
    await new Promise<void>((resolve) => subject.server.close(() => resolve()));
    subject = await startServer({ keepAliveTimeout: 2_000 }, { headersTimeout: 200 });
    const c = client();
    const started = Date.now();
    c.send('GET /fast HTTP/1.1\r\nHost: h\r\n');
    expect(await c.closedWith()).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    // The sweep runs every 500 ms here (a quarter of the keep-alive timeout); the idle close would come at 2 s.
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(Date.now() - started).toBeLessThan(1_500);
    expect(subject.served).toHaveLength(0);
  });

  it('keeps a connection open while its response drains to a reader slower than keepAliveTimeout, then closes it when idle', async () => {
    const big = Buffer.alloc(32 * 1024 * 1024, 'x');
    await new Promise<void>((resolve) => subject.server.close(() => resolve()));
    subject = await startServer({ keepAliveTimeout: 200, serve: (_req, res) => res.send(200, ['Content-Length', String(big.length)], big, big.length) });
    const socket = connect(subject.port, '127.0.0.1');
    socket.on('error', () => undefined);
    socket.pause();
    socket.write('GET /fast HTTP/1.1\r\nHost: h\r\n\r\n');
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(socket.destroyed).toBe(false);
    // Everything the server sent, and when its last byte and the close arrived.
    let received = 0;
    let lastData = 0;
    socket.on('data', (chunk: Buffer) => {
      received += chunk.length;
      lastData = Date.now();
    });
    const closedAt = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now())));
    socket.resume();
    const closed = await closedAt;
    expect(received).toBeGreaterThan(big.length);
    expect(closed - lastData).toBeGreaterThanOrEqual(150);
  });

  it('on close, drops idle connections at once and ends busy ones after their response', async () => {
    const held: { release?: () => void } = {};
    await new Promise<void>((resolve) => subject.server.close(() => resolve()));
    subject = await startServer({
      serve: (req, res) => {
        const answer = () => res.send(200, ['Content-Length', '4'], 'done', 4);
        if (req.url === '/fast/busy') held.release = answer;
        else answer();
      },
    });
    const idle = client();
    const busy = client();
    idle.send('GET /fast/idle HTTP/1.1\r\nHost: h\r\n\r\n');
    await idle.responses(1);
    busy.send('GET /fast/busy HTTP/1.1\r\nHost: h\r\n\r\n');
    while (held.release === undefined) await new Promise((resolve) => setTimeout(resolve, 5));
    const closed = new Promise<void>((resolve) => subject.server.close(() => resolve()));
    await idle.closedWith();
    expect(busy.closed).toBe(false);
    held.release();
    const [answer] = await busy.responses(1);
    expect(answer).toMatchObject({ body: 'done', headers: { connection: 'close' } });
    await busy.closedWith();
    await closed;
  });
});
