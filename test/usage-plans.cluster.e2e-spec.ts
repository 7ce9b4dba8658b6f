import {
  APIGatewayClient,
  CreateApiKeyCommand,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand,
  GetUsageCommand,
} from '@aws-sdk/client-api-gateway';
import { request } from 'undici';
import { putMockMethod } from '@app/testing';
import { ComposeCluster } from './support/compose-cluster';

/**
 * Usage plans across a cluster: a control plane and two gateway nodes started as docker-compose.yml starts them,
 * on the machine's Postgres and Redis. Limits are shared through Redis, so the two nodes together admit what one
 * plan allows — no more. Management calls are SigV4-signed with the compose file's admin key.
 */
describe('usage plans across two gateway nodes (Redis-shared buckets and quotas)', () => {
  const cluster = new ComposeCluster();
  let gateways: string[];
  let apigw: APIGatewayClient;
  let apiId: string;

  const call = async (node: number, key: string) => {
    const r = await request(`${gateways[node]}/_aws/execute-api/${apiId}/prod/pets`, { headers: { 'x-api-key': key } });
    return { status: r.statusCode, body: await r.body.text() };
  };
  /** Waits until both nodes serve `key`, returning how many probe requests were admitted on the way. */
  const untilServed = async (key: string) => {
    let admitted = 0;
    for (const node of [0, 1]) {
      for (let i = 0; ; i++) {
        const r = await call(node, key);
        if (r.status === 200) {
          admitted++;
          break;
        }
        if (i > 200) throw new Error(`node ${node} never admitted the key: ${r.status} ${r.body}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
    return admitted;
  };
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  beforeAll(async () => {
    const nodes = await cluster.startControlPlaneAndGateways(2);
    gateways = nodes.gateways.map((node) => node.url);

    apigw = new APIGatewayClient({ ...nodes.clientConfig, maxAttempts: 1 });
    const api = await apigw.send(new CreateRestApiCommand({ name: 'metered' }));
    apiId = api.id!;
    const resource = await apigw.send(new CreateResourceCommand({ restApiId: apiId, parentId: api.rootResourceId!, pathPart: 'pets' }));
    await putMockMethod(apigw, { restApiId: apiId, resourceId: resource.id!, httpMethod: 'GET' }, '{}', { apiKeyRequired: true });
    await apigw.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod' }));
  }, 60_000);

  afterAll(async () => {
    apigw?.destroy();
    await cluster.destroy();
  });

  async function keyInPlan(plan: ConstructorParameters<typeof CreateUsagePlanCommand>[0]) {
    const key = await apigw.send(new CreateApiKeyCommand({ name: plan.name, enabled: true }));
    const created = await apigw.send(new CreateUsagePlanCommand({ ...plan, apiStages: [{ apiId, stage: 'prod' }] }));
    await apigw.send(new CreateUsagePlanKeyCommand({ usagePlanId: created.id!, keyId: key.id!, keyType: 'API_KEY' }));
    return { key: { id: key.id!, value: key.value! }, planId: created.id! };
  }

  it('a plan with rate 10/s and burst 20 admits 20 ± 2 of an instant burst of 100 over both nodes, then about 10/s', async () => {
    const { key } = await keyInPlan({ name: 'rate', throttle: { rateLimit: 10, burstLimit: 20 } });
    await untilServed(key.value);
    await sleep(2500); // the bucket refills to its burst

    const burstStart = Date.now();
    const burst = await Promise.all(Array.from({ length: 100 }, (_, i) => call(i % 2, key.value)));
    const burstSeconds = (Date.now() - burstStart) / 1000;
    const admitted = burst.filter((r) => r.status === 200).length;
    const refused = burst.filter((r) => r.status !== 200);
    console.log(`burst of 100 in ${burstSeconds.toFixed(3)} s: ${admitted} admitted`);
    expect(refused.every((r) => r.status === 429 && r.body === '{"message":"Too Many Requests"}')).toBe(true);
    // The burst of 20, ± 2 for the two nodes' one-token leases, plus what the bucket truly refilled (10/s) while the
    // 100 requests were still arriving on this 2-core machine.
    expect(admitted).toBeGreaterThanOrEqual(18);
    expect(admitted).toBeLessThanOrEqual(22 + Math.ceil(10 * burstSeconds));

    // Sustained: 40 requests/s for 3 s, alternating nodes; the bucket was just emptied, so about 10/s get through.
    const started = Date.now();
    const sustained: Array<Promise<{ status: number }>> = [];
    for (let i = 0; i < 120; i++) {
      sustained.push(call(i % 2, key.value));
      await sleep(Math.max(0, started + (i + 1) * 25 - Date.now()));
    }
    const seconds = (Date.now() - started) / 1000;
    const steady = (await Promise.all(sustained)).filter((r) => r.status === 200).length;
    console.log(`sustained over ${seconds.toFixed(2)} s: ${steady} admitted (${(steady / seconds).toFixed(1)}/s)`);
    expect(steady / seconds).toBeGreaterThan(8);
    expect(steady / seconds).toBeLessThan(12.5);
  });

  it('a quota of 50 a day admits exactly 50 across both nodes, then 429 {"message":"Limit Exceeded"}; GetUsage says 50', async () => {
    const { key, planId } = await keyInPlan({ name: 'quota', quota: { limit: 50, period: 'DAY' } });
    let admitted = await untilServed(key.value);
    const results = await Promise.all(Array.from({ length: 80 }, (_, i) => call(i % 2, key.value)));
    admitted += results.filter((r) => r.status === 200).length;
    const refused = results.filter((r) => r.status !== 200);
    expect(admitted).toBe(50);
    expect(refused.length).toBe(80 - (50 - 2));
    expect(refused.every((r) => r.status === 429 && r.body === '{"message":"Limit Exceeded"}')).toBe(true);
    for (const node of [0, 1]) expect(await call(node, key.value)).toEqual({ status: 429, body: '{"message":"Limit Exceeded"}' });

    const today = new Date().toISOString().slice(0, 10);
    const usage = await apigw.send(new GetUsageCommand({ usagePlanId: planId, startDate: today, endDate: today }));
    expect(usage.items).toEqual({ [key.id]: [[50, 0]] });
  });
});
