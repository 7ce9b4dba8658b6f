import { createServer, type Server } from 'node:http';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import type { AuthorizerRequest } from './identity-source';
import { JwksRegistry } from './jwks.registry';
import { JwtAuthorizer, jwtAuthorizerConfig } from './jwt.authorizer';
import { VerifiedTokenCache } from './verified-token.cache';

const NOW = Date.UTC(2024, 2, 10, 12);
const s = (t: number) => Math.floor(t / 1000);

type Key = { kid: string; privateKey: Awaited<ReturnType<typeof generateKeyPair>>['privateKey']; jwk: JWK };

async function makeKey(kid: string, alg = 'RS256'): Promise<Key> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  return { kid, privateKey, jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

describe(JwtAuthorizer.name, () => {
  let server: Server;
  let issuer: string;
  let published: Key[];
  let jwksFetches = 0;
  let key1: Key;
  let key2: Key;
  let registry: JwksRegistry;

  beforeAll(async () => {
    [key1, key2] = await Promise.all([makeKey('k1'), makeKey('k2')]);
    server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      if (req.url === '/.well-known/openid-configuration') return void res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks.json` }));
      if (req.url === '/jwks.json') {
        jwksFetches++;
        return void res.end(JSON.stringify({ keys: published.map((k) => k.jwk) }));
      }
      res.statusCode = 404;
      res.end('{}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    issuer = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });

  afterAll(async () => {
    await new Promise((r) => server.close(r));
  });

  beforeEach(() => {
    published = [key1];
    jwksFetches = 0;
    registry = new JwksRegistry({ cooldownMs: 0 });
  });

  function token(claims: Record<string, unknown> = {}, key: Key = key1, header: Record<string, unknown> = {}) {
    return new SignJWT({ aud: 'client-a', scope: 'read write', email: 'a@example.com', ...claims })
      .setProtectedHeader({ alg: 'RS256', kid: key.kid, ...header })
      .setIssuer(typeof claims.iss === 'string' ? claims.iss : issuer)
      .setIssuedAt(s(NOW) - 60)
      .setExpirationTime(typeof claims.exp === 'number' ? claims.exp : s(NOW) + 3600)
      .sign(key.privateKey);
  }

  function req(authorization?: string): AuthorizerRequest {
    return {
      httpMethod: 'GET', path: '/pets', resource: '/pets', headers: authorization === undefined ? {} : { authorization },
      queryStringParameters: {}, pathParameters: {}, stageVariables: {}, requestContext: {}, methodArn: 'arn',
    };
  }

  const sut = () => new JwtAuthorizer(jwtAuthorizerConfig({ authorizerId: 'j', name: 'j', authorizerType: 'JWT', jwtConfiguration: { issuer, audience: ['client-a'] } }), registry);
  const invalidToken = (description: string) => ({
    ok: false,
    statusCode: 401,
    message: 'Unauthorized',
    responseType: 'UNAUTHORIZED',
    headers: { 'www-authenticate': `Bearer scope="" error="invalid_token" error_description="${description}"` },
  });

  it('grants a valid token, with Bearer stripped, and hands on stringified claims and scopes', async () => {
    const outcome = await sut().authorize(req(`Bearer ${await token({ groups: ['a', 'b'], n: 5, o: { x: 1 } })}`), ['read'], NOW);
    expect(outcome).toMatchObject({ ok: true, jwt: { scopes: ['read', 'write'] } });
    const claims = (outcome as { jwt: { claims: Record<string, string> } }).jwt.claims;
    expect(claims).toMatchObject({ aud: 'client-a', email: 'a@example.com', groups: '[a b]', n: '5', o: 'map[x:1]', iss: issuer, exp: String(s(NOW) + 3600) });
  });

  it('accepts the token without the Bearer prefix', async () => {
    await expect(sut().authorize(req(await token()), undefined, NOW)).resolves.toMatchObject({ ok: true });
  });

  it('accepts client_id when the token has no aud, and scp as the scope claim', async () => {
    const t = await token({ aud: undefined, client_id: 'client-a', scope: undefined, scp: ['admin'] });
    await expect(sut().authorize(req(t), ['admin'], NOW)).resolves.toMatchObject({ ok: true, jwt: { scopes: ['admin'] } });
  });

  it('answers 401 with a bare Bearer challenge when there is no token', async () => {
    await expect(sut().authorize(req(), undefined, NOW)).resolves.toMatchObject({ statusCode: 401, message: 'Unauthorized', headers: { 'www-authenticate': 'Bearer' } });
  });

  it('rejects a tampered token', async () => {
    const [h, p, sig] = (await token()).split('.');
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), email: 'admin@example.com' })).toString('base64url');
    await expect(sut().authorize(req(`${h}.${forged}.${sig}`), undefined, NOW)).resolves.toMatchObject(invalidToken('the token does not have a valid signature'));
  });

  it('rejects an expired token', async () => {
    await expect(sut().authorize(req(await token({ exp: s(NOW) - 1 })), undefined, NOW)).resolves.toMatchObject(invalidToken('the token has expired'));
  });

  it('rejects a token not valid yet, or issued in the future', async () => {
    await expect(sut().authorize(req(await token({ nbf: s(NOW) + 60 })), undefined, NOW)).resolves.toMatchObject(invalidToken('the token is not valid yet'));
    await expect(sut().authorize(req(await token()), undefined, NOW - 120_000)).resolves.toMatchObject({ statusCode: 401 });
  });

  it('rejects a wrong audience', async () => {
    await expect(sut().authorize(req(await token({ aud: 'client-b' })), undefined, NOW)).resolves.toMatchObject(invalidToken('the token does not have a valid audience'));
  });

  it('rejects a wrong issuer', async () => {
    await expect(sut().authorize(req(await token({ iss: 'https://evil.example.com' })), undefined, NOW)).resolves.toMatchObject(invalidToken('the token does not have a valid issuer'));
  });

  it('rejects garbage and a non-RSA algorithm', async () => {
    await expect(sut().authorize(req('Bearer not.a.jwt'), undefined, NOW)).resolves.toMatchObject(invalidToken('the token is malformed'));
    const hs = await new SignJWT({ aud: 'client-a' }).setProtectedHeader({ alg: 'HS256', kid: 'k1' }).setIssuer(issuer).setExpirationTime(s(NOW) + 60).sign(new Uint8Array(32));
    await expect(sut().authorize(req(hs), undefined, NOW)).resolves.toMatchObject(invalidToken('the token is not signed with an RSA algorithm'));
  });

  it('answers 403 Forbidden when the token has none of the route scopes', async () => {
    await expect(sut().authorize(req(await token()), ['admin', 'ops'], NOW)).resolves.toEqual({
      ok: false,
      responseType: 'ACCESS_DENIED',
      statusCode: 403,
      message: 'Forbidden',
      headers: { 'www-authenticate': 'Bearer scope="admin ops" error="insufficient_scope" error_description="expected scopes: [admin ops]"' },
      error: 'token has none of the route scopes',
    });
    await expect(sut().authorize(req(await token({ scope: undefined })), ['read'], NOW)).resolves.toMatchObject({ statusCode: 403 });
  });

  it('refetches the key set when a token names an unknown kid (rotation), and fetches once otherwise', async () => {
    const authorizer = sut();
    await authorizer.authorize(req(await token()), undefined, NOW);
    await authorizer.authorize(req(await token()), undefined, NOW);
    expect(jwksFetches).toBe(1);
    await expect(authorizer.authorize(req(await token({}, key2)), undefined, NOW)).resolves.toMatchObject(invalidToken('the token was signed by an unknown key'));
    published = [key2];
    await expect(authorizer.authorize(req(await token({}, key2)), undefined, NOW)).resolves.toMatchObject({ ok: true });
  });

  describe('result caching', () => {
    const config = () => jwtAuthorizerConfig({ authorizerId: 'j', name: 'j', authorizerType: 'JWT', jwtConfiguration: { issuer, audience: ['client-a'] } });
    const cached = (cache = new VerifiedTokenCache(), maxAgeSeconds?: number) => new JwtAuthorizer(config(), registry, { cache, maxAgeSeconds });
    /** Counts signature verifications: jose asks the key set for the key once per jwtVerify. */
    function countingKeys(reg: JwksRegistry) {
      const calls = { n: 0 };
      const keysFor = reg.keysFor.bind(reg);
      reg.keysFor = async (iss) => {
        const keys = await keysFor(iss);
        return (header, t) => {
          calls.n++;
          return keys(header, t);
        };
      };
      return calls;
    }

    it('verifies a token once and answers again from the cache with the same claims, flagged cached', async () => {
      const verifications = countingKeys(registry);
      const sut = cached();
      const t = await token();
      const first = await sut.authorize(req(`Bearer ${t}`), ['read'], NOW);
      const second = await sut.authorize(req(`Bearer ${t}`), ['read'], NOW + 1000);
      const third = await sut.authorize(req(t), undefined, NOW + 2000); // with or without Bearer: the same token
      expect(verifications.n).toBe(1);
      expect(first).toMatchObject({ ok: true, cached: false });
      expect(second).toMatchObject({ ok: true, cached: true, jwt: { scopes: ['read', 'write'] } });
      expect((second as { jwt: unknown }).jwt).toEqual((first as { jwt: unknown }).jwt);
      expect(third).toMatchObject({ ok: true, cached: true });
      expect(Object.isFrozen((second as { jwt: { claims: object } }).jwt.claims)).toBe(true);
    });

    it('stops answering from the cache at exp: the token is verified again and refused as expired', async () => {
      const verifications = countingKeys(registry);
      const sut = cached();
      const t = await token({ exp: s(NOW) + 30 });
      await expect(sut.authorize(req(t), undefined, NOW)).resolves.toMatchObject({ ok: true });
      await expect(sut.authorize(req(t), undefined, NOW + 29_999)).resolves.toMatchObject({ ok: true, cached: true });
      expect(verifications.n).toBe(1);
      await expect(sut.authorize(req(t), undefined, NOW + 30_000)).resolves.toMatchObject(invalidToken('the token has expired'));
      expect(verifications.n).toBe(2);
    });

    it('reuses a result for at most maxAgeSeconds, even when exp is later', async () => {
      const verifications = countingKeys(registry);
      const sut = cached(new VerifiedTokenCache(), 60);
      const t = await token();
      await sut.authorize(req(t), undefined, NOW);
      await sut.authorize(req(t), undefined, NOW + 59_999);
      expect(verifications.n).toBe(1);
      await expect(sut.authorize(req(t), undefined, NOW + 60_000)).resolves.toMatchObject({ ok: true, cached: false });
      expect(verifications.n).toBe(2);
    });

    it('checks the route scopes on every cached answer', async () => {
      const sut = cached();
      const t = await token({ scope: 'read' });
      await expect(sut.authorize(req(t), ['read'], NOW)).resolves.toMatchObject({ ok: true });
      await expect(sut.authorize(req(t), ['admin'], NOW)).resolves.toMatchObject({ ok: false, statusCode: 403, message: 'Forbidden' });
      await expect(sut.authorize(req(t), ['read'], NOW)).resolves.toMatchObject({ ok: true, cached: true });
      await expect(sut.authorize(req(t), ['admin'], NOW)).resolves.toMatchObject({ ok: false, statusCode: 403 });
      await expect(sut.authorize(req(t), undefined, NOW)).resolves.toMatchObject({ ok: true, cached: true });
    });

    it('never serves a tampered token from the cache: another string is verified (and refused)', async () => {
      const sut = cached();
      const t = await token();
      await expect(sut.authorize(req(t), undefined, NOW)).resolves.toMatchObject({ ok: true });
      const [h, p, sig] = t.split('.');
      const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), email: 'admin@example.com' })).toString('base64url');
      await expect(sut.authorize(req(`${h}.${forged}.${sig}`), undefined, NOW)).resolves.toMatchObject(invalidToken('the token does not have a valid signature'));
      await expect(sut.authorize(req(`${t}x`), undefined, NOW)).resolves.toMatchObject({ ok: false, statusCode: 401 });
      await expect(sut.authorize(req(t), undefined, NOW)).resolves.toMatchObject({ ok: true, cached: true });
    });

    it('does not cache refusals: a token signed by a key published later is accepted once the JWKS rotates', async () => {
      const sut = cached();
      const t = await token({}, key2);
      await expect(sut.authorize(req(t), undefined, NOW)).resolves.toMatchObject(invalidToken('the token was signed by an unknown key'));
      published = [key1, key2];
      await expect(sut.authorize(req(t), undefined, NOW)).resolves.toMatchObject({ ok: true, cached: false });
    });

    it('verifies cached tokens again after the key set changed, so a key withdrawn from the JWKS stops working', async () => {
      const sut = cached();
      const old = await token();
      await expect(sut.authorize(req(old), undefined, NOW)).resolves.toMatchObject({ ok: true });
      await expect(sut.authorize(req(old), undefined, NOW)).resolves.toMatchObject({ ok: true, cached: true });
      published = [key2]; // k1 withdrawn; a k2 token makes the gateway refetch the JWKS
      await new Promise((r) => setTimeout(r, 2)); // jose stamps each fetch in ms
      await expect(sut.authorize(req(await token({}, key2)), undefined, NOW)).resolves.toMatchObject({ ok: true });
      await expect(sut.authorize(req(old), undefined, NOW)).resolves.toMatchObject(invalidToken('the token was signed by an unknown key'));
    });

    it('verifies again once the key set is older than its max age', async () => {
      registry = new JwksRegistry({ cooldownMs: 0, cacheMaxAgeMs: 50 });
      const verifications = countingKeys(registry);
      const sut = cached();
      const t = await token();
      await sut.authorize(req(t), undefined, NOW);
      await sut.authorize(req(t), undefined, NOW);
      expect([verifications.n, jwksFetches]).toEqual([1, 1]);
      await new Promise((r) => setTimeout(r, 60));
      await expect(sut.authorize(req(t), undefined, NOW)).resolves.toMatchObject({ ok: true, cached: false });
      expect([verifications.n, jwksFetches]).toEqual([2, 2]);
    });

    it('keeps each authorizer (and each deployment of it) apart in a shared cache', async () => {
      const cache = new VerifiedTokenCache();
      const t = await token();
      await cached(cache).authorize(req(t), undefined, NOW);
      const redeployed = new JwtAuthorizer(
        jwtAuthorizerConfig({ authorizerId: 'j', name: 'j', authorizerType: 'JWT', jwtConfiguration: { issuer, audience: ['client-b'] } }),
        registry,
        { cache },
      );
      await expect(redeployed.authorize(req(t), undefined, NOW)).resolves.toMatchObject(invalidToken('the token does not have a valid audience'));
    });

    it('holds at most the cache capacity, evicting the least recently used token', async () => {
      const verifications = countingKeys(registry);
      const sut = cached(new VerifiedTokenCache(2));
      const [a, b, c] = await Promise.all([token({ sub: 'a' }), token({ sub: 'b' }), token({ sub: 'c' })]);
      for (const t of [a, b, c]) await sut.authorize(req(t), undefined, NOW);
      expect(verifications.n).toBe(3);
      await sut.authorize(req(c), undefined, NOW);
      await sut.authorize(req(b), undefined, NOW);
      expect(verifications.n).toBe(3);
      await expect(sut.authorize(req(a), undefined, NOW)).resolves.toMatchObject({ ok: true, cached: false });
      expect(verifications.n).toBe(4);
    });

    it('caches nothing with maxAgeSeconds 0', async () => {
      const verifications = countingKeys(registry);
      const sut = cached(new VerifiedTokenCache(), 0);
      const t = await token();
      await sut.authorize(req(t), undefined, NOW);
      await expect(sut.authorize(req(t), undefined, NOW)).resolves.toMatchObject({ ok: true, cached: false });
      expect(verifications.n).toBe(2);
    });
  });

  it('answers 401 when the issuer has no discovery document', async () => {
    const broken = new JwtAuthorizer({ issuer: `${issuer}/nowhere`, audience: ['client-a'] }, registry);
    await expect(broken.authorize(req(await token()), undefined, NOW)).resolves.toMatchObject({ statusCode: 401, error: expect.stringContaining('answered 404') });
  });

  it.each([
    [{}, 'jwtConfiguration.issuer is required for a JWT authorizer'],
    [{ issuer: 'https://x' }, 'jwtConfiguration.audience needs at least one entry for a JWT authorizer'],
  ])('refuses the configuration %j', (jwtConfiguration, message) => {
    expect(() => jwtAuthorizerConfig({ authorizerId: 'j', name: 'j', authorizerType: 'JWT', jwtConfiguration })).toThrow(message);
  });
});
