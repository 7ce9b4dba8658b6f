import { createServer, type Server } from 'node:http';
import type { Server as NetServer, Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { StageRegistry } from '../registry/stage.registry';
import { RecordingInvoker, httpStage, success } from '../testing/active-stage.factory';
import { createGatewayHandler } from '../handler/gateway.handler';
import { createGatewayHttpServer } from '../handler/gateway-http.server';
import { createHttpProxyIntegration } from './http-proxy.integration';
import { startRawUpstream, type RawUpstream } from '../testing/raw-upstream';

/** What the raw upstream answers, by request path: `GET /wait/{ms}` answers after ms, the others with fixed bytes. */
function answer(socket: Socket, path: string): void {
  if (path === '/early-hints') {
    socket.write('HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\nX-Interim: yes\r\n\r\n');
    socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nX-Final: yes\r\nContent-Length: 4\r\n\r\ndone');
  } else if (path === '/chunks') {
    socket.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Case: Kept\r\n\r\n5\r\nhello\r\n');
    setTimeout(() => socket.write('6\r\n, wide\r\n'), 20);
    setTimeout(() => socket.write('6\r\n world\r\n0\r\n\r\n'), 40);
  } else if (path.startsWith('/wait/')) {
    const body = `waited ${path.slice(6)}`;
    setTimeout(() => {
      if (!socket.destroyed) socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
    }, Number(path.slice(6)));
  } else if (path === '/malformed') {
    socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok');
  } else if (path === '/too-large') {
    socket.write(`HTTP/1.1 200 OK\r\nContent-Length: ${11 * 1024 * 1024}\r\n\r\n`);
  } else if (path === '/too-large-chunked') {
    socket.write('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n');
    const piece = Buffer.alloc(1024 * 1024, 0x61);
    for (let i = 0; i < 11 && !socket.destroyed; i++) socket.write(Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from('\r\n')]));
  } else if (path === '/latin1') {
    const body = Buffer.from([0x63, 0x61, 0x66, 0xc3, 0xa9, 0x00, 0xff, 0x80]);
    socket.write(`HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: ${body.length}\r\n\r\n`);
    socket.write(body);
  } else {
    socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok');
  }
}

function listen(server: Server | NetServer): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

function close(server: Server | NetServer): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

