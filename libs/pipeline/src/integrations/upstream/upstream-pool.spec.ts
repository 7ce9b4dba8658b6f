import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { lookup } from 'node:dns/promises';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { UpstreamRequest } from './http1-request.encoder';
import type { UpstreamControl, UpstreamHandler } from './upstream-connection';
import { UpstreamPool } from './upstream-pool';
import { startRawUpstream as rawUpstream } from '../../testing/raw-upstream';

interface Result {
  status: number;
  headers: string[];
  body: string;
}

/** Collects one response; `done` rejects with the exchange's error. */
class Collector implements UpstreamHandler {
  control: UpstreamControl | null = null;
  starts = 0;
  givenUp = false;
  readonly done: Promise<Result>;
  private status = 0;
  private headers: string[] = [];
  private readonly chunks: Buffer[] = [];
  private resolve!: (result: Result) => void;
  private reject!: (error: Error) => void;

  constructor() {
    this.done = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    this.done.catch(() => undefined);
  }

  onStart(control: UpstreamControl): boolean {
    if (this.givenUp) return false;
    this.starts++;
    this.control = control;
    return true;
  }
  onHead(status: number, headers: string[]): void {
    this.status = status;
    this.headers = headers;
  }
  onBody(chunk: Buffer): void {
    this.chunks.push(chunk);
  }
  onComplete(): void {
    this.resolve({ status: this.status, headers: this.headers, body: Buffer.concat(this.chunks).toString('latin1') });
  }
  onError(error: Error): void {
    this.reject(error);
  }
}

function send(pool: UpstreamPool, request: Partial<UpstreamRequest> = {}): Collector {
  const collector = new Collector();
  pool.dispatch({ method: 'GET', path: '/', headers: [], body: null, ...request }, collector);
  return collector;
}

const get = (pool: UpstreamPool, path = '/') => send(pool, { path }).done;

function listen(server: Server | NetServer, host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve) => server.listen(0, host, () => resolve((server.address() as AddressInfo).port)));
}

