import { createHmac } from 'node:crypto';
import { request } from 'undici';
import type { ActiveStage, RestIntegrationDoc, RestMethodSetting, V2StageDoc } from '@app/contracts';
import { InMemoryQuotaCounter, InMemoryRateLimiter, type QuotaCounter } from '@app/throttle';
import { serveGateway, type GatewayServer } from '../testing/gateway-server';
import { StageRegistry } from '../registry/stage.registry';
import { restDataPlaneOptions } from '../rest/rest-data-plane';
import { restApi, type MethodSpec } from '../testing/rest-harness';
import { httpStage, RecordingInvoker, success } from '../testing/active-stage.factory';
import type { StagePlugin } from '../stages/pipeline-stage';
import { createAccessControl, type AccessControl } from './access-control';
import type { AccessData } from './access.model';

const hash = (value: string) => createHmac('sha256', 'spec-secret').update(value).digest('hex');
const GOOD = 'good-key-value-0123456789abcdefghij';
const OTHER = 'other-key-value-0123456789abcdefghij';
const DISABLED = 'disabled-key-0123456789abcdefghijkl';

const mock: RestIntegrationDoc = {
  type: 'MOCK',
  requestTemplates: { 'application/json': '{"statusCode": 200}' },
  integrationResponses: {
    '200': { statusCode: '200', responseTemplates: { 'application/json': '{"keyId":"$context.identity.apiKeyId","key":"$context.identity.apiKey"}' } },
  },
};

const lambda = { integrationType: 'AWS_PROXY' as const, integrationUri: 'f' };

function data(overrides: Partial<AccessData> = {}): AccessData {
  return {
    keys: [
      { id: 'k-good', valueHash: hash(GOOD), enabled: true },
      { id: 'k-other', valueHash: hash(OTHER), enabled: true },
      { id: 'k-off', valueHash: hash(DISABLED), enabled: false },
    ],
    plans: [
      { id: 'p1', apiStages: [{ apiId: 'api1', stage: 'prod', throttle: { '/limited/GET': { rateLimit: 0.001, burstLimit: 1 } } }], throttle: { rateLimit: 0.001, burstLimit: 4 }, quota: { limit: 3, period: 'DAY' } },
      { id: 'p2', apiStages: [{ apiId: 'api1', stage: 'beta' }] },
    ],
    links: [
      { usagePlanId: 'p1', keyId: 'k-good' },
      { usagePlanId: 'p1', keyId: 'k-off' },
      { usagePlanId: 'p2', keyId: 'k-other' },
    ],
    ...overrides,
  };
}

