import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { InMemoryRateLimiter } from './in-memory.rate-limiter';
import { LeasedRateLimiter } from './leased.rate-limiter';
import type { RateLimiter, ThrottleLimits } from './rate-limiter';
import { RedisRateLimiter } from './redis.rate-limiter';
import { TEST_REDIS_URL } from '@app/testing/test-services';

const T0 = Date.UTC(2024, 0, 1);

/** Two limiters stand for two gateway nodes; in memory they are one object, as in the all-in-one process. */
type Nodes = { nodes: [RateLimiter, RateLimiter]; close: () => Promise<void> };

async function redisNodes(kind: 'exact' | 'leased'): Promise<Nodes> {
  const keyPrefix = `spec:tb:${randomBytes(4).toString('hex')}:`;
  const clients = [new Redis(TEST_REDIS_URL), new Redis(TEST_REDIS_URL)];
  const nodes = clients.map((redis) => {
    const store = new RedisRateLimiter({ redis, keyPrefix });
    return kind === 'exact' ? store : new LeasedRateLimiter({ store });
  }) as unknown as [RateLimiter, RateLimiter];
  return {
    nodes,
    close: async () => {
      const keys = await clients[0].keys(`${keyPrefix}*`);
      if (keys.length) await clients[0].del(...keys);
      await Promise.all(clients.map((c) => c.quit()));
    },
  };
}

const implementations: Array<[string, () => Promise<Nodes>]> = [
  [
    'in memory',
    async () => {
      const limiter = new InMemoryRateLimiter();
      return { nodes: [limiter, limiter], close: () => limiter.close() };
    },
  ],
  ['redis, exact', () => redisNodes('exact')],
  ['redis, leased', () => redisNodes('leased')],
];

/** Sends `count` requests at the same instant, alternating between the nodes; resolves to how many were admitted. */
async function burst(sut: Nodes, key: string, limits: ThrottleLimits, count: number, now: number): Promise<number> {
  const answers = await Promise.all(
    Array.from({ length: count }, (_, i) => sut.nodes[i % 2].tryAcquire(key, limits, now)),
  );
  return answers.filter(Boolean).length;
}

describe.each(implementations)('RateLimiter (%s)', (_name, make) => {
  let sut: Nodes;

  beforeEach(async () => {
    sut = await make();
  });

  afterEach(async () => {
    await sut.close();
  });

  it('admits exactly the burst of 100 instant requests to a bucket of rate 10/s and burst 20', async () => {
    await expect(burst(sut, 'k', { rateLimit: 10, burstLimit: 20 }, 100, T0)).resolves.toBe(20);
  });

  it('refills at the rate: one token per 100 ms at 10/s, never more than the burst', async () => {
    const limits = { rateLimit: 10, burstLimit: 20 };
    await burst(sut, 'k', limits, 30, T0);
    await expect(burst(sut, 'k', limits, 10, T0 + 100)).resolves.toBe(1);
    await expect(burst(sut, 'k', limits, 10, T0 + 650)).resolves.toBe(5);
    await expect(burst(sut, 'k', limits, 100, T0 + 3_600_000)).resolves.toBe(20);
  });

  it('admits a steady stream at the rate without throttling any of it', async () => {
    const limits = { rateLimit: 10, burstLimit: 1 };
    let admitted = 0;
    for (let i = 0; i < 20; i++) if (await sut.nodes[i % 2].tryAcquire('k', limits, T0 + i * 100)) admitted++;
    expect(admitted).toBe(20);
  });

  it('throttles everything when rateLimit is 0', async () => {
    await expect(burst(sut, 'k', { rateLimit: 0, burstLimit: 100 }, 10, T0)).resolves.toBe(0);
  });

  it('throttles everything when burstLimit is 0', async () => {
    await expect(burst(sut, 'k', { rateLimit: 100, burstLimit: 0 }, 10, T0)).resolves.toBe(0);
  });

  it('treats a negative or NaN rate as 0', async () => {
    await expect(burst(sut, 'a', { rateLimit: -5, burstLimit: 10 }, 5, T0)).resolves.toBe(0);
    await expect(burst(sut, 'b', { rateLimit: Number.NaN, burstLimit: 10 }, 5, T0)).resolves.toBe(0);
  });

  it('does not throttle a level without a rateLimit', async () => {
    await expect(burst(sut, 'k', {}, 200, T0)).resolves.toBe(200);
    await expect(burst(sut, 'k', { burstLimit: 1 }, 10, T0)).resolves.toBe(10);
  });

  it('sizes a bucket without burstLimit to one second of the rate', async () => {
    await expect(burst(sut, 'k', { rateLimit: 7 }, 20, T0)).resolves.toBe(7);
  });

  it('keeps separate buckets per key', async () => {
    const limits = { rateLimit: 1, burstLimit: 2 };
    await expect(burst(sut, 'a', limits, 5, T0)).resolves.toBe(2);
    await expect(burst(sut, 'b', limits, 5, T0)).resolves.toBe(2);
  });

  it('adds no tokens when the clock goes backwards', async () => {
    const limits = { rateLimit: 10, burstLimit: 5 };
    await burst(sut, 'k', limits, 5, T0 + 10_000);
    await expect(burst(sut, 'k', limits, 5, T0)).resolves.toBe(0);
    await expect(burst(sut, 'k', limits, 5, T0 + 10_100)).resolves.toBe(1);
  });

  it('clamps a full bucket to a lowered burst limit', async () => {
    await burst(sut, 'k', { rateLimit: 10, burstLimit: 20 }, 1, T0);
    await expect(burst(sut, 'k', { rateLimit: 10, burstLimit: 5 }, 20, T0 + 5_000)).resolves.toBe(5);
  });
});

