import { eventOfPayload } from '@app/testing/lambda-payload';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { request } from 'undici';
import { InMemoryAuthorizerCache, JwksRegistry } from '@app/auth';
import type { ActiveStage, RestAuthorizerDoc, RestDefinition } from '@app/contracts';
import { createGatewayHandler } from '../handler/gateway.handler';
import { createGatewayHttpServer } from '../handler/gateway-http.server';
import { StageRegistry } from '../registry/stage.registry';
import { restDataPlaneOptions } from '../rest/rest-data-plane';
import { unenforcedAccessPlugin } from '../stages/unenforced-access.plugin';
import { lambdaUri, RecordingInvoker, success } from '../testing/active-stage.factory';
import { restApi, type MethodSpec } from '../testing/rest-harness';
import { authorizersPlugin, ENFORCED_AUTHORIZATION_TYPES } from './authorizers.plugin';

const POOL = 'us-east-1_Abc123';
const ACCOUNT = '123456789012';
const proxy = { type: 'AWS_PROXY' as const, httpMethod: 'POST', uri: lambdaUri('backend') };

/** COGNITO_USER_POOLS methods through the REST data plane, wired as the gateway wires it, against a local user pool. */
describe(`${authorizersPlugin.name} (COGNITO_USER_POOLS)`, () => {
  let jwksServer: Server;
  let gateway: Server;
  let base: string;
  let issuer: string;
  let key: CryptoKey;
  let registry: StageRegistry;
  let invoker: RecordingInvoker;

  const cognito: RestAuthorizerDoc = {
    id: 'cog',
    name: 'pool',
    type: 'COGNITO_USER_POOLS',
    providerARNs: [`arn:aws:cognito-idp:us-east-1:${ACCOUNT}:userpool/${POOL}`],
    identitySource: 'method.request.header.Authorization',
  };

  const token = (claims: Record<string, unknown>, exp: number | string = '5m') =>
    new SignJWT({ sub: 'user-1', ...claims }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer(issuer).setIssuedAt().setExpirationTime(exp).sign(key);
  const idToken = (extra: Record<string, unknown> = {}) => token({ token_use: 'id', aud: 'client-a', email: 'ann@example.com', 'custom:role': 'editor', ...extra });

  async function call(path: string, headers: Record<string, string> = {}) {
    const r = await request(`${base}/_aws/execute-api${path}`, { headers });
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(r.headers)) out[k] = String(v);
    return { status: r.statusCode, body: await r.body.text(), headers: out };
  }

  function load(apiId: string, methods: MethodSpec[], authorizers: RestAuthorizerDoc[] = [cognito], extra: Partial<RestDefinition['api']> = {}): ActiveStage {
    const active = restApi(apiId, { methods }, 'prod');
    const def = active.snapshot.definition as RestDefinition;
    def.authorizers = authorizers;
    Object.assign(def.api, extra);
    registry.load(active);
    return active;
  }

  beforeAll(async () => {
    const pair = await generateKeyPair('RS256');
    key = pair.privateKey;
    const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'k1', alg: 'RS256' };
    jwksServer = createServer((req, res) => {
      if (req.url !== `/${POOL}/.well-known/jwks.json`) return void res.writeHead(404).end();
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => jwksServer.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(jwksServer.address() as AddressInfo).port}`;
    issuer = `${origin}/${POOL}`;

    invoker = new RecordingInvoker(async (req) => success({ statusCode: 200, body: JSON.stringify(eventOfPayload(req.payload).requestContext.authorizer ?? null) }));
    const plugin = authorizersPlugin({
      invoker,
      cache: new InMemoryAuthorizerCache(),
      jwks: new JwksRegistry(),
      invokeAccessKeys: new Map(),
      region: 'us-east-1',
      accountId: ACCOUNT,
      cognitoIssuerUrl: `${origin}/{userPoolId}`,
    });
    const rest = restDataPlaneOptions();
    const enforced = { authorizationTypes: new Set(ENFORCED_AUTHORIZATION_TYPES), apiKeys: true };
    registry = new StageRegistry({ ...rest, plugins: [...rest.plugins, plugin, unenforcedAccessPlugin(enforced)] });
    gateway = createGatewayHttpServer(createGatewayHandler({ registry, invoker }));
    await new Promise<void>((resolve) => gateway.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;

    load('cogapi', [
      { path: '/me', httpMethod: 'GET', authorizationType: 'COGNITO_USER_POOLS', authorizerId: 'cog', methodIntegration: proxy },
      { path: '/pets', httpMethod: 'GET', authorizationType: 'COGNITO_USER_POOLS', authorizerId: 'cog', authorizationScopes: ['pets/read'], methodIntegration: proxy },
      {
        path: '/mock',
        httpMethod: 'GET',
        authorizationType: 'COGNITO_USER_POOLS',
        authorizerId: 'cog',
        methodIntegration: {
          type: 'MOCK',
          requestTemplates: { 'application/json': '{"statusCode": 200}' },
          integrationResponses: {
            '200': { statusCode: '200', responseTemplates: { 'application/json': `{"email":"$context.authorizer.claims.email","role":"$context.authorizer.claims['custom:role']"}` } },
          },
        },
      },
    ]);
  });

  afterAll(async () => {
    await registry.close();
    await new Promise((resolve) => gateway.close(resolve));
    await new Promise((resolve) => jwksServer.close(resolve));
  });

  it('is one of the enforced authorization types', () => {
    expect(ENFORCED_AUTHORIZATION_TYPES).toContain('COGNITO_USER_POOLS');
  });

  it('passes an ID token and gives the proxy event requestContext.authorizer = {claims} with string values', async () => {
    const res = await call('/cogapi/prod/me', { Authorization: await idToken({ email_verified: true }) });
    expect(res.status).toBe(200);
    const authorizer = JSON.parse(res.body);
    expect(Object.keys(authorizer)).toEqual(['claims']);
    expect(authorizer.claims).toMatchObject({ sub: 'user-1', token_use: 'id', aud: 'client-a', email: 'ann@example.com', email_verified: 'true', iss: issuer, exp: expect.stringMatching(/^\w{3} \w{3} \d{2} \d{2}:\d{2}:\d{2} UTC \d{4}$/) });
  });

  it("exposes claims to mapping templates as $context.authorizer.claims.x and claims['custom:x']", async () => {
    const res = await call('/cogapi/prod/mock', { Authorization: await idToken() });
    expect(res).toMatchObject({ status: 200, body: '{"email":"ann@example.com","role":"editor"}' });
  });

  it('passes an access token holding a method scope', async () => {
    const res = await call('/cogapi/prod/pets', { Authorization: await token({ token_use: 'access', client_id: 'client-a', scope: 'pets/read pets/write' }) });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body).claims).toMatchObject({ token_use: 'access', scope: 'pets/read pets/write', client_id: 'client-a' });
  });

  it.each<[string, string, () => Promise<Record<string, string>>]>([
    ['no token', '/me', async () => ({})],
    ['a tampered token', '/me', async () => ({ Authorization: (await idToken()).slice(0, -4) + 'AAAA' })],
    ['an access token where an ID token is expected', '/me', async () => ({ Authorization: await token({ token_use: 'access', client_id: 'client-a', scope: 'pets/read' }) })],
    ['an ID token where an access token is expected', '/pets', async () => ({ Authorization: await idToken() })],
    ['an access token without the method scope', '/pets', async () => ({ Authorization: await token({ token_use: 'access', client_id: 'client-a', scope: 'pets/write' }) })],
  ])('answers 401 {"message":"Unauthorized"} to %s without calling the integration', async (_what, path, headers) => {
    invoker.requests.length = 0;
    const res = await call(`/cogapi/prod${path}`, await headers());
    expect(res).toMatchObject({ status: 401, body: '{"message":"Unauthorized"}' });
    expect(res.headers['x-amzn-errortype']).toBe('UnauthorizedException');
    expect(invoker.requests).toHaveLength(0);
  });

  it('answers 401 {"message":"The incoming token has expired"} to an expired token', async () => {
    const res = await call('/cogapi/prod/me', { Authorization: await token({ token_use: 'id', aud: 'client-a' }, Math.floor(Date.now() / 1000) - 5) });
    expect(res).toMatchObject({ status: 401, body: '{"message":"The incoming token has expired"}' });
  });

  describe('with a resource policy', () => {
    const policy = (effect: string, resource: string) => JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: effect, Principal: '*', Action: 'execute-api:Invoke', Resource: resource }] });
    const method: MethodSpec = { path: '/me', httpMethod: 'GET', authorizationType: 'COGNITO_USER_POOLS', authorizerId: 'cog', methodIntegration: proxy };

    it('serves an authenticated caller when the policy allows the method', async () => {
      load('cogallow', [method], [cognito], { policy: policy('Allow', `arn:aws:execute-api:us-east-1:${ACCOUNT}:cogallow/*`) });
      expect((await call('/cogallow/prod/me', { Authorization: await idToken() })).status).toBe(200);
    });

    it('refuses an authenticated caller with 403 when the policy is silent or denies', async () => {
      load('cogsilent', [method], [cognito], { policy: policy('Allow', `arn:aws:execute-api:us-east-1:${ACCOUNT}:cogsilent/*/POST/*`) });
      const silent = await call('/cogsilent/prod/me', { Authorization: await idToken() });
      expect(silent).toMatchObject({ status: 403, body: `{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********9012:cogsilent/prod/GET/me"}` });
      load('cogdeny', [method], [cognito], { policy: policy('Deny', `arn:aws:execute-api:us-east-1:${ACCOUNT}:cogdeny/*`) });
      const denied = await call('/cogdeny/prod/me', { Authorization: await idToken() });
      expect(denied).toMatchObject({ status: 403, body: `{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********9012:cogdeny/prod/GET/me with an explicit deny"}` });
    });

    it('answers 401 to a caller without a valid token before the policy is consulted', async () => {
      load('cogdeny2', [method], [cognito], { policy: policy('Deny', `arn:aws:execute-api:us-east-1:${ACCOUNT}:cogdeny2/*`) });
      expect(await call('/cogdeny2/prod/me')).toMatchObject({ status: 401, body: '{"message":"Unauthorized"}' });
    });
  });

  it.each<[string, MethodSpec, RestAuthorizerDoc[], RegExp]>([
    ['a method without authorizerId', { path: '/', httpMethod: 'GET', authorizationType: 'COGNITO_USER_POOLS', methodIntegration: proxy }, [cognito], /COGNITO_USER_POOLS needs an authorizerId/],
    ['an unknown authorizerId', { path: '/', httpMethod: 'GET', authorizationType: 'COGNITO_USER_POOLS', authorizerId: 'nope', methodIntegration: proxy }, [cognito], /authorizerId 'nope' does not exist/],
    ['a pool ARN that is not one', { path: '/', httpMethod: 'GET', authorizationType: 'COGNITO_USER_POOLS', authorizerId: 'cog', methodIntegration: proxy }, [{ ...cognito, providerARNs: ['pool'] }], /providerARNs entry 'pool' is not a user pool ARN/],
  ])('refuses to load a deployment with %s', (_what, method, authorizers, message) => {
    expect(() => load('cogbad', [method], authorizers)).toThrow(message);
  });
});