function stop(server: Server | NetServer): Promise<void> {
  (server as Server).closeAllConnections?.();
  return new Promise((resolve) => server.close(() => resolve()));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A node:http upstream counting the connections it accepts and the requests it serves. */
async function httpUpstream(handle: (req: IncomingMessage, res: ServerResponse, body: string) => void) {
  const state = { connections: 0, requests: 0, active: 0, maxActive: 0, closed: 0 };
  const server = createServer((req, res) => {
    state.requests++;
    state.active++;
    state.maxActive = Math.max(state.maxActive, state.active);
    res.on('finish', () => state.active--);
    let body = '';
    req.setEncoding('latin1');
    req.on('data', (d: string) => (body += d));
    req.on('end', () => handle(req, res, body));
  });
  server.on('connection', (socket: Socket) => {
    state.connections++;
    socket.on('close', () => state.closed++);
  });
  const port = await listen(server);
  return { server, state, origin: `http://127.0.0.1:${port}` };
}

const ok = (body = 'ok', extra = '') => `HTTP/1.1 200 OK\r\n${extra}Content-Length: ${body.length}\r\n\r\n${body}`;

describe(UpstreamPool.name, () => {
  const cleanups: Array<() => Promise<void> | void> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });
  const pool = (origin: string, options: ConstructorParameters<typeof UpstreamPool>[1] = {}) => {
    const sut = new UpstreamPool(origin, options);
    cleanups.push(() => sut.close());
    return sut;
  };
  const upstream = async <T extends { server: Server | NetServer }>(made: Promise<T>): Promise<T> => {
    const u = await made;
    cleanups.push(() => stop(u.server));
    return u;
  };

  it('reuses one keep-alive connection for requests one after another, and sends method, path, headers and body', async () => {
    const up = await upstream(httpUpstream((req, res, body) => res.end(JSON.stringify({ method: req.method, url: req.url, host: req.headers.host, x: req.headers['x-a'], body }))));
    const sut = pool(up.origin);
    for (let i = 0; i < 5; i++) {
      const r = await send(sut, { method: 'POST', path: `/p/${i}?q=1`, headers: ['x-a', 'b'], body: Buffer.from(`body ${i}`) }).done;
      expect(JSON.parse(r.body)).toEqual({ method: 'POST', url: `/p/${i}?q=1`, host: up.origin.slice(7), x: 'b', body: `body ${i}` });
    }
    expect(up.state.connections).toBe(1);
    expect(sut.stats).toEqual({ open: 1, idle: 1, queued: 0, opened: 1 });
  });

  it('opens a connection per concurrent request and reuses them for the next burst', async () => {
    const up = await upstream(httpUpstream((req, res) => setTimeout(() => res.end('ok'), 20)));
    const sut = pool(up.origin);
    await Promise.all(Array.from({ length: 5 }, () => get(sut)));
    await Promise.all(Array.from({ length: 5 }, () => get(sut)));
    expect(up.state.connections).toBe(5);
    expect(sut.stats.opened).toBe(5);
  });

  it('queues requests beyond maxConnections and serves them in order as connections free up', async () => {
    const up = await upstream(httpUpstream((req, res) => setTimeout(() => res.end(req.url), 30)));
    const sut = pool(up.origin, { maxConnections: 2 });
    const pending = Array.from({ length: 6 }, (_, i) => get(sut, `/${i}`));
    expect(sut.stats).toMatchObject({ open: 2, queued: 4 });
    const results = await Promise.all(pending);
    expect(results.map((r) => r.body)).toEqual(['/0', '/1', '/2', '/3', '/4', '/5']);
    expect(up.state.maxActive).toBe(2);
    expect(up.state.connections).toBe(2);
  });

  it('does not send a queued request whose caller gave up while it waited', async () => {
    const up = await upstream(httpUpstream((req, res) => setTimeout(() => res.end(req.url), 30)));
    const sut = pool(up.origin, { maxConnections: 1 });
    const first = send(sut, { path: '/first' });
    const abandoned = send(sut, { path: '/abandoned' });
    const last = send(sut, { path: '/last' });
    abandoned.givenUp = true;
    expect((await first.done).body).toBe('/first');
    expect((await last.done).body).toBe('/last');
    expect(abandoned.starts).toBe(0);
    expect(up.state.requests).toBe(2);
  });

  it('notices an idle connection the upstream closed and uses a new one', async () => {
    const up = await upstream(httpUpstream((req, res) => res.end('ok')));
    up.server.keepAliveTimeout = 50;
    const sut = pool(up.origin);
    await get(sut);
    await sleep(150);
    expect(sut.stats).toMatchObject({ open: 0, idle: 0 });
    expect((await get(sut)).body).toBe('ok');
    expect(up.state.connections).toBe(2);
  });

  it.each([
    ['closes', (socket: Socket) => socket.end()],
    ['resets', (socket: Socket) => socket.resetAndDestroy()],
  ])('retries an idempotent request once on a new connection when a reused one %s before answering', async (_, drop) => {
    const up = await upstream(rawUpstream((socket, index) => (index === 1 ? drop(socket) : socket.write(ok(`reply ${index}`)))));
    const sut = pool(up.origin);
    expect((await get(sut, '/a')).body).toBe('reply 0');
    const retried = send(sut, { method: 'PUT', path: '/b', body: 'x' });
    expect((await retried.done).body).toBe('reply 0');
    expect(retried.starts).toBe(2);
    expect(up.state.heads.map((h) => h.split('\r\n')[0])).toEqual(['GET /a HTTP/1.1', 'PUT /b HTTP/1.1', 'PUT /b HTTP/1.1']);
    expect(up.state.connections).toBe(2);
  });

  it('does not repeat a POST the upstream may have received: the reused connection closing fails it', async () => {
    const up = await upstream(rawUpstream((socket, index) => (index === 1 ? socket.end() : socket.write(ok()))));
    const sut = pool(up.origin);
    await get(sut);
    await expect(send(sut, { method: 'POST', body: 'once' }).done).rejects.toThrow('upstream closed the connection before sending a response');
    expect(up.state.heads).toHaveLength(2);
  });

  it('does not retry on a new connection: a first attempt that is refused or cut fails', async () => {
    const up = await upstream(rawUpstream((socket) => socket.end()));
    const sut = pool(up.origin);
    await expect(get(sut)).rejects.toThrow('upstream closed the connection before sending a response');
    expect(up.state.heads).toHaveLength(1);
    // A port nothing listens on any more.
    const gone = createNetServer();
    const port = await listen(gone);
    await stop(gone);
    const refused = pool(`http://127.0.0.1:${port}`);
    await expect(get(refused)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('closes the connection after a response with Connection: close, an HTTP/1.0 response and a close-delimited body', async () => {
    const replies = [
      'HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 1\r\n\r\na',
      'HTTP/1.0 200 OK\r\nContent-Length: 1\r\n\r\nb',
      'HTTP/1.1 200 OK\r\nKeep-Alive: timeout=1\r\nContent-Length: 1\r\n\r\nc',
    ];
    const up = await upstream(
      rawUpstream((socket, index) => {
        const reply = replies[up.state.connections - 1];
        if (reply) socket.write(reply);
        else socket.end('HTTP/1.1 200 OK\r\n\r\nuntil close');
        void index;
      }),
    );
    const sut = pool(up.origin);
    expect((await get(sut)).body).toBe('a');
    expect((await get(sut)).body).toBe('b');
    expect((await get(sut)).body).toBe('c');
    expect((await get(sut)).body).toBe('until close');
    expect(up.state.connections).toBe(4);
    expect(sut.stats).toMatchObject({ idle: 0, opened: 4 });
  });

  it('drops a connection that sends bytes after the response, and one that sends bytes while idle', async () => {
    const up = await upstream(
      rawUpstream((socket, index) => {
        if (up.state.connections === 1) socket.write(ok('one') + 'HTTP/1.1 200 OK\r\n');
        else {
          socket.write(ok('two'));
          setTimeout(() => socket.write('junk'), 20);
        }
        void index;
      }),
    );
    const sut = pool(up.origin);
    expect((await get(sut)).body).toBe('one');
    expect(sut.stats.open).toBe(0);
    expect((await get(sut)).body).toBe('two');
    await sleep(60);
    expect(sut.stats).toMatchObject({ open: 0, idle: 0 });
  });

  it('fails the exchange and drops the connection on a protocol error', async () => {
    const up = await upstream(rawUpstream((socket) => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab')));
    const sut = pool(up.origin);
    await expect(get(sut)).rejects.toThrow('conflicting Content-Length values');
    expect(sut.stats.open).toBe(0);
  });

  it('refuses an invalid request before writing anything, keeping the connection', async () => {
    const up = await upstream(httpUpstream((req, res) => res.end('ok')));
    const sut = pool(up.origin);
    await get(sut);
    await expect(send(sut, { headers: ['x-a', 'b\r\nx-injected: 1'] }).done).rejects.toThrow("invalid value for header 'x-a'");
    expect(sut.stats).toMatchObject({ open: 1, idle: 1 });
    await get(sut);
    expect(up.state.requests).toBe(2);
    expect(up.state.connections).toBe(1);
  });

  it('writes a large body after the head, byte for byte', async () => {
    const up = await upstream(httpUpstream((req, res, body) => res.end(Buffer.from(`${body.length}:${body.slice(0, 3)}:${body.slice(-3)}`, 'latin1'))));
    const sut = pool(up.origin);
    const big = Buffer.alloc(200_000, 0x62);
    big.write('abc', 0);
    big.write('xyz', big.length - 3);
    expect((await send(sut, { method: 'POST', body: big }).done).body).toBe('200000:abc:xyz');
    expect((await send(sut, { method: 'POST', body: 'café' }).done).body).toBe(`5:caf:${Buffer.from('afé').toString('latin1').slice(-3)}`);
  });

  it('reads chunked and binary responses from node:http, and HEAD responses without a body', async () => {
    const up = await upstream(
      httpUpstream((req, res) => {
        res.setHeader('x-kind', 'chunked');
        res.write('hello, ');
        setTimeout(() => res.end(Buffer.from([0x77, 0x00, 0xff])), 10);
      }),
    );
    const sut = pool(up.origin);
    const r = await get(sut);
    expect(r.headers).toEqual(expect.arrayContaining(['x-kind', 'chunked', 'transfer-encoding', 'chunked']));
    expect(Buffer.from(r.body, 'latin1')).toEqual(Buffer.concat([Buffer.from('hello, '), Buffer.from([0x77, 0x00, 0xff])]));
    const head = await send(sut, { method: 'HEAD' }).done;
    expect([head.status, head.body]).toEqual([200, '']);
    expect(up.state.connections).toBe(1);
  });

  it('lets the caller abort an exchange (a timeout): the handler fails with its reason and the socket is dropped', async () => {
    const up = await upstream(httpUpstream(() => undefined));
    const sut = pool(up.origin);
    const hanging = send(sut, { path: '/never' });
    setTimeout(() => hanging.control!.abort(hanging, new Error('Endpoint request timed out')), 50);
    await expect(hanging.done).rejects.toThrow('Endpoint request timed out');
    expect(sut.stats.open).toBe(0);
    await sleep(20);
    expect(up.state.closed).toBe(1);
  });

  it('closes idle connections after the keep-alive timeout, and earlier when the upstream announces less', async () => {
    const up = await upstream(httpUpstream((req, res) => res.end('ok')));
    const sut = pool(up.origin, { keepAliveTimeoutMs: 100 });
    await get(sut);
    expect(sut.stats.idle).toBe(1);
    await sleep(60);
    expect(sut.stats.idle).toBe(1);
    await sleep(120);
    expect(sut.stats).toMatchObject({ open: 0, idle: 0 });
    await sleep(20);
    expect(up.state.closed).toBe(1);

    const announcing = await upstream(rawUpstream((socket) => socket.write(ok('ok', 'Keep-Alive: timeout=2\r\n'))));
    const short = pool(announcing.origin, { keepAliveTimeoutMs: 10_000 });
    const started = Date.now();
    await get(short);
    while (short.stats.idle > 0 && Date.now() - started < 3_000) await sleep(50);
    // timeout=2 is kept one second less than announced.
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    expect(Date.now() - started).toBeLessThan(1_800);
  });

  it('waits for requests in flight and queued on close(), then closes every socket and refuses new requests', async () => {
    const up = await upstream(httpUpstream((req, res) => setTimeout(() => res.end(req.url), 80)));
    const sut = new UpstreamPool(up.origin, { maxConnections: 1 });
    const first = get(sut, '/first');
    const queued = get(sut, '/queued');
    let closed = false;
    const closing = sut.close().then(() => (closed = true));
    await sleep(40);
    expect(closed).toBe(false);
    await expect(get(sut)).rejects.toThrow('upstream pool is closed');
    expect((await first).body).toBe('/first');
    expect((await queued).body).toBe('/queued');
    await closing;
    expect(sut.stats).toMatchObject({ open: 0, idle: 0, queued: 0 });
    await sleep(20);
    expect(up.state.closed).toBe(1);
  });

  it('keeps no reference on the event loop while idle (an idle pool lets the process exit)', async () => {
    // The upstream runs in another process so that only the client's socket is counted here.
    const child: ChildProcess = spawn(
      process.execPath,
      ['-e', "require('net').createServer((s)=>s.on('data',()=>s.write('HTTP/1.1 200 OK\\r\\nContent-Length: 2\\r\\n\\r\\nok'))).listen(0,'127.0.0.1',function(){console.log(this.address().port)})"],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    cleanups.push(() => void child.kill());
    const port = await new Promise<number>((resolve) => child.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
    const sockets = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap').length;
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = { sockets: sockets(), timers: timers() };
    const sut = pool(`http://127.0.0.1:${port}`);
    const pending = get(sut);
    expect(sockets()).toBe(before.sockets + 1);
    await pending;
    expect(sut.stats.idle).toBe(1);
    expect({ sockets: sockets(), timers: timers() }).toEqual(before);
    expect((await get(sut)).body).toBe('ok');
  });

  describe('https', () => {
    let dir: string;
    let cert: string;
    let key: string;

    beforeAll(() => {
      // A self-signed certificate for localhost, made fresh: `openssl` is part of the base system here and in CI.
      dir = mkdtempSync(join(tmpdir(), 'upstream-tls-'));
      execFileSync(
        'openssl',
        ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost'],
        { stdio: 'pipe' },
      );
      cert = readFileSync(join(dir, 'cert.pem'), 'utf8');
      key = readFileSync(join(dir, 'key.pem'), 'utf8');
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    async function tlsUpstream() {
      const state = { connections: 0, servernames: [] as Array<string | false | null> };
      const server = createTlsServer({ cert, key }, (req, res) => res.end(`secure ${req.url}`));
      server.on('secureConnection', (socket) => {
        state.connections++;
        state.servernames.push(socket.servername);
      });
      const port = await listen(server as unknown as Server, 'localhost');
      cleanups.push(() => stop(server as unknown as Server));
      return { state, port };
    }

    it('talks to a TLS upstream whose certificate the given CA signs, sending SNI and reusing the connection', async () => {
      const up = await tlsUpstream();
      const sut = pool(`https://localhost:${up.port}`, { tls: { ca: cert } });
      expect((await get(sut, '/one')).body).toBe('secure /one');
      expect((await get(sut, '/two')).body).toBe('secure /two');
      expect(up.state).toEqual({ connections: 1, servernames: ['localhost'] });
    });

    it('verifies certificates: an unknown issuer or a name the certificate does not cover fails the exchange', async () => {
      const up = await tlsUpstream();
      await expect(get(pool(`https://localhost:${up.port}`))).rejects.toThrow(/self-signed certificate/);
      const { address } = await lookup('localhost');
      const host = address.includes(':') ? `[${address}]` : address;
      await expect(get(pool(`https://${host}:${up.port}`, { tls: { ca: cert } }))).rejects.toThrow(/does not match certificate's altnames/);
    });
  });
});
