import type { Redis } from 'ioredis';
import { LuaScript } from './lua-script';
import { bucketCapacity, type RateLimiter, type ThrottleLimits } from './rate-limiter';
import { RedisAvailability, type RedisAvailabilityOptions } from './redis-availability';

/**
 * Takes up to ARGV[4] tokens from the bucket in KEYS[1] (hash: t = tokens, at = epoch ms of last refill) and returns
 * how many it took: all of them, or for a lease request (ARGV[5] = 1) as many whole tokens as there are.
 * The bucket's key expires once it would have refilled completely, because then it equals a missing bucket.
 */
const TAKE_TOKENS = new LuaScript(`
local rate = tonumber(ARGV[1])
local capacity = tonumber(ARGV[2])
local now = tonumber(ARGV[3])
local want = tonumber(ARGV[4])
local state = redis.call('HMGET', KEYS[1], 't', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil or at == nil then
  tokens = capacity
  at = now
elseif now > at then
  tokens = tokens + (now - at) * rate / 1000
  at = now
end
if tokens > capacity then tokens = capacity end
local granted = 0
if tokens >= want then
  granted = want
elseif ARGV[5] == '1' and tokens >= 1 then
  granted = math.floor(tokens)
end
tokens = tokens - granted
redis.call('HSET', KEYS[1], 't', string.format('%.17g', tokens), 'at', string.format('%.17g', at))
redis.call('PEXPIRE', KEYS[1], math.ceil(capacity * 1000 / rate) + 1000)
return granted
`);

export interface RedisRateLimiterOptions extends RedisAvailabilityOptions {
  redis: Redis;
  /** Prefix of every bucket key, e.g. `apigw:tb:`; lets several deployments share one Redis. */
  keyPrefix?: string;
}

/**
 * Exact across nodes: every request runs one atomic script, so N nodes together admit what one bucket admits.
 * Costs one Redis round trip per throttled level per request; see LeasedRateLimiter for the cheaper variant.
 */
export class RedisRateLimiter implements RateLimiter {
  readonly availability: RedisAvailability;
  private readonly redis: Redis;
  private readonly prefix: string;

  constructor(options: RedisRateLimiterOptions) {
    this.redis = options.redis;
    this.prefix = options.keyPrefix ?? 'apigw:tb:';
    this.availability = new RedisAvailability(options);
  }

  tryAcquire(key: string, limits: ThrottleLimits, now = Date.now()): boolean | Promise<boolean> {
    const capacity = bucketCapacity(limits);
    if (capacity < 0) return true;
    if (capacity < 1) return false;
    if (this.availability.isDown()) return this.availability.fallback(key, limits, now);
    return this.take(key, limits, 1, false, now).then(
      (granted) => granted === 1,
      (error) => {
        this.availability.markDown(error);
        return this.availability.fallback(key, limits, now);
      },
    );
  }

  /**
   * Takes `want` tokens (or, with `partial`, as many whole tokens as are there, up to `want`); resolves to the number
   * taken, rejects when Redis fails or is too slow. Limits must be finite and positive.
   */
  async take(key: string, limits: ThrottleLimits, want: number, partial: boolean, now: number): Promise<number> {
    const capacity = bucketCapacity(limits);
    const result = await this.availability.withTimeout(
      TAKE_TOKENS.run(this.redis, [this.prefix + key], [limits.rateLimit as number, capacity, now, want, partial ? 1 : 0]),
    );
    this.availability.markUp();
    return Number(result);
  }

  /** The Redis client belongs to the caller, who quits it. */
  async close(): Promise<void> {}
}