describe(LeasedRateLimiter.name, () => {
  const keyPrefix = `spec:lease:${randomBytes(4).toString('hex')}:`;
  let clients: Redis[];
  let sut: [LeasedRateLimiter, LeasedRateLimiter];

  beforeEach(() => {
    clients = [new Redis(TEST_REDIS_URL), new Redis(TEST_REDIS_URL)];
    sut = clients.map((redis) => new LeasedRateLimiter({ store: new RedisRateLimiter({ redis, keyPrefix }), leaseMs: 50 })) as [
      LeasedRateLimiter,
      LeasedRateLimiter,
    ];
  });

  afterEach(async () => {
    const keys = await clients[0].keys(`${keyPrefix}*`);
    if (keys.length) await clients[0].del(...keys);
    await Promise.all(clients.map((c) => c.quit()));
  });

  it('sizes leases from the rate, at least 1 and at most the burst', () => {
    expect(sut[0].leaseSize({ rateLimit: 10, burstLimit: 20 })).toBe(1);
    expect(sut[0].leaseSize({ rateLimit: 1000, burstLimit: 200 })).toBe(50);
    expect(sut[0].leaseSize({ rateLimit: 10_000, burstLimit: 100 })).toBe(100);
    expect(sut[0].leaseSize({ rateLimit: 0, burstLimit: 100 })).toBe(0);
  });

  it('keeps two nodes within the burst plus two leases when leases are larger than one token', async () => {
    const limits = { rateLimit: 1000, burstLimit: 200 };
    const lease = sut[0].leaseSize(limits);
    const answers = await Promise.all(Array.from({ length: 500 }, (_, i) => sut[i % 2].tryAcquire('k', limits, T0)));
    const admitted = answers.filter(Boolean).length;
    expect(admitted).toBeLessThanOrEqual(200);
    expect(admitted).toBeGreaterThanOrEqual(200 - 2 * lease);
  });

  it('answers from a held lease without waiting for Redis', async () => {
    const limits = { rateLimit: 1000, burstLimit: 200 };
    await sut[0].tryAcquire('k', limits, T0);
    expect(sut[0].tryAcquire('k', limits, T0)).toBe(true);
  });

  it('discards a lease older than its ttl instead of spending it', async () => {
    const limits = { rateLimit: 1000, burstLimit: 50 };
    await sut[0].tryAcquire('k', limits, T0); // leases 50 tokens, spends 1
    // Drain the shared bucket from the other node at a later instant; node 0's old lease must not add to it.
    const later = T0 + 5_000;
    const fromOther = await Promise.all(Array.from({ length: 60 }, () => sut[1].tryAcquire('k', limits, later)));
    const fromStale = await Promise.all(Array.from({ length: 60 }, () => sut[0].tryAcquire('k', limits, later)));
    expect(fromOther.filter(Boolean).length + fromStale.filter(Boolean).length).toBe(50);
  });
});
