import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  APIGatewayClient,
  CreateAuthorizerCommand as CreateRestAuthorizerCommand,
  CreateDeploymentCommand as CreateRestDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  GetResourcesCommand,
  PutIntegrationCommand,
  PutMethodCommand,
} from '@aws-sdk/client-api-gateway';
import {
  ApiGatewayV2Client,
  CreateApiCommand,
  CreateAuthorizerCommand,
  CreateIntegrationCommand,
  CreateRouteCommand,
  CreateStageCommand,
} from '@aws-sdk/client-apigatewayv2';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { request } from 'undici';
import { createNodeFunction, lambdaInvocationUri, sigV4Headers, startControlPlane, startGateway, startJwtIssuer, type JwtIssuer, type StartedControlPlane, type StartedGateway } from '@app/testing';

const INVOKE_KEY = { accessKeyId: 'AKIDE2EINVOKE', secretAccessKey: 'e2e-invoke-secret' };
const ACCOUNT = '123456789012';

/**
 * Authorizers end to end: functions created with @aws-sdk/client-lambda, APIs built with the official v1 and v2
 * clients against the control plane, served by an in-process gateway node. A local OIDC issuer (discovery + JWKS on
 * 127.0.0.1) signs the JWTs; authorizer functions count their invocations in a file.
 */