describe(createAccessControl.name, () => {
  let server: GatewayServer;
  let base: string;
  let registry: StageRegistry;
  let sut: AccessControl;
  let current: AccessData;
  let quotas: QuotaCounter;
  let changed: () => void;
  let authorizerKey: string | null;

  async function start(account = { rateLimit: 10_000, burstLimit: 5_000 }, counter: QuotaCounter = new InMemoryQuotaCounter()) {
    current = data();
    quotas = counter;
    sut = createAccessControl({
      source: { load: async () => current },
      bus: { subscribe: (_t, handler) => ((changed = handler), () => undefined), onReconnect: () => undefined },
      counters: { rateLimiter: new InMemoryRateLimiter(), quotas },
      hashKey: hash,
      accountThrottle: account,
      refreshIntervalMs: 0,
    });
    // Stands in for a Lambda authorizer returning usageIdentifierKey.
    const authorizer: StagePlugin = { slot: 'authorize', stage: { name: 'fake-authorizer', create: () => (ctx) => void (ctx.usageIdentifierKey = authorizerKey) } };
    const rest = restDataPlaneOptions();
    registry = new StageRegistry({ ...rest, plugins: [...sut.plugins, ...rest.plugins, authorizer] });
    server = await serveGateway({ registry, invoker: new RecordingInvoker(success({})) });
    base = server.base;
    await sut.index.ready;
  }

  const call = async (apiId: string, stage: string, path: string, key?: string) => {
    const r = await request(`${base}/_aws/execute-api/${apiId}/${stage}${path}`, { headers: key === undefined ? {} : { 'x-api-key': key } });
    return { status: r.statusCode, type: r.headers['x-amzn-errortype'], body: await r.body.text() };
  };

  function load(stage: string, methods: MethodSpec[], extra: { apiKeySource?: 'HEADER' | 'AUTHORIZER'; methodSettings?: Record<string, RestMethodSetting> } = {}): void {
    const active = restApi('api1', { methods }, stage);
    if (active.protocolType !== 'REST') throw new Error('REST expected');
    active.snapshot.definition.api.apiKeySource = extra.apiKeySource;
    active.stage.methodSettings = extra.methodSettings;
    registry.load(active as ActiveStage);
  }

  const keyed = (path: string): MethodSpec => ({ path, httpMethod: 'GET', apiKeyRequired: true, methodIntegration: mock });
  const open = (path: string): MethodSpec => ({ path, httpMethod: 'GET', methodIntegration: mock });

  afterEach(async () => {
    sut.stop();
    await registry.close();
    await server.close();
  });

  describe('API keys (x-api-key header)', () => {
    beforeEach(async () => {
      await start();
      load('prod', [keyed('/pets'), keyed('/limited'), open('/open')]);
      load('beta', [keyed('/pets')]);
    });

    it.each([
      ['no key', undefined],
      ['an empty key', ''],
      ['an unknown key', 'not-a-key-0123456789abcdefghijklmn'],
      ['a disabled key', DISABLED],
      ['a key whose plan does not cover this stage', OTHER],
    ])('refuses %s with INVALID_API_KEY: 403 {"message":"Forbidden"}', async (_case, key) => {
      await expect(call('api1', 'prod', '/pets', key)).resolves.toEqual({ status: 403, type: 'ForbiddenException', body: '{"message":"Forbidden"}' });
    });

    it('admits a key of a plan covering the stage and exposes $context.identity.apiKey / apiKeyId', async () => {
      await expect(call('api1', 'prod', '/pets', GOOD)).resolves.toEqual({ status: 200, type: undefined, body: `{"keyId":"k-good","key":"${GOOD}"}` });
      await expect(call('api1', 'beta', '/pets', OTHER)).resolves.toMatchObject({ status: 200 });
    });

    it('does not ask for a key on methods without apiKeyRequired, and does not meter them', async () => {
      for (let i = 0; i < 5; i++) expect((await call('api1', 'prod', '/open')).status).toBe(200);
      expect(await quotas.peek('p1:k-good', { limit: 3, period: 'DAY' })).toMatchObject({ used: 0 });
    });

    it('counts the quota only for admitted requests, then answers QUOTA_EXCEEDED: 429 {"message":"Limit Exceeded"}', async () => {
      for (let i = 0; i < 3; i++) expect((await call('api1', 'prod', '/pets', GOOD)).status).toBe(200);
      await expect(call('api1', 'prod', '/pets', GOOD)).resolves.toEqual({ status: 429, type: 'LimitExceededException', body: '{"message":"Limit Exceeded"}' });
      const today = Date.now();
      expect(await quotas.usage('p1:k-good', today, today)).toEqual([expect.objectContaining({ used: 3 })]);
    });

    it("applies the plan's per-method limit before the plan's own: THROTTLED 429 {\"message\":\"Too Many Requests\"}", async () => {
      expect((await call('api1', 'prod', '/limited', GOOD)).status).toBe(200);
      await expect(call('api1', 'prod', '/limited', GOOD)).resolves.toEqual({ status: 429, type: 'TooManyRequestsException', body: '{"message":"Too Many Requests"}' });
      // The throttled request took no quota: two remain for /pets.
      expect((await call('api1', 'prod', '/pets', GOOD)).status).toBe(200);
      expect((await call('api1', 'prod', '/pets', GOOD)).status).toBe(200);
    });

    it('follows access.changed: a key added, disabled or removed takes effect after the reload', async () => {
      const NEW = 'new-key-value-0123456789abcdefghijkl';
      expect((await call('api1', 'prod', '/pets', NEW)).status).toBe(403);
      current = data({ keys: [...data().keys, { id: 'k-new', valueHash: hash(NEW), enabled: true }], links: [...data().links, { usagePlanId: 'p1', keyId: 'k-new' }] });
      changed();
      await sut.index.refresh();
      expect((await call('api1', 'prod', '/pets', NEW)).status).toBe(200);
      current = data({ keys: data().keys.map((k) => (k.id === 'k-good' ? { ...k, enabled: false } : k)) });
      changed();
      await sut.index.refresh();
      expect((await call('api1', 'prod', '/pets', GOOD)).status).toBe(403);
      expect((await call('api1', 'prod', '/pets', NEW)).status).toBe(403);
    });
  });

  describe('throttling without keys', () => {
    it('applies stage methodSettings: a method override beats */*, each method has its own bucket', async () => {
      await start();
      load('prod', [open('/a'), open('/b'), { ...open('/a'), httpMethod: 'POST' }], {
        methodSettings: { '*/*': { throttlingRateLimit: 0.001, throttlingBurstLimit: 1 }, '~1b/GET': { throttlingBurstLimit: 2 } },
      });
      expect((await call('api1', 'prod', '/a')).status).toBe(200);
      await expect(call('api1', 'prod', '/a')).resolves.toEqual({ status: 429, type: 'TooManyRequestsException', body: '{"message":"Too Many Requests"}' });
      expect((await call('api1', 'prod', '/b')).status).toBe(200);
      expect((await call('api1', 'prod', '/b')).status).toBe(200);
      expect((await call('api1', 'prod', '/b')).status).toBe(429);
    });

    it('applies the account limit across every API and stage', async () => {
      await start({ rateLimit: 0.001, burstLimit: 2 });
      load('prod', [open('/a')]);
      load('beta', [open('/a')]);
      expect((await call('api1', 'prod', '/a')).status).toBe(200);
      expect((await call('api1', 'beta', '/a')).status).toBe(200);
      expect((await call('api1', 'beta', '/a')).status).toBe(429);
    });

    it('applies HTTP API routeSettings over defaultRouteSettings', async () => {
      await start();
      const active = httpStage('http1', 'prod', [{ routeKey: 'GET /a', integration: lambda }, { routeKey: 'GET /b', integration: lambda }]);
      const stage = active.stage as V2StageDoc;
      stage.defaultRouteSettings = { throttlingRateLimit: 0.001, throttlingBurstLimit: 1 };
      stage.routeSettings = { 'GET /b': { throttlingBurstLimit: 2 } };
      registry.load(active);
      const hit = async (path: string) => (await request(`${base}/_aws/execute-api/http1/prod${path}`)).statusCode;
      expect(await hit('/a')).toBe(200);
      expect(await hit('/a')).toBe(429);
      expect([await hit('/b'), await hit('/b'), await hit('/b')]).toEqual([200, 200, 429]);
    });
  });

  it('takes the key from the authorizer when apiKeySource is AUTHORIZER, ignoring x-api-key', async () => {
    await start();
    load('prod', [keyed('/pets')], { apiKeySource: 'AUTHORIZER' });
    authorizerKey = null;
    expect((await call('api1', 'prod', '/pets', GOOD)).status).toBe(403);
    authorizerKey = GOOD;
    await expect(call('api1', 'prod', '/pets')).resolves.toMatchObject({ status: 200, body: `{"keyId":"k-good","key":"${GOOD}"}` });
  });

  it('serves, unmetered, when the quota counter fails (AWS: "Usage Plan check failed due to an internal error")', async () => {
    const broken = new InMemoryQuotaCounter();
    broken.consume = () => Promise.reject(new Error('redis down'));
    await start(undefined, broken);
    load('prod', [keyed('/pets')]);
    expect((await call('api1', 'prod', '/pets', GOOD)).status).toBe(200);
    expect((await call('api1', 'prod', '/pets', 'unknown-0123456789abcdefghijklmnop')).status).toBe(403);
  });

  it('refuses HTTP API routes with apiKeyRequired (not supported by HTTP APIs) with a 500, never open', async () => {
    await start();
    const active = httpStage('http1', 'prod', [{ routeKey: 'GET /a', integration: lambda }]);
    if (active.protocolType === 'REST') throw new Error('HTTP expected');
    active.snapshot.definition.routes[0].apiKeyRequired = true;
    registry.load(active);
    const r = await request(`${base}/_aws/execute-api/http1/prod/a`, { headers: { 'x-api-key': GOOD } });
    expect(r.statusCode).toBe(500);
    await r.body.dump();
  });
});
