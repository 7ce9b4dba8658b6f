import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { authorizerCacheKey, type AuthorizerCache } from './authorizer-cache';
import { InMemoryAuthorizerCache } from './in-memory.authorizer-cache';
import { RedisAuthorizerCache } from './redis.authorizer-cache';
import { TEST_REDIS_URL } from '@app/testing/test-services';

const implementations: Array<[string, () => { sut: AuthorizerCache; close: () => Promise<void> }]> = [
  ['in memory', () => {
    const sut = new InMemoryAuthorizerCache();
    return { sut, close: () => sut.close() };
  }],
  ['redis', () => {
    const redis = new Redis(TEST_REDIS_URL);
    const keyPrefix = `spec:authz:${randomBytes(4).toString('hex')}:`;
    return {
      sut: new RedisAuthorizerCache({ redis, keyPrefix }),
      close: async () => {
        const keys = await redis.keys(`${keyPrefix}*`);
        if (keys.length) await redis.del(...keys);
        await redis.quit();
      },
    };
  }],
];

describe.each(implementations)('AuthorizerCache (%s)', (_name, make) => {
  let env: ReturnType<typeof make>;
  const value = { principalId: 'user', policyDocument: { Statement: [] }, context: { n: 1, b: true, s: 'x' } };

  beforeEach(() => {
    env = make();
  });

  afterEach(async () => {
    await env.close();
  });

  it('returns what was stored, until the TTL passes', async () => {
    await env.sut.set('k', value, 0.2);
    await expect(env.sut.get('k')).resolves.toEqual(value);
    await new Promise((r) => setTimeout(r, 250));
    await expect(env.sut.get('k')).resolves.toBeUndefined();
  });

  it('stores nothing with a TTL of 0', async () => {
    await env.sut.set('k', value, 0);
    await expect(env.sut.get('k')).resolves.toBeUndefined();
  });

  it('misses an unknown key', async () => {
    await expect(env.sut.get('nope')).resolves.toBeUndefined();
  });
});

describe('RedisAuthorizerCache, parsed results', () => {
  let redis: Redis;
  let keyPrefix: string;

  beforeEach(() => {
    redis = new Redis(TEST_REDIS_URL);
    keyPrefix = `spec:authz:${randomBytes(4).toString('hex')}:`;
  });

  afterEach(async () => {
    const keys = await redis.keys(`${keyPrefix}*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('hands back the same object while Redis holds the same text, and a new one when another node changed it', async () => {
    const sut = new RedisAuthorizerCache({ redis, keyPrefix });
    await sut.set('k', { principalId: 'a', context: {} }, 60);
    const first = await sut.get('k');
    expect(await sut.get('k')).toBe(first);
    // Another node stores a different answer under the same key: Redis is the truth.
    await redis.set(`${keyPrefix}k`, JSON.stringify({ principalId: 'b', context: {} }), 'PX', 60_000);
    const second = await sut.get('k');
    expect(second).toEqual({ principalId: 'b', context: {} });
    expect(second).not.toBe(first);
  });

  it('misses once Redis has expired or lost the entry, though the parse is still remembered', async () => {
    const sut = new RedisAuthorizerCache({ redis, keyPrefix });
    await sut.set('k', { principalId: 'a', context: {} }, 60);
    await sut.get('k');
    await redis.del(`${keyPrefix}k`);
    await expect(sut.get('k')).resolves.toBeUndefined();
  });

  it('treats unreadable text in Redis as a miss', async () => {
    const sut = new RedisAuthorizerCache({ redis, keyPrefix });
    await redis.set(`${keyPrefix}k`, '{not json', 'PX', 60_000);
    await expect(sut.get('k')).resolves.toBeUndefined();
  });

  it('keeps at most maxParsed parses, dropping the oldest, and still answers from Redis for the dropped keys', async () => {
    const sut = new RedisAuthorizerCache({ redis, keyPrefix, maxParsed: 2 });
    for (const k of ['a', 'b', 'c']) await sut.set(k, { principalId: k, context: {} }, 60);
    const a = await sut.get('a');
    const b = await sut.get('b');
    await sut.get('c'); // 'a' is dropped from the parses
    expect(await sut.get('b')).toBe(b);
    const again = await sut.get('a');
    expect(again).toEqual(a);
    expect(again).not.toBe(a);
  });
});

describe(authorizerCacheKey.name, () => {
  it('differs by scope and by each identity value, and does not contain the token', () => {
    const a = authorizerCacheKey('api/prod/auth1', ['token-1']);
    expect(authorizerCacheKey('api/prod/auth1', ['token-1'])).toBe(a);
    expect(authorizerCacheKey('api/prod/auth2', ['token-1'])).not.toBe(a);
    expect(authorizerCacheKey('api/prod/auth1', ['token-2'])).not.toBe(a);
    expect(authorizerCacheKey('api/prod/auth1', ['a', 'bc'])).not.toBe(authorizerCacheKey('api/prod/auth1', ['ab', 'c']));
    expect(a).not.toContain('token');
  });
});
