import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { InMemoryQuotaCounter } from './in-memory.quota-counter';
import type { QuotaCounter } from './quota-counter';
import { RedisQuotaCounter } from './redis.quota-counter';
import { TEST_REDIS_URL } from '@app/testing/test-services';

const at = (iso: string) => Date.parse(iso);

type Nodes = { nodes: [QuotaCounter, QuotaCounter]; close: () => Promise<void> };

const implementations: Array<[string, () => Promise<Nodes>]> = [
  [
    'in memory',
    async () => {
      const counter = new InMemoryQuotaCounter();
      return { nodes: [counter, counter], close: () => counter.close() };
    },
  ],
  [
    'redis',
    async () => {
      const keyPrefix = `spec:q:${randomBytes(4).toString('hex')}:`;
      const clients = [new Redis(TEST_REDIS_URL), new Redis(TEST_REDIS_URL)];
      return {
        nodes: clients.map((redis) => new RedisQuotaCounter({ redis, keyPrefix })) as unknown as [QuotaCounter, QuotaCounter],
        close: async () => {
          const keys = await clients[0].keys(`${keyPrefix}*`);
          if (keys.length) await clients[0].del(...keys);
          await Promise.all(clients.map((c) => c.quit()));
        },
      };
    },
  ],
];

describe.each(implementations)('QuotaCounter (%s)', (_name, make) => {
  let sut: Nodes;
  const daily = { limit: 50, period: 'DAY' as const };

  beforeEach(async () => {
    sut = await make();
  });

  afterEach(async () => {
    await sut.close();
  });

  it('admits exactly 50 of 80 concurrent requests on a 50/DAY quota across two nodes, then refuses', async () => {
    const now = at('2024-03-10T12:00:00Z');
    const results = await Promise.all(Array.from({ length: 80 }, (_, i) => sut.nodes[i % 2].consume('plan:key', daily, now)));
    expect(results.filter((r) => r.allowed)).toHaveLength(50);
    await expect(sut.nodes[0].consume('plan:key', daily, now)).resolves.toEqual({
      allowed: false,
      used: 50,
      remaining: 0,
      periodStart: at('2024-03-10T00:00:00Z'),
    });
  });

  it('reports used and remaining after each admitted request', async () => {
    const now = at('2024-03-10T12:00:00Z');
    await sut.nodes[0].consume('k', { limit: 3, period: 'DAY' }, now);
    await expect(sut.nodes[1].consume('k', { limit: 3, period: 'DAY' }, now)).resolves.toEqual({
      allowed: true,
      used: 2,
      remaining: 1,
      periodStart: at('2024-03-10T00:00:00Z'),
    });
  });

  it('starts over at the next UTC midnight', async () => {
    const quota = { limit: 2, period: 'DAY' as const };
    for (let i = 0; i < 3; i++) await sut.nodes[0].consume('k', quota, at('2024-03-10T23:59:59Z'));
    const next = await sut.nodes[1].consume('k', quota, at('2024-03-11T00:00:00Z'));
    expect(next).toEqual({ allowed: true, used: 1, remaining: 1, periodStart: at('2024-03-11T00:00:00Z') });
  });

  it('keeps a WEEK quota with offset 1 (Monday) across Sunday and starts over on Monday', async () => {
    const quota = { limit: 2, period: 'WEEK' as const, offset: 1 };
    await sut.nodes[0].consume('k', quota, at('2024-03-11T09:00:00Z')); // Monday
    await sut.nodes[0].consume('k', quota, at('2024-03-14T09:00:00Z'));
    await expect(sut.nodes[1].consume('k', quota, at('2024-03-17T23:00:00Z'))).resolves.toMatchObject({ allowed: false, used: 2 });
    await expect(sut.nodes[1].consume('k', quota, at('2024-03-18T00:00:01Z'))).resolves.toEqual({
      allowed: true,
      used: 1,
      remaining: 1,
      periodStart: at('2024-03-18T00:00:00Z'),
    });
  });

  it('keeps a MONTH quota with offset 14 until the 15th', async () => {
    const quota = { limit: 1, period: 'MONTH' as const, offset: 14 };
    await sut.nodes[0].consume('k', quota, at('2024-03-20T00:00:00Z'));
    await expect(sut.nodes[0].consume('k', quota, at('2024-04-14T23:59:59Z'))).resolves.toMatchObject({ allowed: false });
    await expect(sut.nodes[1].consume('k', quota, at('2024-04-15T00:00:00Z'))).resolves.toMatchObject({ allowed: true, used: 1 });
  });

  it('does not let a node with a lagging clock reset a period another node has started', async () => {
    const quota = { limit: 1, period: 'DAY' as const };
    await sut.nodes[0].consume('k', quota, at('2024-03-11T00:00:00.100Z'));
    await expect(sut.nodes[1].consume('k', quota, at('2024-03-10T23:59:59.900Z'))).resolves.toMatchObject({ allowed: false });
  });

  it('refuses everything on a quota of 0', async () => {
    await expect(sut.nodes[0].consume('k', { limit: 0, period: 'DAY' }, at('2024-03-10T00:00:00Z'))).resolves.toMatchObject({
      allowed: false,
      used: 0,
      remaining: 0,
    });
  });

  it('reports admitted requests per UTC day, zero-filled, refusals not counted', async () => {
    const quota = { limit: 100, period: 'MONTH' as const };
    for (let i = 0; i < 3; i++) await sut.nodes[i % 2].consume('k', quota, at('2024-03-01T10:00:00Z'));
    await sut.nodes[0].consume('k', quota, at('2024-03-03T23:00:00Z'));
    await sut.nodes[0].consume('k', { limit: 0, period: 'DAY' }, at('2024-03-03T23:00:00Z'));
    await expect(sut.nodes[1].usage('k', at('2024-03-01T00:00:00Z'), at('2024-03-04T00:00:00Z'))).resolves.toEqual([
      { date: '2024-03-01', used: 3 },
      { date: '2024-03-02', used: 0 },
      { date: '2024-03-03', used: 1 },
      { date: '2024-03-04', used: 0 },
    ]);
  });

  it('answers an empty range with no days', async () => {
    await expect(sut.nodes[0].usage('k', at('2024-03-04T00:00:00Z'), at('2024-03-01T00:00:00Z'))).resolves.toEqual([]);
  });

  it('peeks without counting', async () => {
    const quota = { limit: 5, period: 'DAY' as const };
    const now = at('2024-03-10T12:00:00Z');
    await sut.nodes[0].consume('k', quota, now);
    await expect(sut.nodes[1].peek('k', quota, now)).resolves.toEqual({ allowed: true, used: 1, remaining: 4, periodStart: at('2024-03-10T00:00:00Z') });
    await expect(sut.nodes[1].peek('k', quota, now)).resolves.toMatchObject({ used: 1 });
    await expect(sut.nodes[1].peek('other', quota, now)).resolves.toMatchObject({ used: 0, remaining: 5 });
  });

  it('resets the current period (UpdateUsage) but keeps the daily history', async () => {
    const quota = { limit: 1, period: 'DAY' as const };
    const now = at('2024-03-10T12:00:00Z');
    await sut.nodes[0].consume('k', quota, now);
    await sut.nodes[0].reset('k');
    await expect(sut.nodes[1].consume('k', quota, now)).resolves.toMatchObject({ allowed: true, used: 1 });
    await expect(sut.nodes[1].usage('k', now, now)).resolves.toEqual([{ date: '2024-03-10', used: 2 }]);
  });

  it('sets the current count (UpdateUsage replace /remaining)', async () => {
    const quota = { limit: 10, period: 'DAY' as const };
    const now = at('2024-03-10T12:00:00Z');
    await sut.nodes[0].set('k', 9, quota, now);
    await expect(sut.nodes[1].consume('k', quota, now)).resolves.toMatchObject({ allowed: true, used: 10, remaining: 0 });
    await expect(sut.nodes[1].consume('k', quota, now)).resolves.toMatchObject({ allowed: false });
  });
});

describe(RedisQuotaCounter.name, () => {
  it('keeps counts when the gateway restarts (a new client and counter on the same Redis)', async () => {
    const keyPrefix = `spec:q:${randomBytes(4).toString('hex')}:`;
    const now = at('2024-03-10T12:00:00Z');
    const quota = { limit: 5, period: 'DAY' as const };
    const first = new Redis(TEST_REDIS_URL);
    await new RedisQuotaCounter({ redis: first, keyPrefix }).consume('k', quota, now);
    await first.quit();
    const second = new Redis(TEST_REDIS_URL);
    const sut = new RedisQuotaCounter({ redis: second, keyPrefix });
    await expect(sut.consume('k', quota, now)).resolves.toMatchObject({ used: 2 });
    await second.del(...(await second.keys(`${keyPrefix}*`)));
    await second.quit();
  });
});
