import { bucketCapacity, type RateLimiter, type ThrottleLimits } from './rate-limiter';
import type { RedisRateLimiter } from './redis.rate-limiter';

export interface LeasedRateLimiterOptions {
  /** The shared buckets leases are taken from. */
  store: RedisRateLimiter;
  /**
   * Lease size in milliseconds of the bucket's rate: a node takes ceil(rateLimit × leaseMs / 1000) tokens at once
   * (at least 1, at most the burst). Default 50: at 10,000 rps a lease is 500 tokens, so Redis sees ~20 calls per
   * second per node and key instead of 10,000.
   */
  leaseMs?: number;
  /**
   * Unused leased tokens are discarded after this long (ms), so a node cannot spend tokens it took long ago on top of
   * what the bucket has refilled since. Default 1000.
   */
  leaseTtlMs?: number;
}

interface Lease {
  tokens: number;
  expiresAt: number;
  /** The refill in flight, resolving to the tokens granted (-1: Redis unavailable). */
  refill: Promise<number> | null;
}

/**
 * Keeps Redis off the per-request path: a node leases a small batch of tokens from the shared bucket, answers from
 * the lease synchronously, and tops the lease up in the background when it runs half empty. Only when the lease is
 * empty does a request wait for Redis.
 *
 * Bound: leases are drawn from the shared bucket, so no token is admitted twice; but a token leased at t can be
 * spent up to leaseTtlMs later. Over any interval the cluster admits at most what the exact bucket admits plus
 * N × L (N nodes holding leases for the key, L the lease size); it can also under-admit by up to N × L while tokens
 * sit unused in other nodes' leases. Use RedisRateLimiter where that slack matters (small limits: at rateLimit 10
 * and leaseMs 50, L = 1 and the leased limiter is as exact as the plain one apart from timing).
 */
export class LeasedRateLimiter implements RateLimiter {
  private readonly leases = new Map<string, Lease>();
  private readonly store: RedisRateLimiter;
  private readonly leaseMs: number;
  private readonly leaseTtlMs: number;

  constructor(options: LeasedRateLimiterOptions) {
    this.store = options.store;
    this.leaseMs = options.leaseMs ?? 50;
    this.leaseTtlMs = options.leaseTtlMs ?? 1000;
  }

  /** The number of tokens one lease takes for these limits. */
  leaseSize(limits: ThrottleLimits): number {
    const capacity = bucketCapacity(limits);
    if (capacity < 1) return 0;
    return Math.max(1, Math.min(Math.floor(capacity), Math.ceil(((limits.rateLimit as number) * this.leaseMs) / 1000)));
  }

  tryAcquire(key: string, limits: ThrottleLimits, now = Date.now()): boolean | Promise<boolean> {
    const capacity = bucketCapacity(limits);
    if (capacity < 0) return true;
    if (capacity < 1) return false;
    const availability = this.store.availability;
    if (availability.isDown()) return availability.fallback(key, limits, now);
    let lease = this.leases.get(key);
    if (lease === undefined) {
      lease = { tokens: 0, expiresAt: 0, refill: null };
      this.leases.set(key, lease);
    } else if (lease.expiresAt <= now) {
      lease.tokens = 0;
    }
    if (lease.tokens >= 1) {
      lease.tokens -= 1;
      if (lease.refill === null && lease.tokens < this.leaseSize(limits) / 2) {
        lease.refill = this.refill(key, lease, limits, now);
      }
      return true;
    }
    return this.acquireSlow(key, lease, limits, now);
  }

  private async acquireSlow(key: string, lease: Lease, limits: ThrottleLimits, now: number): Promise<boolean> {
    for (;;) {
      const granted = await (lease.refill ??= this.refill(key, lease, limits, now));
      if (granted < 0) return this.store.availability.fallback(key, limits, now);
      if (lease.tokens >= 1) {
        lease.tokens -= 1;
        return true;
      }
      // The bucket had nothing left for this node; waiting for another refill would only repeat the answer.
      if (granted === 0) return false;
    }
  }

  private async refill(key: string, lease: Lease, limits: ThrottleLimits, now: number): Promise<number> {
    try {
      const granted = await this.store.take(key, limits, this.leaseSize(limits), true, now);
      lease.tokens += granted;
      lease.expiresAt = now + this.leaseTtlMs;
      return granted;
    } catch (error) {
      this.store.availability.markDown(error);
      return -1;
    } finally {
      lease.refill = null;
    }
  }

  /** Leased tokens are simply dropped: the shared bucket refills them in time. */
  async close(): Promise<void> {
    this.leases.clear();
  }
}
