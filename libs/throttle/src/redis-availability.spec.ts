import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { LeasedRateLimiter } from './leased.rate-limiter';
import type { RateLimiter } from './rate-limiter';
import type { RedisUnavailableMode } from './redis-availability';
import { RedisRateLimiter } from './redis.rate-limiter';
import { TcpProxy } from '@app/testing/tcp-proxy';
import { serviceAddress, TEST_REDIS_URL } from '@app/testing/test-services';

const limits = { rateLimit: 1, burstLimit: 3 };

async function admitted(limiter: RateLimiter, key: string, count: number, now: number): Promise<number> {
  let n = 0;
  for (let i = 0; i < count; i++) if (await limiter.tryAcquire(key, limits, now)) n++;
  return n;
}

function ready(redis: Redis): Promise<void> {
  return redis.status === 'ready' ? Promise.resolve() : new Promise((resolve) => redis.once('ready', () => resolve()));
}

describe.each([
  ['exact', (store: RedisRateLimiter): RateLimiter => store],
  ['leased', (store: RedisRateLimiter): RateLimiter => new LeasedRateLimiter({ store })],
])('RedisRateLimiter while Redis is unreachable (%s)', (_name, wrap) => {
  const keyPrefix = `spec:down:${randomBytes(4).toString('hex')}:`;
  let proxy: TcpProxy;
  let redis: Redis;
  let direct: Redis;
  const errors: unknown[] = [];

  function make(whenUnavailable?: RedisUnavailableMode): RateLimiter {
    const store = new RedisRateLimiter({ redis, keyPrefix, whenUnavailable, retryAfterMs: 50, onUnavailable: (e) => errors.push(e) });
    return wrap(store);
  }

  beforeEach(async () => {
    errors.length = 0;
    const target = serviceAddress(TEST_REDIS_URL);
    proxy = new TcpProxy(target.port, 0, target.host);
    await proxy.start();
    redis = new Redis({ host: '127.0.0.1', port: proxy.port, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => 20 });
    direct = new Redis(TEST_REDIS_URL);
    await ready(redis);
  });

  afterEach(async () => {
    proxy.restore();
    await ready(redis);
    await redis.quit();
    await proxy.stop();
    const keys = await direct.keys(`${keyPrefix}*`);
    if (keys.length) await direct.del(...keys);
    await direct.quit();
  });

  it('falls back to an exact local bucket by default and reports the outage once', async () => {
    const sut = make();
    proxy.down();
    await expect(admitted(sut, 'k', 10, Date.now())).resolves.toBe(3);
    expect(errors).toHaveLength(1);
  });

  it('admits everything in allow mode', async () => {
    const sut = make('allow');
    proxy.down();
    await expect(admitted(sut, 'k', 10, Date.now())).resolves.toBe(10);
  });

  it('throttles everything in deny mode', async () => {
    const sut = make('deny');
    proxy.down();
    await expect(admitted(sut, 'k', 10, Date.now())).resolves.toBe(0);
  });

  it('goes back to the shared bucket when Redis returns', async () => {
    const sut = make('allow');
    proxy.down();
    await admitted(sut, 'k', 2, Date.now());
    proxy.restore();
    await ready(redis);
    await new Promise((r) => setTimeout(r, 60));
    await expect(admitted(sut, 'k', 10, Date.now())).resolves.toBe(3);
    await expect(direct.exists(`${keyPrefix}k`)).resolves.toBe(1);
  });
});