describe(createHttpProxyIntegration.name, () => {
  let upstream: RawUpstream;
  let upstreamUrl: string;
  let registry: StageRegistry;
  let sut: Server;
  let base: string;

  beforeAll(async () => {
    upstream = await startRawUpstream((socket, _index, head) => answer(socket, head.split(' ')[1]));
    upstreamUrl = upstream.origin;
  });

  afterAll(async () => {
    await close(upstream.server);
  });

  beforeEach(async () => {
    upstream.state.heads.length = 0;
    registry = new StageRegistry();
    sut = createGatewayHttpServer(createGatewayHandler({ registry, invoker: new RecordingInvoker(success({ statusCode: 200 })) }));
    base = await listen(sut);
  });

  afterEach(async () => {
    await registry.close();
    sut.closeAllConnections();
    await close(sut);
  });

  const load = (routes: Parameters<typeof httpStage>[2]) => registry.load(httpStage('proxyapi', '$default', routes));
  const get = async (path: string, headers: Record<string, string | string[]> = {}) => {
    const r = await request(`${base}/_aws/execute-api/proxyapi${path}`, { headers });
    return { status: r.statusCode, headers: r.headers, body: Buffer.from(await r.body.arrayBuffer()) };
  };

  it('forwards only the final response after a 103 Early Hints: its status and headers, none of the interim ones', async () => {
    load([{ routeKey: '$default', integration: { integrationType: 'HTTP_PROXY', integrationUri: upstreamUrl, integrationMethod: 'ANY' } }]);
    const r = await get('/early-hints');
    expect(r.status).toBe(200);
    expect(r.body.toString()).toBe('done');
    expect(r.headers['x-final']).toBe('yes');
    expect(r.headers['x-interim']).toBeUndefined();
    expect(r.headers.link).toBeUndefined();
  });

  it('joins a body that arrives in several chunks and answers with its Content-Length, not chunked', async () => {
    load([{ routeKey: '$default', integration: { integrationType: 'HTTP_PROXY', integrationUri: upstreamUrl, integrationMethod: 'ANY' } }]);
    const r = await get('/chunks');
    expect(r.body.toString()).toBe('hello, wide world');
    expect(r.headers['content-length']).toBe('17');
    expect(r.headers['transfer-encoding']).toBeUndefined();
    expect(r.headers['x-case']).toBe('Kept');
  });

  it('passes binary bodies through byte for byte (bytes that are not valid UTF-8 included)', async () => {
    load([{ routeKey: '$default', integration: { integrationType: 'HTTP_PROXY', integrationUri: upstreamUrl, integrationMethod: 'ANY' } }]);
    const r = await get('/latin1');
    expect([...r.body]).toEqual([0x63, 0x61, 0x66, 0xc3, 0xa9, 0x00, 0xff, 0x80]);
    expect(r.headers['content-length']).toBe('8');
  });

  it('appends the request path to the URI path of a $default route, with or without a trailing slash', async () => {
    load([
      { routeKey: '$default', integration: { integrationType: 'HTTP_PROXY', integrationUri: `${upstreamUrl}/base/`, integrationMethod: 'ANY' } },
      { routeKey: 'GET /exact', integration: { integrationType: 'HTTP_PROXY', integrationUri: `${upstreamUrl}/fixed`, integrationMethod: 'GET' } },
    ]);
    await get('/a/b?x=1&y=%20');
    await get('/');
    await get('/exact');
    expect(upstream.state.heads.map((head) => head.split('\r\n')[0])).toEqual(['GET /base/a/b?x=1&y=%20 HTTP/1.1', 'GET /base/ HTTP/1.1', 'GET /fixed HTTP/1.1']);
  });

  it("appends the caller's address to the X-Forwarded-For lines the client sent, joined in order", async () => {
    load([{ routeKey: '$default', integration: { integrationType: 'HTTP_PROXY', integrationUri: upstreamUrl, integrationMethod: 'ANY' } }]);
    await get('/', { 'x-forwarded-for': ['10.0.0.1', '10.0.0.2'], connection: 'keep-alive', 'x-forwarded-proto': 'spoofed' });
    const lines = upstream.state.heads[0].split('\r\n').slice(1);
    expect(lines.filter((l) => /^x-forwarded-for:/i.test(l))).toEqual(['x-forwarded-for: 10.0.0.1, 10.0.0.2, 127.0.0.1']);
    expect(lines.filter((l) => /^x-forwarded-proto:/i.test(l))).toEqual(['x-forwarded-proto: http']);
  });

  it('answers 500 for a malformed upstream response and for one over the 10 MB payload limit, chunked or not', async () => {
    load([{ routeKey: '$default', integration: { integrationType: 'HTTP_PROXY', integrationUri: upstreamUrl, integrationMethod: 'ANY' } }]);
    for (const path of ['/malformed', '/too-large', '/too-large-chunked']) {
      const r = await get(path);
      expect([path, r.status, r.body.toString()]).toEqual([path, 500, '{"message":"Internal Server Error"}']);
    }
    expect((await get('/')).body.toString()).toBe('ok');
  });

  it('times out each request on its own integration timeout while requests with other timeouts are in flight', async () => {
    load([
      { routeKey: 'GET /wait/{ms}', integration: { integrationType: 'HTTP_PROXY', integrationUri: `${upstreamUrl}/wait/{ms}`, integrationMethod: 'GET', timeoutInMillis: 150 } },
      { routeKey: 'GET /patient/{ms}', integration: { integrationType: 'HTTP_PROXY', integrationUri: `${upstreamUrl}/wait/{ms}`, integrationMethod: 'GET', timeoutInMillis: 2000 } },
    ]);
    const results = await Promise.all([get('/wait/600'), get('/patient/400'), get('/wait/10'), get('/wait/700')]);
    expect(results.map((r) => [r.status, r.body.toString()])).toEqual([
      [503, '{"message":"Service Unavailable"}'],
      [200, 'waited 400'],
      [200, 'waited 10'],
      [503, '{"message":"Service Unavailable"}'],
    ]);
    // After a burst of timeouts the next request on the same route is served normally.
    const after = await get('/wait/5');
    expect([after.status, after.body.toString()]).toEqual([200, 'waited 5']);
  });
});
