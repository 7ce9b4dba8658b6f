import { eventOfPayload } from '@app/testing/lambda-payload';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { InMemoryAuthorizerCache, JwksRegistry } from '@app/auth';
import type { ActiveStage, LambdaInvokeRequest, RestDefinition } from '@app/contracts';
import { authorizersPlugin } from '../authorizers/authorizers.plugin';
import type { RequestContext } from '../context/request-context';
import { StageRegistry } from '../registry/stage.registry';
import { restDataPlaneOptions } from '../rest/rest-data-plane';
import { httpStage, lambdaUri, RecordingInvoker, success } from '../testing/active-stage.factory';
import { restApi } from '../testing/rest-harness';
import { createGatewayHandler } from './gateway.handler';
import { createGatewayHttpServer } from './gateway-http.server';

const ARN = 'arn:aws:execute-api:us-east-1:123456789012:';
const statement = (Effect: string, extra: object = {}) => ({ Effect, Principal: '*', Action: 'execute-api:Invoke', Resource: `${ARN}*/*`, ...extra });

/**
 * TRUSTED_PROXIES through real gateway handlers: the same requests from 127.0.0.1 / ::1 to nodes that trust that
 * peer and to nodes that do not, checking what integrations, `$context` and resource policies see.
 */
describe('gateway handler behind trusted proxies', () => {
  let registry: StageRegistry;
  let invoker: RecordingInvoker;
  const servers: Server[] = [];
  let completed: RequestContext[];
  /** Base URLs: no TRUSTED_PROXIES; trusting 127.0.0.1; trusting only 10/8; trusting ::1 over IPv6; trusting 127/8 on a dual-stack socket. */
  const base = { plain: '', trusting: '', elsewhere: '', v6: '', dualStack: '' };

  async function start(trustedProxies: string[] | undefined, host: string, listenOn = host): Promise<string> {
    const server = createGatewayHttpServer(createGatewayHandler({ registry, invoker, trustedProxies, onRequestComplete: (ctx) => completed.push(ctx) }));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, listenOn, resolve));
    return `http://${host.includes(':') ? `[${host}]` : host}:${(server.address() as AddressInfo).port}`;
  }

  /** What an HTTP_PROXY backend last received as X-Forwarded-For. */
  let backendSaw: string | undefined;

  beforeAll(async () => {
    const backend = createServer((req, res) => {
      backendSaw = req.headers['x-forwarded-for'] as string | undefined;
      res.end('{}');
    });
    servers.push(backend);
    await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve));
    invoker = new RecordingInvoker((req: LambdaInvokeRequest) => success({ statusCode: 200, body: JSON.stringify(eventOfPayload(req.payload)) }));
    const rest = restDataPlaneOptions();
    const authorizers = authorizersPlugin({ invoker, cache: new InMemoryAuthorizerCache(), jwks: new JwksRegistry(), invokeAccessKeys: new Map(), region: 'us-east-1', accountId: '123456789012' });
    registry = new StageRegistry({ ...rest, plugins: [...rest.plugins, authorizers] });
    registry.load(
      httpStage('httpapi1', '$default', [
        { routeKey: 'GET /v2', integration: { integrationType: 'AWS_PROXY', integrationUri: 'v2fn', payloadFormatVersion: '2.0' } },
        { routeKey: 'GET /v1', integration: { integrationType: 'AWS_PROXY', integrationUri: 'v1fn', payloadFormatVersion: '1.0' } },
        {
          routeKey: 'GET /proxy',
          integration: { integrationType: 'HTTP_PROXY', integrationMethod: 'GET', integrationUri: `http://127.0.0.1:${(backend.address() as AddressInfo).port}/`, payloadFormatVersion: '1.0' },
        },
      ]),
    );
    registry.load(policyApi('noclients', statement('Allow'), statement('Deny', { Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } } })));
    registry.load(policyApi('tlsonly', statement('Allow'), statement('Deny', { Condition: { Bool: { 'aws:SecureTransport': 'false' } } })));
    base.plain = await start(undefined, '127.0.0.1');
    base.trusting = await start(['127.0.0.1/32'], '127.0.0.1');
    base.elsewhere = await start(['10.0.0.0/8'], '127.0.0.1');
    base.v6 = await start(['::1/128'], '::1');
    base.dualStack = await start(['127.0.0.0/8'], '127.0.0.1', '::');
  });

  afterAll(async () => {
    await registry.close();
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  });

  beforeEach(() => {
    completed = [];
  });

  function policyApi(apiId: string, ...Statement: object[]): ActiveStage {
    const active = restApi(apiId, { methods: [{ path: '/r', httpMethod: 'GET', methodIntegration: { type: 'AWS_PROXY', httpMethod: 'POST', uri: lambdaUri('echo') } }] });
    (active.snapshot.definition as RestDefinition).api.policy = JSON.stringify({ Version: '2012-10-17', Statement });
    return active;
  }

  async function event(url: string, headers: Record<string, string> = {}) {
    const r = await request(`${url}/_aws/execute-api/httpapi1/v2`, { headers });
    expect(r.statusCode).toBe(200);
    return JSON.parse(await r.body.text());
  }

  async function status(url: string, apiId: string, headers: Record<string, string> = {}) {
    const r = await request(`${url}/_aws/execute-api/${apiId}/prod/r`, { headers });
    await r.body.dump();
    return r.statusCode;
  }

  const PROXY_HEADERS = { 'x-forwarded-for': '1.1.1.1, 203.0.113.9', 'x-forwarded-proto': 'https', 'x-forwarded-port': '8443' };

  describe('peer not trusted (no TRUSTED_PROXIES, or a list without it)', () => {
    it.each(['plain', 'elsewhere'] as const)('%s: the TCP peer is the client and the client-sent X-Forwarded-* are only appended to', async (node) => {
      const e = await event(base[node], PROXY_HEADERS);
      expect(e.requestContext.http.sourceIp).toBe('127.0.0.1');
      expect(e.headers['x-forwarded-for']).toBe('1.1.1.1, 203.0.113.9, 127.0.0.1');
      expect(e.headers['x-forwarded-proto']).toBe('http');
      expect(e.headers['x-forwarded-port']).toBe(new URL(base[node]).port);
      expect(completed[0].contextVariables()).toMatchObject({ identity: expect.objectContaining({ sourceIp: '127.0.0.1' }) });
    });

    it('a client claiming X-Forwarded-Proto: https does not pass a Bool aws:SecureTransport "false" Deny', async () => {
      expect(await status(base.plain, 'tlsonly', { 'x-forwarded-proto': 'https' })).toBe(403);
      expect(await status(base.elsewhere, 'tlsonly', { 'x-forwarded-proto': 'https' })).toBe(403);
    });

    it('aws:SourceIp is the peer, whatever X-Forwarded-For says', async () => {
      expect(await status(base.plain, 'noclients', { 'x-forwarded-for': '203.0.113.9' })).toBe(200);
    });
  });

  describe('peer trusted', () => {
    it('payload 2.0: sourceIp from X-Forwarded-For, scheme and port from X-Forwarded-Proto/-Port, the proxy appended to X-Forwarded-For', async () => {
      const e = await event(base.trusting, PROXY_HEADERS);
      expect(e.requestContext.http.sourceIp).toBe('203.0.113.9');
      expect(e.headers['x-forwarded-for']).toBe('1.1.1.1, 203.0.113.9, 127.0.0.1');
      expect(e.headers['x-forwarded-proto']).toBe('https');
      expect(e.headers['x-forwarded-port']).toBe('8443');
      const context = completed[0].contextVariables() as { identity: { sourceIp: string } };
      expect(context.identity.sourceIp).toBe('203.0.113.9');
    });

    it('HTTP_PROXY: the backend gets the forwarded chain with the proxy (the TCP peer) appended, as the Lambda events do', async () => {
      const r = await request(`${base.trusting}/_aws/execute-api/httpapi1/proxy`, { headers: PROXY_HEADERS });
      await r.body.dump();
      expect(r.statusCode).toBe(200);
      expect(backendSaw).toBe('1.1.1.1, 203.0.113.9, 127.0.0.1');
    });

    it('payload 1.0: requestContext.identity.sourceIp and both header maps', async () => {
      const r = await request(`${base.trusting}/_aws/execute-api/httpapi1/v1`, { headers: { 'x-forwarded-for': '2001:db8::7', 'x-forwarded-proto': 'https' } });
      const e = JSON.parse(await r.body.text());
      expect(e.requestContext.identity.sourceIp).toBe('2001:db8::7');
      expect(e.headers).toMatchObject({ 'X-Forwarded-For': '2001:db8::7, 127.0.0.1', 'X-Forwarded-Proto': 'https', 'X-Forwarded-Port': '443' });
      expect(e.multiValueHeaders).toMatchObject({ 'X-Forwarded-For': ['2001:db8::7, 127.0.0.1'], 'X-Forwarded-Proto': ['https'], 'X-Forwarded-Port': ['443'] });
    });

    it('without forwarded headers the peer is the client, on the connection\'s scheme and port', async () => {
      const e = await event(base.trusting);
      expect(e.requestContext.http.sourceIp).toBe('127.0.0.1');
      expect(e.headers['x-forwarded-for']).toBe('127.0.0.1');
      expect(e.headers['x-forwarded-proto']).toBe('http');
      expect(e.headers['x-forwarded-port']).toBe(new URL(base.trusting).port);
    });

    it.each([
      ['http with its default port', { 'x-forwarded-proto': 'HTTP' }, 'http', '80'],
      ['the first of several schemes', { 'x-forwarded-proto': 'https, http' }, 'https', '443'],
      ['a port alone', { 'x-forwarded-port': '9000' }, 'http', '9000'],
      ['an unknown scheme and a bad port: the connection\'s', { 'x-forwarded-proto': 'wss', 'x-forwarded-port': '99999' }, 'http', 'listener'],
      ['a non-numeric port with a scheme: the scheme\'s default', { 'x-forwarded-proto': 'https', 'x-forwarded-port': '443abc' }, 'https', '443'],
    ])('X-Forwarded-Proto/-Port: %s', async (_, headers, proto, port) => {
      const e = await event(base.trusting, headers);
      expect(e.headers['x-forwarded-proto']).toBe(proto);
      expect(e.headers['x-forwarded-port']).toBe(port === 'listener' ? new URL(base.trusting).port : port);
    });

    it('an IPv6 peer (::1) in an IPv6 range', async () => {
      const e = await event(base.v6, { 'x-forwarded-for': '198.51.100.1, 203.0.113.9, ::1' });
      expect(e.requestContext.http.sourceIp).toBe('203.0.113.9');
      expect(e.headers['x-forwarded-for']).toBe('198.51.100.1, 203.0.113.9, ::1, ::1');
    });

    it('an IPv4 peer seen as ::ffff:127.0.0.1 on a dual-stack socket matches an IPv4 range', async () => {
      const e = await event(base.dualStack, { 'x-forwarded-for': '203.0.113.9' });
      expect(e.requestContext.http.sourceIp).toBe('203.0.113.9');
      expect(e.headers['x-forwarded-for']).toBe('203.0.113.9, 127.0.0.1');
    });

    it('aws:SecureTransport follows the proxy\'s X-Forwarded-Proto', async () => {
      expect(await status(base.trusting, 'tlsonly', { 'x-forwarded-proto': 'https' })).toBe(200);
      expect(await status(base.trusting, 'tlsonly', { 'x-forwarded-proto': 'http' })).toBe(403);
      expect(await status(base.trusting, 'tlsonly')).toBe(403);
    });

    it('aws:SourceIp is the forwarded client, not a spoofed entry left of it', async () => {
      expect(await status(base.trusting, 'noclients', { 'x-forwarded-for': '203.0.113.9' })).toBe(403);
      expect(await status(base.trusting, 'noclients', { 'x-forwarded-for': '203.0.113.9, 198.51.100.1' })).toBe(200);
      expect(await status(base.trusting, 'noclients')).toBe(200);
    });
  });
});
