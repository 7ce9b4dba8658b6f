/**
 * Token buckets with AWS API Gateway semantics (api-gateway-request-throttling.md): a bucket holds at most
 * `burstLimit` tokens and refills at `rateLimit` tokens per second; a request takes one token or is throttled.
 */
export interface ThrottleLimits {
  /** Steady-state tokens per second. Undefined: this level does not throttle. 0: every request is throttled. */
  rateLimit?: number;
  /** Bucket capacity. Undefined: one second's worth of rateLimit (at least 1). 0: every request is throttled. */
  burstLimit?: number;
}

export interface RateLimiter {
  /**
   * Takes one token from the bucket `key` sized by `limits`; false means throttled. Synchronous where the answer is
   * local (in memory, unlimited levels, a leased token), so the hot path awaits only when it must.
   * `now` (epoch ms) is injectable for tests; it defaults to Date.now().
   */
  tryAcquire(key: string, limits: ThrottleLimits, now?: number): boolean | Promise<boolean>;
  close(): Promise<void>;
}

/** -1: no limit at this level; 0: everything throttled; otherwise the bucket capacity. */
export function bucketCapacity(limits: ThrottleLimits): number {
  const rate = limits.rateLimit;
  if (rate === undefined || rate === null) return -1;
  if (!(rate > 0)) return 0;
  const burst = limits.burstLimit;
  if (burst === undefined || burst === null) return Math.max(1, Math.ceil(rate));
  return burst > 0 ? burst : 0;
}
