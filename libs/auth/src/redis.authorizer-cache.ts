import type { Redis } from 'ioredis';
import type { AuthorizerCache, CachedAuthorization } from './authorizer-cache';

export interface RedisAuthorizerCacheOptions {
  redis: Redis;
  /** Prefix of every cache key, e.g. `apigw:authz:`. */
  keyPrefix?: string;
}

/**
 * Shared by all gateway nodes, so one authorizer call serves the whole cluster for the TTL. A Redis failure is a
 * cache miss (the authorizer is invoked), never a refusal.
 */
export class RedisAuthorizerCache implements AuthorizerCache {
  private readonly redis: Redis;
  private readonly prefix: string;

  constructor(options: RedisAuthorizerCacheOptions) {
    this.redis = options.redis;
    this.prefix = options.keyPrefix ?? 'apigw:authz:';
  }

  async get(key: string): Promise<CachedAuthorization | undefined> {
    try {
      const raw = await this.redis.get(this.prefix + key);
      return raw === null ? undefined : (JSON.parse(raw) as CachedAuthorization);
    } catch {
      return undefined;
    }
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