describe('authorizers (Lambda, JWT, IAM, resource policy) through the gateway', () => {
  let cp: StartedControlPlane;
  let gw: StartedGateway;
  let lambda: LambdaClient;
  let v2: ApiGatewayV2Client;
  let v1: APIGatewayClient;
  let jwtIssuer: JwtIssuer;
  let issuer: string;
  let countDir: string;
  let httpBase: string;
  let restBase: string;

  const invocations = (name: string) => {
    try {
      return readFileSync(join(countDir, name), 'utf8').length;
    } catch {
      return 0;
    }
  };

  /** Each function may count its invocations in its own file, named by COUNT_FILE. */
  const createFunction = (name: string, code: string) =>
    createNodeFunction(lambda, name, code, { timeoutSeconds: 5, environment: { COUNT_FILE: join(countDir, name) } });

  async function call(url: string, headers: Record<string, string> = {}) {
    const r = await request(url, { headers });
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(r.headers)) out[k] = String(v);
    return { status: r.statusCode, body: await r.body.text(), headers: out };
  }

  const token = (claims: Record<string, unknown>, options: { exp?: number | string; aud?: string } = {}) =>
    jwtIssuer.sign({ scope: 'read write', ...claims, sub: 'user-1', aud: options.aud ?? 'my-app' }, { expiresIn: options.exp ?? '5m' });

  async function until(url: string, ready: (status: number) => boolean, headers: Record<string, string> = {}) {
    for (let i = 0; i < 100; i++) {
      if (ready((await call(url, headers)).status)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  beforeAll(async () => {
    countDir = mkdtempSync(join(tmpdir(), 'authz-e2e-'));
    jwtIssuer = await startJwtIssuer({ jwksPath: '/jwks', discovery: true });
    issuer = jwtIssuer.issuer;

    cp = await startControlPlane({ INVOKE_ACCESS_KEYS: `${INVOKE_KEY.accessKeyId}:${INVOKE_KEY.secretAccessKey}` });
    gw = await startGateway(cp.runtime);
    lambda = new LambdaClient(cp.clientConfig);
    v2 = new ApiGatewayV2Client(cp.clientConfig);
    v1 = new APIGatewayClient(cp.clientConfig);

    const count = `const fs = require('fs'); const count = () => fs.appendFileSync(process.env.COUNT_FILE, 'x');`;
    await createFunction('backend', `exports.handler = async (e) => ({ statusCode: 200, body: JSON.stringify({ authorizer: e.requestContext.authorizer ?? null, identity: e.requestContext.identity ?? null }) });`);
    await createFunction('simpleAuth', `${count} exports.handler = async (e) => { count(); return { isAuthorized: e.headers.authorization === 'letmein', context: { user: 'ann', level: 3 } }; };`);
    await createFunction(
      'tokenAuth',
      `${count} exports.handler = async (e) => { count();
        if (e.authorizationToken === 'deny') return { principalId: 'p', policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Deny', Resource: e.methodArn }] } };
        if (e.authorizationToken === 'silent') return { principalId: 'quiet', policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: e.methodArn.split('/GET/')[0] + '/POST/elsewhere' }] }, context: { tenant: 't2' } };
        if (e.authorizationToken !== 'allow') throw new Error('Unauthorized');
        const any = e.methodArn.split('/').slice(0, 2).join('/') + '/*';
        return { principalId: 'user-42', policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: any }] }, context: { tenant: 't1' } }; };`,
    );

    // HTTP API: Lambda simple-response authorizer, JWT authorizer with scopes, IAM route.
    const api = await v2.send(new CreateApiCommand({ Name: 'authz', ProtocolType: 'HTTP' }));
    const apiId = api.ApiId!;
    const integration = await v2.send(
      new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'AWS_PROXY', IntegrationUri: `arn:aws:lambda:us-east-1:${ACCOUNT}:function:backend`, PayloadFormatVersion: '2.0' }),
    );
    const target = `integrations/${integration.IntegrationId}`;
    const simple = await v2.send(
      new CreateAuthorizerCommand({
        ApiId: apiId,
        Name: 'simple',
        AuthorizerType: 'REQUEST',
        AuthorizerUri: lambdaInvocationUri('simpleAuth'),
        AuthorizerPayloadFormatVersion: '2.0',
        EnableSimpleResponses: true,
        IdentitySource: ['$request.header.Authorization'],
        AuthorizerResultTtlInSeconds: 300,
      }),
    );
    const jwt = await v2.send(
      new CreateAuthorizerCommand({ ApiId: apiId, Name: 'jwt', AuthorizerType: 'JWT', IdentitySource: ['$request.header.Authorization'], JwtConfiguration: { Issuer: issuer, Audience: ['my-app'] } }),
    );
    await v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /lambda', Target: target, AuthorizationType: 'CUSTOM', AuthorizerId: simple.AuthorizerId }));
    await v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /jwt', Target: target, AuthorizationType: 'JWT', AuthorizerId: jwt.AuthorizerId, AuthorizationScopes: ['read'] }));
    await v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /admin', Target: target, AuthorizationType: 'JWT', AuthorizerId: jwt.AuthorizerId, AuthorizationScopes: ['admin'] }));
    await v2.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /iam', Target: target, AuthorizationType: 'AWS_IAM' }));
    await v2.send(new CreateStageCommand({ ApiId: apiId, StageName: '$default', AutoDeploy: true }));
    httpBase = gw.stageUrl(apiId, '').replace(/\/$/, '');

    // REST API: TOKEN authorizer on /pets and /blocked, a resource policy denying GET /blocked to 127.0.0.0/8 and
    // GET /pets to the user agent BadBot/1.0.
    const arnBase = `arn:aws:execute-api:us-east-1:${ACCOUNT}`;
    const rest = await v1.send(
      new CreateRestApiCommand({
        name: 'authz-rest',
        policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: `${arnBase}:*/*` },
            { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: `${arnBase}:*/*/GET/blocked`, Condition: { IpAddress: { 'aws:SourceIp': ['127.0.0.0/8'] } } },
            { Effect: 'Deny', Principal: '*', Action: 'execute-api:Invoke', Resource: `${arnBase}:*/*/GET/pets`, Condition: { StringEquals: { 'aws:UserAgent': 'BadBot/1.0' } } },
          ],
        }),
      }),
    );
    const restId = rest.id!;
    const root = (await v1.send(new GetResourcesCommand({ restApiId: restId }))).items!.find((r) => r.path === '/')!.id!;
    const authorizer = await v1.send(
      new CreateRestAuthorizerCommand({ restApiId: restId, name: 'tok', type: 'TOKEN', authorizerUri: lambdaInvocationUri('tokenAuth'), identitySource: 'method.request.header.Authorization', authorizerResultTtlInSeconds: 300 }),
    );
    for (const part of ['pets', 'blocked']) {
      const resourceId = (await v1.send(new CreateResourceCommand({ restApiId: restId, parentId: root, pathPart: part }))).id!;
      await v1.send(new PutMethodCommand({ restApiId: restId, resourceId, httpMethod: 'GET', authorizationType: 'CUSTOM', authorizerId: authorizer.id }));
      await v1.send(new PutIntegrationCommand({ restApiId: restId, resourceId, httpMethod: 'GET', type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: lambdaInvocationUri('backend') }));
    }
    await v1.send(new CreateRestDeploymentCommand({ restApiId: restId, stageName: 'prod' }));
    restBase = gw.stageUrl(restId, 'prod');

    await until(`${httpBase}/lambda`, (s) => s === 401);
    await until(`${restBase}/pets`, (s) => s === 401);
  });

  afterAll(async () => {
    lambda?.destroy();
    v1?.destroy();
    v2?.destroy();
    await gw?.close();
    await cp?.close();
    await jwtIssuer?.close();
    rmSync(countDir, { recursive: true, force: true });
  });

  describe('HTTP API Lambda authorizer (payload 2.0, simple responses)', () => {
    it('invokes the authorizer once for 100 requests with the same identity', async () => {
      const before = invocations('simpleAuth');
      for (let i = 0; i < 100; i++) {
        const res = await call(`${httpBase}/lambda`, { Authorization: 'letmein' });
        expect(res.status).toBe(200);
        if (i === 0) expect(JSON.parse(res.body).authorizer).toEqual({ lambda: { user: 'ann', level: 3 } });
      }
      expect(invocations('simpleAuth') - before).toBe(1);
    });

    it('answers isAuthorized=false with 403 and a missing identity source with 401, without invoking for the latter', async () => {
      expect(await call(`${httpBase}/lambda`, { Authorization: 'wrong' })).toMatchObject({ status: 403, body: '{"message":"Forbidden"}' });
      const before = invocations('simpleAuth');
      expect(await call(`${httpBase}/lambda`)).toMatchObject({ status: 401, body: '{"message":"Unauthorized"}' });
      expect(invocations('simpleAuth')).toBe(before);
    });
  });

  describe('HTTP API JWT authorizer', () => {
    it('accepts a token signed by the issuer and passes its claims and scopes to the function', async () => {
      const res = await call(`${httpBase}/jwt`, { Authorization: `Bearer ${await token({ email: 'ann@example.com' })}` });
      expect(res.status).toBe(200);
      const { authorizer } = JSON.parse(res.body);
      expect(authorizer.jwt.scopes).toEqual(['read', 'write']);
      expect(authorizer.jwt.claims).toMatchObject({ iss: issuer, aud: 'my-app', sub: 'user-1', email: 'ann@example.com', scope: 'read write', exp: expect.stringMatching(/^\d+$/) });
    });

    it.each([
      ['a tampered token', async () => (await token({})).replace(/\.([^.]+)\./, (_m, p: string) => `.${Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), sub: 'admin' })).toString('base64url')}.`), 'the token does not have a valid signature'],
      ['an expired token', () => token({}, { exp: Math.floor(Date.now() / 1000) - 60 }), 'the token has expired'],
      ['a token for another audience', () => token({}, { aud: 'other-app' }), 'the token does not have a valid audience'],
      ['no token', async () => '', undefined],
    ])('refuses %s with 401 Unauthorized', async (_what, make, description) => {
      const value = await make();
      const res = await call(`${httpBase}/jwt`, value ? { Authorization: `Bearer ${value}` } : {});
      expect(res).toMatchObject({ status: 401, body: '{"message":"Unauthorized"}' });
      if (description) expect(res.headers['www-authenticate']).toBe(`Bearer scope="" error="invalid_token" error_description="${description}"`);
    });

    it('refuses a valid token without the route scope with 403 Forbidden', async () => {
      const res = await call(`${httpBase}/admin`, { Authorization: `Bearer ${await token({})}` });
      expect(res).toMatchObject({ status: 403, body: '{"message":"Forbidden"}' });
      expect(res.headers['www-authenticate']).toBe('Bearer scope="admin" error="insufficient_scope" error_description="expected scopes: [admin]"');
    });
  });

  describe('AWS_IAM route', () => {
    async function signed(credentials: typeof INVOKE_KEY) {
      const url = new URL(`${httpBase}/iam`);
      return call(url.toString(), await sigV4Headers(url, credentials));
    }

    it('accepts a request signed with an INVOKE_ACCESS_KEYS key and reports the caller', async () => {
      const res = await signed(INVOKE_KEY);
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body).authorizer.iam).toMatchObject({ accessKey: INVOKE_KEY.accessKeyId, accountId: ACCOUNT, userArn: `arn:aws:iam::${ACCOUNT}:user/${INVOKE_KEY.accessKeyId}` });
    });

    it('refuses unsigned requests, wrong secrets and unknown keys with 403', async () => {
      expect(await call(`${httpBase}/iam`)).toMatchObject({ status: 403, body: '{"message":"Forbidden"}' });
      const bad = await signed({ ...INVOKE_KEY, secretAccessKey: 'wrong' });
      expect(bad.status).toBe(403);
      expect(JSON.parse(bad.body).message).toMatch(/^The request signature we calculated does not match/);
      expect(await signed({ accessKeyId: 'AKIDUNKNOWN', secretAccessKey: 'x' })).toMatchObject({ status: 403, body: '{"message":"The security token included in the request is invalid."}' });
    });
  });

  describe('REST TOKEN authorizer and resource policy (API built with @aws-sdk/client-api-gateway)', () => {
    it('grants with the policy, passes principalId and context, and calls the authorizer once for 21 requests with one token', async () => {
      const before = invocations('tokenAuth');
      const res = await call(`${restBase}/pets`, { Authorization: 'allow' });
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body).authorizer).toEqual({ principalId: 'user-42', tenant: 't1', integrationLatency: expect.any(Number) });
      for (let i = 0; i < 20; i++) expect((await call(`${restBase}/pets`, { Authorization: 'allow' })).status).toBe(200);
      expect(invocations('tokenAuth') - before).toBe(1);
    });

    it('answers Unauthorized with 401 and an explicit Deny with 403, with the AWS messages', async () => {
      expect(await call(`${restBase}/pets`, { Authorization: 'stranger' })).toMatchObject({ status: 401, body: '{"message":"Unauthorized"}' });
      expect(await call(`${restBase}/pets`, { Authorization: 'deny' })).toMatchObject({
        status: 403,
        body: '{"message":"User is not authorized to access this resource with an explicit deny"}',
      });
      expect(await call(`${restBase}/pets`)).toMatchObject({ status: 401, body: '{"message":"Unauthorized"}' });
    });

    it('refuses a source IP the resource policy denies before the authorizer runs', async () => {
      const before = invocations('tokenAuth');
      const res = await call(`${restBase}/blocked`, { Authorization: 'someone-new' });
      expect(res.status).toBe(403);
      expect(res.body).toMatch(/^\{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:\*{8}9012:[a-z0-9]+\/prod\/GET\/blocked with an explicit deny"\}$/);
      expect(invocations('tokenAuth')).toBe(before);
    });

    it('refuses the user agent a StringEquals condition on aws:UserAgent denies, before the authorizer runs', async () => {
      const before = invocations('tokenAuth');
      const res = await call(`${restBase}/pets`, { Authorization: 'allow', 'User-Agent': 'BadBot/1.0' });
      expect(res.status).toBe(403);
      expect(res.body).toMatch(/^\{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:\*{8}9012:[a-z0-9]+\/prod\/GET\/pets with an explicit deny"\}$/);
      expect(invocations('tokenAuth')).toBe(before);
      expect((await call(`${restBase}/pets`, { Authorization: 'allow', 'User-Agent': 'GoodBot/1.0' })).status).toBe(200);
    });

    it("lets a caller through when the authorizer's policy is silent on the method and the resource policy allows it (Table A)", async () => {
      const res = await call(`${restBase}/pets`, { Authorization: 'silent' });
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body).authorizer).toEqual({ principalId: 'quiet', tenant: 't2', integrationLatency: expect.any(Number) });
    });
  });
});
