import {
  APIGatewayClient,
  CreateAuthorizerCommand,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  GetResourcesCommand,
  PutIntegrationCommand,
  PutMethodCommand,
} from '@aws-sdk/client-api-gateway';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { request } from 'undici';
import { createNodeFunction, lambdaInvocationUri, putMockMethod, startControlPlane, startGateway, startJwtIssuer, type JwtIssuer, type StartedControlPlane, type StartedGateway } from '@app/testing';

const ACCOUNT = '123456789012';
const POOL = 'us-east-1_E2ePool';

/**
 * A REST API guarded by a COGNITO_USER_POOLS authorizer, built with @aws-sdk/client-api-gateway against the control
 * plane and called through a gateway node. COGNITO_ISSUER_URL points the pool at a local issuer (JWKS on 127.0.0.1)
 * that signs ID and access tokens the way a user pool does.
 */
describe('COGNITO_USER_POOLS authorizer through the gateway', () => {
  let cp: StartedControlPlane;
  let gw: StartedGateway;
  let pool: JwtIssuer;
  let issuer: string;
  let base: string;

  const sign = (claims: Record<string, unknown>, exp: number | string = '1h') => pool.sign({ sub: 'c0ffee', ...claims }, { expiresIn: exp });
  const idToken = () => sign({ token_use: 'id', aud: 'app-client', 'cognito:username': 'ann', email: 'ann@example.com' });
  const accessToken = (scope: string) => sign({ token_use: 'access', client_id: 'app-client', scope, username: 'ann' });

  async function call(path: string, headers: Record<string, string> = {}) {
    const r = await request(`${base}${path}`, { headers });
    return { status: r.statusCode, body: await r.body.text(), errorType: r.headers['x-amzn-errortype'] };
  }

  beforeAll(async () => {
    pool = await startJwtIssuer({ issuerPath: `/${POOL}`, jwksPath: '/.well-known/jwks.json', kid: 'pool-key' });
    issuer = pool.issuer;

    cp = await startControlPlane({ COGNITO_ISSUER_URL: `${pool.origin}/{userPoolId}` });
    gw = await startGateway(cp.runtime);
    const v1 = new APIGatewayClient(cp.clientConfig);
    const lambda = new LambdaClient(cp.clientConfig);
    await createNodeFunction(lambda, 'whoami', `exports.handler = async (e) => ({ statusCode: 200, body: JSON.stringify(e.requestContext.authorizer) });`);

    const restApiId = (await v1.send(new CreateRestApiCommand({ name: 'cognito-e2e' }))).id!;
    const root = (await v1.send(new GetResourcesCommand({ restApiId }))).items!.find((r) => r.path === '/')!.id!;
    const authorizerId = (
      await v1.send(
        new CreateAuthorizerCommand({
          restApiId,
          name: 'pool',
          type: 'COGNITO_USER_POOLS',
          providerARNs: [`arn:aws:cognito-idp:us-east-1:${ACCOUNT}:userpool/${POOL}`],
          identitySource: 'method.request.header.Authorization',
        }),
      )
    ).id!;
    // /me: Lambda proxy, ID token. /pets: MOCK echoing a claim through $context, access token with a scope.
    const me = (await v1.send(new CreateResourceCommand({ restApiId, parentId: root, pathPart: 'me' }))).id!;
    await v1.send(new PutMethodCommand({ restApiId, resourceId: me, httpMethod: 'GET', authorizationType: 'COGNITO_USER_POOLS', authorizerId }));
    await v1.send(
      new PutIntegrationCommand({
        restApiId,
        resourceId: me,
        httpMethod: 'GET',
        type: 'AWS_PROXY',
        integrationHttpMethod: 'POST',
        uri: lambdaInvocationUri('whoami'),
      }),
    );
    const pets = (await v1.send(new CreateResourceCommand({ restApiId, parentId: root, pathPart: 'pets' }))).id!;
    await putMockMethod(
      v1,
      { restApiId, resourceId: pets, httpMethod: 'GET' },
      '{"user":"$context.authorizer.claims.username","scope":"$context.authorizer.claims.scope"}',
      { authorizationType: 'COGNITO_USER_POOLS', authorizerId, authorizationScopes: ['pets/read'] },
    );
    await v1.send(new CreateDeploymentCommand({ restApiId, stageName: 'prod' }));
    base = gw.stageUrl(restApiId, 'prod');
    for (let i = 0; i < 100 && (await call('/me')).status !== 401; i++) await new Promise((r) => setTimeout(r, 50));
  });

  afterAll(async () => {
    await gw?.close();
    await cp?.close();
    await pool?.close();
  });

  it('passes an ID token and hands its claims to the function as requestContext.authorizer.claims', async () => {
    const res = await call('/me', { Authorization: await idToken() });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({
      claims: expect.objectContaining({ sub: 'c0ffee', token_use: 'id', aud: 'app-client', 'cognito:username': 'ann', email: 'ann@example.com', iss: issuer }),
    });
  });

  it('passes an access token with the method scope and exposes claims to the mapping template', async () => {
    expect(await call('/pets', { Authorization: await accessToken('openid pets/read') })).toMatchObject({ status: 200, body: '{"user":"ann","scope":"openid pets/read"}' });
  });

  it.each<[string, string, () => Promise<Record<string, string>>, string]>([
    ['no token', '/me', async () => ({}), '{"message":"Unauthorized"}'],
    ['an access token on a method without scopes', '/me', async () => ({ Authorization: await accessToken('pets/read') }), '{"message":"Unauthorized"}'],
    ['an ID token on a method with scopes', '/pets', async () => ({ Authorization: await idToken() }), '{"message":"Unauthorized"}'],
    ['an access token without the method scope', '/pets', async () => ({ Authorization: await accessToken('pets/write') }), '{"message":"Unauthorized"}'],
    ['a token with a forged signature', '/me', async () => ({ Authorization: (await idToken()).replace(/\.[^.]+$/, '.AAAA') }), '{"message":"Unauthorized"}'],
    ['an expired token', '/me', async () => ({ Authorization: await sign({ token_use: 'id', aud: 'app-client' }, Math.floor(Date.now() / 1000) - 10) }), '{"message":"The incoming token has expired"}'],
  ])('answers 401 to %s', async (_what, path, headers, body) => {
    expect(await call(path, await headers())).toEqual({ status: 401, body, errorType: 'UnauthorizedException' });
  });
});
