import type { Redis } from 'ioredis';
import type { AuthorizerCache, CachedAuthorization } from './authorizer-cache';

export interface RedisAuthorizerCacheOptions {
  redis: Redis;
  /** Prefix of every cache key, e.g. `apigw:authz:`. */
  keyPrefix?: string;
  /** Most results this node keeps parsed (see `parsed`). Default 10,000. */
  maxParsed?: number;
}

/**
 * Shared by all gateway nodes, so one authorizer call serves the whole cluster for the TTL. A Redis failure is a
 * cache miss (the authorizer is invoked), never a refusal.
 *
 * Redis holds the truth (and the TTL); this node also keeps the last parsed object per key, handed back while Redis
 * still returns the same text. A hit then skips the parse and returns the same object as the time before, so what
 * callers derive from it once (the compiled IAM policy, memoised per object) is derived once per node, not once
 * per request.
 */
export class RedisAuthorizerCache implements AuthorizerCache {
  private readonly redis: Redis;
  private readonly prefix: string;
  private readonly maxParsed: number;
  /** Key → the text Redis last returned and its parse; insertion order is age (the oldest goes when full). */
  private readonly parsed = new Map<string, { raw: string; value: CachedAuthorization }>();

  constructor(options: RedisAuthorizerCacheOptions) {
    this.redis = options.redis;
    this.prefix = options.keyPrefix ?? 'apigw:authz:';
    this.maxParsed = options.maxParsed ?? 10_000;
  }

  async get(key: string): Promise<CachedAuthorization | undefined> {
    let raw: string | null;
    try {
      raw = await this.redis.get(this.prefix + key);
    } catch {
      return undefined;
    }
    if (raw === null) {
      this.parsed.delete(key);
      return undefined;
    }
    const known = this.parsed.get(key);
    if (known !== undefined && known.raw === raw) return known.value;
    let value: CachedAuthorization;
    try {
      value = JSON.parse(raw) as CachedAuthorization;
    } catch {
      return undefined;
    }
    if (known === undefined && this.parsed.size >= this.maxParsed) this.parsed.delete(this.parsed.keys().next().value as string);
    this.parsed.set(key, { raw, value });
    return value;
  }

  async set(key: string, value: CachedAuthorization, ttlSeconds: number): Promise<void> {
    if (!(ttlSeconds > 0)) return;
    try {
      await this.redis.set(this.prefix + key, JSON.stringify(value), 'PX', Math.round(ttlSeconds * 1000));
    } catch {
      // Not cached this time; the next request invokes the authorizer again.
    }
  }

  /** The Redis client belongs to the caller, who quits it. */
  async close(): Promise<void> {}
}
