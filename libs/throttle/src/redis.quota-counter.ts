import type { Redis } from 'ioredis';
import { LuaScript } from './lua-script';
import type { DailyUsage, QuotaCounter, QuotaResult } from './quota-counter';
import { ONE_DAY_MS, quotaPeriodBounds, utcDay, type QuotaSettings } from './quota-period';

/**
 * Check and count in one atomic step, so nodes racing for the last request of a quota cannot both win and nothing
 * has to be refunded. KEYS[1]: counter hash {ps = period start, used}; KEYS[2]: per-day usage hash.
 * ARGV: limit, period start, counter ttl (ms, to a day after the period's end), day, usage ttl (ms). TTLs are
 * relative to the caller's clock, so an injected `now` behaves like the real one. A stored period newer than the caller's
 * (a node whose clock lags at a boundary) wins over the caller's; an older one starts over at 0.
 */
const CONSUME = new LuaScript(`
local state = redis.call('HMGET', KEYS[1], 'ps', 'used')
local ps = tonumber(ARGV[2])
local used = 0
local stored = tonumber(state[1])
if stored ~= nil and stored >= ps then
  ps = stored
  used = tonumber(state[2]) or 0
end
if used + 1 > tonumber(ARGV[1]) then
  return {0, used, ps}
end
used = used + 1
redis.call('HSET', KEYS[1], 'ps', string.format('%d', ps), 'used', used)
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('HINCRBY', KEYS[2], ARGV[4], 1)
redis.call('PEXPIRE', KEYS[2], ARGV[5])
return {1, used, ps}
`);

/** GetUsage reaches back 90 days; keep a little more. */
const USAGE_TTL_MS = 100 * ONE_DAY_MS;

export interface RedisQuotaCounterOptions {
  redis: Redis;
  /** Prefix of every quota key, e.g. `apigw:`; lets several deployments share one Redis. */
  keyPrefix?: string;
}

/**
 * Quotas shared by every node and kept across gateway restarts (they live in Redis, which should persist: AOF or
 * RDB). Unlike throttling there is no local fallback: when Redis is unreachable `consume` rejects and the caller
 * decides (the pipeline answers 5xx rather than silently granting unmetered use of a paid quota).
 */
export class RedisQuotaCounter implements QuotaCounter {
  private readonly redis: Redis;
  private readonly prefix: string;

  constructor(options: RedisQuotaCounterOptions) {
    this.redis = options.redis;
    this.prefix = options.keyPrefix ?? 'apigw:';
  }

  async consume(key: string, quota: QuotaSettings, now = Date.now()): Promise<QuotaResult> {
    const { start, end } = quotaPeriodBounds(quota, now);
    const [allowed, used, periodStart] = (await CONSUME.run(this.redis, [this.counterKey(key), this.usageKey(key)], [
      quota.limit,
      start,
      end + ONE_DAY_MS - now,
      utcDay(now),
      USAGE_TTL_MS,
    ])) as [number, number, number];
    return { allowed: allowed === 1, used, remaining: Math.max(0, quota.limit - used), periodStart };
  }

  async peek(key: string, quota: QuotaSettings, now = Date.now()): Promise<QuotaResult> {
    const { start } = quotaPeriodBounds(quota, now);
    const [ps, stored] = await this.redis.hmget(this.counterKey(key), 'ps', 'used');
    const current = ps !== null && Number(ps) >= start;
    const used = current ? Number(stored ?? 0) : 0;
    return { allowed: true, used, remaining: Math.max(0, quota.limit - used), periodStart: current ? Number(ps) : start };
  }

  async usage(key: string, from: number, to: number): Promise<DailyUsage[]> {
    const dates: string[] = [];
    for (let t = Math.floor(from / ONE_DAY_MS) * ONE_DAY_MS; t <= to; t += ONE_DAY_MS) dates.push(utcDay(t));
    if (dates.length === 0) return [];
    const counts = await this.redis.hmget(this.usageKey(key), ...dates);
    return dates.map((date, i) => ({ date, used: Number(counts[i] ?? 0) }));
  }

  async reset(key: string): Promise<void> {
    await this.redis.del(this.counterKey(key));
  }

  async set(key: string, used: number, quota: QuotaSettings, now = Date.now()): Promise<void> {
    const { start, end } = quotaPeriodBounds(quota, now);
    await this.redis
      .multi()
      .hset(this.counterKey(key), 'ps', start, 'used', Math.max(0, Math.floor(used)))
      .pexpire(this.counterKey(key), end + ONE_DAY_MS - now)
      .exec();
  }

  /** The Redis client belongs to the caller, who quits it. */
  async close(): Promise<void> {}

  private counterKey(key: string): string {
    return `${this.prefix}q:${key}`;
  }

  private usageKey(key: string): string {
    return `${this.prefix}qu:${key}`;
  }
}
