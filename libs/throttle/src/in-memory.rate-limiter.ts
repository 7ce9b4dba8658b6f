import { bucketCapacity, type RateLimiter, type ThrottleLimits } from './rate-limiter';

interface Bucket {
  tokens: number;
  /** Epoch ms of the last refill. */
  at: number;
}

/**
 * Exact token buckets in this process (all-in-one mode, and the fallback of the Redis limiters). One object per key,
 * allocated on the key's first request and mutated in place afterwards.
 */
export class InMemoryRateLimiter implements RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  tryAcquire(key: string, limits: ThrottleLimits, now = Date.now()): boolean {
    const capacity = bucketCapacity(limits);
    if (capacity < 0) return true;
    if (capacity < 1) return false;
    let bucket = this.buckets.get(key);
    if (bucket === undefined) {
      bucket = { tokens: capacity, at: now };
      this.buckets.set(key, bucket);
    } else if (now > bucket.at) {
      // A clock that goes backwards (or an older injected `now`) refills nothing rather than draining the bucket.
      bucket.tokens += ((now - bucket.at) * (limits.rateLimit as number)) / 1000;
      bucket.at = now;
    }
    // Also applies when the limits were lowered since the bucket filled.
    if (bucket.tokens > capacity) bucket.tokens = capacity;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return true;
    }
    return false;
  }

  /** Drops buckets that have refilled completely: they behave exactly like a missing bucket. */
  prune(limitsOf: (key: string) => ThrottleLimits | undefined, now = Date.now()): void {
    for (const [key, bucket] of this.buckets) {
      const limits = limitsOf(key);
      const capacity = limits ? bucketCapacity(limits) : -1;
      if (capacity < 1 || bucket.tokens + ((now - bucket.at) * (limits!.rateLimit as number)) / 1000 >= capacity) {
        this.buckets.delete(key);
      }
    }
  }

  async close(): Promise<void> {
    this.buckets.clear();
  }
}
