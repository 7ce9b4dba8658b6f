import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { VerifiedTokenCache } from '@app/auth';
import type { RestAuthorizerDoc } from '@app/contracts';
import { CognitoKeySets } from './cognito-key-sets';
import { CognitoUserPoolAuthorizer, javaDateString, restClaims } from './cognito-user-pool.authorizer';

const POOL = 'us-east-1_Pool1';
const OTHER_POOL = 'us-east-1_Pool2';
const NOW = Date.UTC(2024, 0, 15, 12, 0, 0);
const NOW_S = NOW / 1000;

/** The REST authorizer document under test: a user pool authorizer for POOL, token in the Authorization header. */
const doc = (extra: Partial<RestAuthorizerDoc> = {}): RestAuthorizerDoc => ({
  id: 'cog',
  name: 'cog',
  type: 'COGNITO_USER_POOLS',
  providerARNs: [`arn:aws:cognito-idp:us-east-1:123456789012:userpool/${POOL}`],
  identitySource: 'method.request.header.Authorization',
  ...extra,
});

describe(CognitoUserPoolAuthorizer.name, () => {
  let server: Server;
  let template: string;
  let signing: CryptoKey;
  let stranger: CryptoKey;
  let jwksRequests: string[];
  let sut: CognitoUserPoolAuthorizer;
  const keySets = new CognitoKeySets();

  const issuer = (pool = POOL) => template.replace('{userPoolId}', pool);

  async function sign(claims: Record<string, unknown>, options: { key?: CryptoKey; kid?: string; iss?: string; exp?: number; alg?: string } = {}) {
    return new SignJWT({ sub: 'user-1', ...claims })
      .setProtectedHeader({ alg: options.alg ?? 'RS256', kid: options.kid ?? 'k1' })
      .setIssuer(options.iss ?? issuer())
      .setIssuedAt(NOW_S - 60)
      .setExpirationTime(options.exp ?? NOW_S + 3600)
      .sign(options.key ?? signing);
  }
  const idToken = (extra: Record<string, unknown> = {}, options = {}) =>
    sign({ token_use: 'id', aud: 'client-a', 'cognito:username': 'ann', email: 'ann@example.com', email_verified: true, auth_time: NOW_S - 60, ...extra }, options);
  const accessToken = (scope: string, extra: Record<string, unknown> = {}) => sign({ token_use: 'access', client_id: 'client-a', scope, username: 'ann', ...extra });

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    signing = pair.privateKey;
    stranger = (await generateKeyPair('RS256')).privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    jwksRequests = [];
    server = createServer((req, res) => {
      jwksRequests.push(req.url ?? '');
      res.setHeader('content-type', 'application/json');
      if (req.url === `/${POOL}/.well-known/jwks.json` || req.url === `/${OTHER_POOL}/.well-known/jwks.json`) return void res.end(JSON.stringify({ keys: [jwk] }));
      res.statusCode = 404;
      res.end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    template = `http://127.0.0.1:${(server.address() as AddressInfo).port}/{userPoolId}`;
    sut = CognitoUserPoolAuthorizer.compile(doc(), template, keySets);
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('accepts a valid ID token on a method without scopes and hands on its claims as strings', async () => {
    const outcome = await sut.authorize({ authorization: await idToken() }, [], NOW);
    expect(outcome).toEqual({
      ok: true,
      claims: {
        sub: 'user-1',
        token_use: 'id',
        aud: 'client-a',
        'cognito:username': 'ann',
        email: 'ann@example.com',
        email_verified: 'true',
        auth_time: String(NOW_S - 60),
        iss: issuer(),
        iat: 'Mon Jan 15 11:59:00 UTC 2024',
        exp: 'Mon Jan 15 13:00:00 UTC 2024',
      },
    });
    expect(jwksRequests).toContain(`/${POOL}/.well-known/jwks.json`);
  });

  it('accepts a valid access token carrying one of the method scopes', async () => {
    const outcome = await sut.authorize({ authorization: await accessToken('openid pets/read') }, ['pets/write', 'pets/read'], NOW);
    expect(outcome).toMatchObject({ ok: true, claims: { token_use: 'access', client_id: 'client-a', scope: 'openid pets/read', username: 'ann' } });
  });

  it('reads the identity source header case-insensitively and accepts any pool listed in providerARNs', async () => {
    const two = CognitoUserPoolAuthorizer.compile(
      doc({ identitySource: 'method.request.header.X-Id-Token', providerARNs: [doc().providerARNs![0], `arn:aws:cognito-idp:eu-west-1:123456789012:userpool/${OTHER_POOL}`] }),
      template,
      keySets,
    );
    expect(await two.authorize({ 'x-id-token': await idToken({}, { iss: issuer(OTHER_POOL) }) }, [], NOW)).toMatchObject({ ok: true });
    expect(await two.authorize({ authorization: await idToken() }, [], NOW)).toMatchObject({ ok: false, statusCode: 401 });
  });

  it('applies identityValidationExpression to the client: aud of ID tokens, client_id of access tokens', async () => {
    const pinned = CognitoUserPoolAuthorizer.compile(doc({ identityValidationExpression: 'client-[ab]' }), template, keySets);
    expect(await pinned.authorize({ authorization: await idToken({ aud: 'client-b' }) }, [], NOW)).toMatchObject({ ok: true });
    expect(await pinned.authorize({ authorization: await accessToken('s', { client_id: 'client-b' }) }, ['s'], NOW)).toMatchObject({ ok: true });
    const wrongClients: Array<[string, string[]]> = [
      [await idToken({ aud: 'client-c' }), []],
      [await idToken({ aud: 'xclient-a' }), []],
      [await accessToken('s', { client_id: 'other' }), ['s']],
    ];
    for (const [token, scopes] of wrongClients) {
      expect(await pinned.authorize({ authorization: token }, scopes, NOW)).toEqual(expect.objectContaining({ ok: false, statusCode: 401, responseType: 'UNAUTHORIZED', message: 'Unauthorized' }));
    }
  });

  it.each<[string, () => Promise<string | undefined>, readonly string[]]>([
    ['no token', async () => undefined, []],
    ['an empty header', async () => '', []],
    ['a token with a Bearer scheme', async () => `Bearer ${await idToken()}`, []],
    ['a value that is not a JWT', async () => 'not-a-jwt', []],
    ['a tampered payload', async () => tamper(await idToken(), { 'cognito:username': 'admin' }), []],
    ['a token signed by another key with a known kid', async () => idToken({}, { key: stranger }), []],
    ['a token signed with an unknown kid', async () => idToken({}, { key: stranger, kid: 'k9' }), []],
    ['a token from a pool the authorizer does not name', async () => idToken({}, { iss: issuer(OTHER_POOL) }), []],
    ["a token from Cognito's real issuer for the same pool id", async () => idToken({}, { iss: `https://cognito-idp.us-east-1.amazonaws.com/${POOL}` }), []],
    ['an access token on a method without scopes', async () => accessToken('pets/read'), []],
    ['an ID token on a method with scopes', async () => idToken({ scope: 'pets/read' }), ['pets/read']],
    ['a token without token_use', async () => sign({ aud: 'client-a' }), []],
    ['an access token without any method scope', async () => accessToken('pets/list openid'), ['pets/read']],
    ['an access token without a scope claim', async () => sign({ token_use: 'access', client_id: 'client-a' }), ['pets/read']],
    ['an HS256 token', async () => new SignJWT({ token_use: 'id' }).setProtectedHeader({ alg: 'HS256' }).setIssuer(issuer()).setExpirationTime(NOW_S + 60).sign(new TextEncoder().encode('x'.repeat(32))), []],
    ['a token without exp', async () => new SignJWT({ token_use: 'id' }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer(issuer()).sign(signing), []],
  ])('refuses %s with 401 Unauthorized', async (_what, token, scopes) => {
    const value = await token();
    const outcome = await sut.authorize(value === undefined ? {} : { authorization: value }, scopes, NOW);
    expect(outcome).toEqual(expect.objectContaining({ ok: false, responseType: 'UNAUTHORIZED', statusCode: 401, message: 'Unauthorized' }));
  });

  it('refuses an expired token with 401 "The incoming token has expired"', async () => {
    const outcome = await sut.authorize({ authorization: await idToken({}, { exp: NOW_S - 1 }) }, [], NOW);
    expect(outcome).toEqual(expect.objectContaining({ ok: false, responseType: 'UNAUTHORIZED', statusCode: 401, message: 'The incoming token has expired' }));
  });

  it('refuses tokens with 401 when the pool keys cannot be fetched', async () => {
    const unreachable = CognitoUserPoolAuthorizer.compile(doc(), template.replace('/{userPoolId}', '/missing/{userPoolId}'), new CognitoKeySets());
    const token = await idToken({}, { iss: template.replace('/{userPoolId}', `/missing/${POOL}`) });
    expect(await unreachable.authorize({ authorization: token }, [], NOW)).toEqual(expect.objectContaining({ ok: false, statusCode: 401, message: 'Unauthorized' }));
  });

  it.each<[string, Partial<RestAuthorizerDoc>, RegExp]>([
    ['a TOKEN authorizer', { type: 'TOKEN' }, /is a TOKEN authorizer; COGNITO_USER_POOLS methods need a COGNITO_USER_POOLS authorizer/],
    ['no providerARNs', { providerARNs: [] }, /providerARNs are required/],
    ['a providerARNs entry that is not a user pool', { providerARNs: ['arn:aws:lambda:us-east-1:123456789012:function:f'] }, /providerARNs entry 'arn:aws:lambda:.*' is not a user pool ARN/],
    ['a query-string identity source', { identitySource: 'method.request.querystring.token' }, /identitySource must be method.request.header.<name>, got 'method.request.querystring.token'/],
    ['no identity source', { identitySource: undefined }, /identitySource must be method.request.header.<name>, got ''/],
    ['an invalid identityValidationExpression', { identityValidationExpression: '([' }, /identityValidationExpression is not a regular expression/],
  ])('refuses to compile %s', (_what, extra, message) => {
    expect(() => CognitoUserPoolAuthorizer.compile(doc(extra), template, keySets)).toThrow(message);
  });
});

describe(`${CognitoUserPoolAuthorizer.name} result caching`, () => {
  let server: Server;
  let template: string;
  const keys: Record<string, { privateKey: CryptoKey; jwk: JWK }> = {};
  let published: string[];

  const sign = (claims: Record<string, unknown>, kid = 'k1', exp = NOW_S + 3600) =>
    new SignJWT({ sub: 'user-1', ...claims })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuer(template.replace('{userPoolId}', POOL))
      .setIssuedAt(NOW_S - 60)
      .setExpirationTime(exp)
      .sign(keys[kid].privateKey);
  const idToken = (extra: Record<string, unknown> = {}, kid?: string, exp?: number) => sign({ token_use: 'id', aud: 'client-a', ...extra }, kid, exp);
  const accessToken = (scope: string) => sign({ token_use: 'access', client_id: 'client-a', scope });

  /** Key sets that count signature verifications (jose asks for the key once per jwtVerify). */
  class CountingKeySets extends CognitoKeySets {
    verifications = 0;
    override keysFor(issuer: string) {
      const inner = super.keysFor(issuer);
      return (header: Parameters<typeof inner>[0], token: Parameters<typeof inner>[1]) => {
        this.verifications++;
        return inner(header, token);
      };
    }
  }
  let keySets: CountingKeySets;
  let cache: VerifiedTokenCache;
  const compile = (extra: Partial<RestAuthorizerDoc> = {}) => CognitoUserPoolAuthorizer.compile(doc(extra), template, keySets, cache);

  beforeAll(async () => {
    for (const kid of ['k1', 'k2']) {
      const pair = await generateKeyPair('RS256');
      keys[kid] = { privateKey: pair.privateKey, jwk: { ...(await exportJWK(pair.publicKey)), kid, alg: 'RS256', use: 'sig' } };
    }
    server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: published.map((kid) => keys[kid].jwk) }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    template = `http://127.0.0.1:${(server.address() as AddressInfo).port}/{userPoolId}`;
  });

  afterAll(() => new Promise((resolve) => server.close(resolve)));

  beforeEach(() => {
    published = ['k1'];
    keySets = new CountingKeySets({ cooldownMs: 0 });
    cache = new VerifiedTokenCache();
  });

  it('verifies a token once and answers from the cache for authorizerResultTtlInSeconds (default 300)', async () => {
    const sut = compile();
    const token = await idToken();
    const first = await sut.authorize({ authorization: token }, [], NOW);
    expect(await sut.authorize({ authorization: token }, [], NOW + 299_999)).toEqual(first);
    expect(keySets.verifications).toBe(1);
    expect(await sut.authorize({ authorization: token }, [], NOW + 300_000)).toEqual(first);
    expect(keySets.verifications).toBe(2);
  });

  it('follows authorizerResultTtlInSeconds, and verifies every request with 0', async () => {
    const short = compile({ authorizerResultTtlInSeconds: 10 });
    const token = await idToken();
    await short.authorize({ authorization: token }, [], NOW);
    await short.authorize({ authorization: token }, [], NOW + 9_999);
    expect(keySets.verifications).toBe(1);
    await short.authorize({ authorization: token }, [], NOW + 10_000);
    expect(keySets.verifications).toBe(2);
    const off = compile({ authorizerResultTtlInSeconds: 0 });
    await off.authorize({ authorization: token }, [], NOW);
    await off.authorize({ authorization: token }, [], NOW);
    expect(keySets.verifications).toBe(4);
  });

  it('stops at exp: an expired token is verified again and refused as expired', async () => {
    const sut = compile();
    const token = await idToken({}, 'k1', NOW_S + 30);
    expect(await sut.authorize({ authorization: token }, [], NOW + 29_999)).toMatchObject({ ok: true });
    expect(await sut.authorize({ authorization: token }, [], NOW + 30_000)).toMatchObject({ ok: false, message: 'The incoming token has expired' });
    expect(keySets.verifications).toBe(2);
  });

  it("checks each method's scopes and token use on the cached token", async () => {
    const sut = compile();
    const token = await accessToken('pets/read');
    expect(await sut.authorize({ authorization: token }, ['pets/read'], NOW)).toMatchObject({ ok: true });
    expect(await sut.authorize({ authorization: token }, ['pets/write'], NOW)).toMatchObject({ ok: false, statusCode: 401, error: 'the token has none of the method scopes' });
    expect(await sut.authorize({ authorization: token }, [], NOW)).toMatchObject({ ok: false, statusCode: 401, error: expect.stringContaining('an ID token is required') });
    expect(await sut.authorize({ authorization: token }, ['pets/write', 'pets/read'], NOW)).toMatchObject({ ok: true });
    expect(keySets.verifications).toBe(1);
  });

  it('never answers a tampered token from the cache', async () => {
    const sut = compile();
    const token = await idToken();
    expect(await sut.authorize({ authorization: token }, [], NOW)).toMatchObject({ ok: true });
    expect(await sut.authorize({ authorization: tamper(token, { 'cognito:username': 'admin' }) }, [], NOW)).toMatchObject({ ok: false, statusCode: 401 });
    expect(await sut.authorize({ authorization: `${token}=` }, [], NOW)).toMatchObject({ ok: false, statusCode: 401 });
  });

  it('verifies cached tokens again after the pool keys were refetched, so a withdrawn key stops working', async () => {
    const sut = compile();
    const old = await idToken();
    expect(await sut.authorize({ authorization: old }, [], NOW)).toMatchObject({ ok: true });
    published = ['k2'];
    await new Promise((r) => setTimeout(r, 2)); // jose stamps each fetch in ms
    expect(await sut.authorize({ authorization: await idToken({}, 'k2') }, [], NOW)).toMatchObject({ ok: true });
    expect(await sut.authorize({ authorization: old }, [], NOW)).toMatchObject({ ok: false, statusCode: 401 });
  });

  it('does not cache refusals: a token of a key published later passes once the keys are refetched', async () => {
    const sut = compile();
    const token = await idToken({}, 'k2');
    expect(await sut.authorize({ authorization: token }, [], NOW)).toMatchObject({ ok: false });
    published = ['k1', 'k2'];
    expect(await sut.authorize({ authorization: token }, [], NOW)).toMatchObject({ ok: true });
  });

  it('keeps a redeployed authorizer apart from the previous one in the shared cache', async () => {
    const token = await idToken({ aud: 'client-a' });
    expect(await compile().authorize({ authorization: token }, [], NOW)).toMatchObject({ ok: true });
    expect(await compile({ identityValidationExpression: 'client-b' }).authorize({ authorization: token }, [], NOW)).toMatchObject({ ok: false, statusCode: 401 });
  });
});

describe(restClaims.name, () => {
  it('stringifies numbers, booleans, lists and maps; exp and iat as Java dates', () => {
    expect(restClaims({ exp: 0, iat: 1_700_000_000, auth_time: 1_700_000_000, n: 1.5, ok: false, 'cognito:groups': ['admin', 'users'], address: { city: 'x' } })).toEqual({
      exp: 'Thu Jan 01 00:00:00 UTC 1970',
      iat: 'Tue Nov 14 22:13:20 UTC 2023',
      auth_time: '1700000000',
      n: '1.5',
      ok: 'false',
      'cognito:groups': 'admin,users',
      address: '{"city":"x"}',
    });
  });

  it('pads Java date fields to two digits', () => {
    expect(javaDateString(Date.UTC(2024, 1, 3, 4, 5, 6) / 1000)).toBe('Sat Feb 03 04:05:06 UTC 2024');
  });
});

function tamper(token: string, changes: Record<string, unknown>): string {
  const [header, payload, signature] = token.split('.');
  const claims = { ...JSON.parse(Buffer.from(payload, 'base64url').toString()), ...changes };
  return `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
}
