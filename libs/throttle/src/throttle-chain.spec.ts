import { InMemoryQuotaCounter } from './in-memory.quota-counter';
import { InMemoryRateLimiter } from './in-memory.rate-limiter';
import type { RateLimiter, ThrottleLimits } from './rate-limiter';
import { accountCheck, ThrottleChain, type ClientThrottle } from './throttle-chain';

const T0 = Date.UTC(2024, 2, 10, 12);

/** Runs the in-memory limiter behind a Promise, as the Redis limiters answer. */
class AsyncLimiter implements RateLimiter {
  private readonly inner = new InMemoryRateLimiter();
  tryAcquire(key: string, limits: ThrottleLimits, now?: number): Promise<boolean> {
    return Promise.resolve(this.inner.tryAcquire(key, limits, now));
  }
  async close(): Promise<void> {}
}

describe.each([
  ['synchronous limiter', () => new InMemoryRateLimiter()],
  ['asynchronous limiter', () => new AsyncLimiter()],
])('%s', (_name, makeLimiter) => {
  describe(ThrottleChain.name, () => {
    const client = (method?: ThrottleLimits, plan?: ThrottleLimits, quota?: number): ClientThrottle => ({
      checks: [
        ...(method ? [{ level: 'USAGE_PLAN_METHOD' as const, key: 'plan:p1:k1:GET /pets', limits: method }] : []),
        ...(plan ? [{ level: 'USAGE_PLAN' as const, key: 'plan:p1:k1', limits: plan }] : []),
      ],
      quota: quota === undefined ? undefined : { key: 'p1:k1', settings: { limit: quota, period: 'DAY' } },
    });

    function makeSut(stage: ThrottleLimits = {}, account: ThrottleLimits = { rateLimit: 10_000, burstLimit: 5_000 }) {
      return new ThrottleChain(
        makeLimiter(),
        [{ level: 'STAGE_METHOD', key: 'stage:a/prod/GET /pets', limits: stage }, accountCheck(account)],
        new InMemoryQuotaCounter(),
      );
    }

    it('admits a request no level refuses', async () => {
      await expect(Promise.resolve(makeSut().check(undefined, T0))).resolves.toBe(undefined);
    });

    it.each([
      ['USAGE_PLAN_METHOD', client({ rateLimit: 1, burstLimit: 1 }, { rateLimit: 100, burstLimit: 100 })],
      ['USAGE_PLAN', client(undefined, { rateLimit: 1, burstLimit: 1 })],
    ])('reports %s as the refusing level', async (level, c) => {
      const sut = makeSut();
      await sut.check(c, T0);
      await expect(Promise.resolve(sut.check(c, T0))).resolves.toEqual({ kind: 'THROTTLED', level });
    });

    it('reports STAGE_METHOD, then ACCOUNT, as the refusing level', async () => {
      const stage = makeSut({ rateLimit: 1, burstLimit: 1 });
      await stage.check(undefined, T0);
      await expect(Promise.resolve(stage.check(undefined, T0))).resolves.toEqual({ kind: 'THROTTLED', level: 'STAGE_METHOD' });
      const account = makeSut({}, { rateLimit: 1, burstLimit: 1 });
      await account.check(undefined, T0);
      await expect(Promise.resolve(account.check(undefined, T0))).resolves.toEqual({ kind: 'THROTTLED', level: 'ACCOUNT' });
    });

    it('refuses with QUOTA_EXCEEDED once the quota is used up, and counts no throttled request against it', async () => {
      const sut = makeSut();
      const c = client(undefined, { rateLimit: 1, burstLimit: 2 }, 2);
      await expect(Promise.resolve(sut.check(c, T0))).resolves.toBe(undefined);
      await expect(Promise.resolve(sut.check(c, T0))).resolves.toBe(undefined);
      await expect(Promise.resolve(sut.check(c, T0))).resolves.toEqual({ kind: 'THROTTLED', level: 'USAGE_PLAN' });
      await expect(Promise.resolve(sut.check(c, T0 + 1000))).resolves.toEqual({ kind: 'QUOTA_EXCEEDED', used: 2 });
    });

    it('throttles everything at a level with rateLimit 0', async () => {
      await expect(Promise.resolve(makeSut({ rateLimit: 0 }).check(undefined, T0))).resolves.toEqual({
        kind: 'THROTTLED',
        level: 'STAGE_METHOD',
      });
    });

    it('fails loudly when a quota is configured without a counter', async () => {
      const sut = new ThrottleChain(makeLimiter(), [accountCheck()]);
      await expect(Promise.resolve().then(() => sut.check(client(undefined, undefined, 5), T0))).rejects.toThrow(
        'ThrottleChain has a quota to check but no QuotaCounter',
      );
    });
  });
});
