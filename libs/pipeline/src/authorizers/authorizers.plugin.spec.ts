import { eventOfPayload } from '@app/testing/lambda-payload';
import { request } from 'undici';
import { sigV4Headers } from '@app/testing/sigv4-signing';
import { InMemoryAuthorizerCache, JwksRegistry } from '@app/auth';
import type { ActiveStage, LambdaInvokeRequest, RestAuthorizerDoc, RestDefinition, V2AuthorizerDoc, V2Definition } from '@app/contracts';
import { serveGateway, type GatewayServer } from '../testing/gateway-server';
import { StageRegistry } from '../registry/stage.registry';
import { restDataPlaneOptions } from '../rest/rest-data-plane';
import { httpStage, lambdaUri, RecordingInvoker, success } from '../testing/active-stage.factory';
import { restApi, type MethodSpec } from '../testing/rest-harness';
import type { StagePlugin } from '../stages/pipeline-stage';
import { authorizersPlugin } from './authorizers.plugin';

const KEY = { accessKeyId: 'AKIDINVOKE1', secretAccessKey: 'invoke-secret' };
const ARN_PREFIX = 'arn:aws:execute-api:us-east-1:123456789012:';
const proxy = (name = 'backend') => ({ type: 'AWS_PROXY' as const, httpMethod: 'POST', uri: lambdaUri(name) });
const policy = (effect: string, resource: string, extra: object = {}) => ({
  principalId: 'user-7',
  policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource }] },
  ...extra,
});

describe(authorizersPlugin.name, () => {
  let server: GatewayServer;
  let base: string;
  let registry: StageRegistry;
  let invoker: RecordingInvoker;
  let authorizer: (event: any) => unknown;
  const seen: { usageIdentifierKey: string | null } = { usageIdentifierKey: null };

  // Stands in for the API key stage: records what the authorizer left for it.
  const probe: StagePlugin = { slot: 'validate', stage: { name: 'probe', create: () => (ctx) => void (seen.usageIdentifierKey = ctx.usageIdentifierKey) } };

  beforeAll(async () => {
    invoker = new RecordingInvoker(async (req: LambdaInvokeRequest) => {
      const event = eventOfPayload(req.payload);
      if (req.functionName.endsWith(':auth')) {
        try {
          return success(await authorizer(event));
        } catch (error) {
          return { kind: 'function-error', statusCode: 200, functionError: 'Unhandled', executedVersion: '$LATEST', payload: JSON.stringify({ errorMessage: (error as Error).message }) };
        }
      }
      return success({ statusCode: 200, body: JSON.stringify(event.requestContext.authorizer ?? null) });
    });
    const plugin = authorizersPlugin({
      invoker,
      cache: new InMemoryAuthorizerCache(),
      jwks: new JwksRegistry(),
      invokeAccessKeys: new Map([[KEY.accessKeyId, KEY.secretAccessKey]]),
      region: 'us-east-1',
      accountId: '123456789012',
    });
    const rest = restDataPlaneOptions();
    registry = new StageRegistry({ ...rest, plugins: [...rest.plugins, plugin, probe] });
    server = await serveGateway({ registry, invoker });
    base = server.base;
  });

  afterAll(async () => {
    await registry.close();
    await server.close();
  });

  beforeEach(() => {
    invoker.requests.length = 0;
    seen.usageIdentifierKey = null;
  });

  const authorizerCalls = () => invoker.requests.filter((r) => r.functionName.endsWith(':auth')).length;

  async function call(path: string, headers: Record<string, string> = {}, method = 'GET') {
    const r = await request(`${base}/_aws/execute-api${path}`, { method, headers });
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(r.headers)) out[k] = String(v);
    return { status: r.statusCode, body: await r.body.text(), headers: out };
  }

  function restWith(apiId: string, methods: MethodSpec[], authorizers: RestAuthorizerDoc[], extra: Partial<RestDefinition['api']> = {}, gatewayResponses: RestDefinition['gatewayResponses'] = []): ActiveStage {
    const active = restApi(apiId, { methods, gatewayResponses }, 'prod');
    const def = active.snapshot.definition as RestDefinition;
    def.authorizers = authorizers;
    Object.assign(def.api, extra);
    return active;
  }

  describe('REST TOKEN', () => {
    const token: RestAuthorizerDoc = {
      id: 'tok',
      name: 'tok',
      type: 'TOKEN',
      authorizerUri: lambdaUri('auth'),
      identitySource: 'method.request.header.Authorization',
      identityValidationExpression: 'Bearer .+',
      authorizerResultTtlInSeconds: 300,
    };
    beforeAll(() => {
      registry.load(
        restWith('resttok', [
          { path: '/pets', httpMethod: 'GET', authorizationType: 'CUSTOM', authorizerId: 'tok', methodIntegration: proxy() },
          { path: '/admin', httpMethod: 'GET', authorizationType: 'CUSTOM', authorizerId: 'tok', methodIntegration: proxy() },
        ], [token]),
      );
    });

    it('passes principalId, context and integrationLatency to the proxy event and the usage key to the API key stage', async () => {
      authorizer = (e) => policy('Allow', `${ARN_PREFIX}resttok/prod/GET/pets`, { context: { tier: 'gold', n: 3, ok: true }, usageIdentifierKey: 'key-123' });
      const res = await call('/resttok/prod/pets', { Authorization: 'Bearer one' });
      expect(res.status).toBe(200);
      const event = invoker.requests.find((r) => r.functionName.endsWith(':auth'))!;
      expect(eventOfPayload(event.payload)).toEqual({ type: 'TOKEN', authorizationToken: 'Bearer one', methodArn: `${ARN_PREFIX}resttok/prod/GET/pets` });
      const ctx = JSON.parse(res.body);
      expect(ctx).toEqual({ principalId: 'user-7', tier: 'gold', n: 3, ok: true, integrationLatency: expect.any(Number) });
      expect(Object.keys(ctx)).toEqual(['principalId', 'tier', 'n', 'ok', 'integrationLatency']);
      expect(seen.usageIdentifierKey).toBe('key-123');
    });

    it('invokes once for repeated tokens and evaluates the cached policy against each method ARN', async () => {
      authorizer = () => policy('Allow', `${ARN_PREFIX}resttok/prod/GET/pets`);
      for (let i = 0; i < 5; i++) expect((await call('/resttok/prod/pets', { Authorization: 'Bearer cached' })).status).toBe(200);
      const other = await call('/resttok/prod/admin', { Authorization: 'Bearer cached' });
      expect(other).toMatchObject({ status: 403, body: '{"message":"User is not authorized to access this resource"}' });
      expect(other.headers['x-amzn-errortype']).toBe('AccessDeniedException');
      expect(authorizerCalls()).toBe(1);
    });

    it.each([
      ['no Authorization header', {}],
      ['an empty Authorization header', { Authorization: '' }],
      ['a token not matching identityValidationExpression', { Authorization: 'Basic abc' }],
    ])('answers 401 Unauthorized without invoking for %s', async (_what, headers) => {
      const res = await call('/resttok/prod/pets', headers);
      expect(res).toMatchObject({ status: 401, body: '{"message":"Unauthorized"}' });
      expect(res.headers['x-amzn-errortype']).toBe('UnauthorizedException');
      expect(authorizerCalls()).toBe(0);
    });

    it('answers an explicit Deny with 403 and AWS message', async () => {
      authorizer = () => policy('Deny', `${ARN_PREFIX}resttok/*`);
      expect(await call('/resttok/prod/pets', { Authorization: 'Bearer denied' })).toMatchObject({
        status: 403,
        body: '{"message":"User is not authorized to access this resource with an explicit deny"}',
      });
    });

    it("answers the authorizer's Unauthorized error with 401", async () => {
      authorizer = () => {
        throw new Error('Unauthorized');
      };
      expect(await call('/resttok/prod/pets', { Authorization: 'Bearer thrown' })).toMatchObject({ status: 401, body: '{"message":"Unauthorized"}' });
    });

    it.each([
      ['a response without a policy', { principalId: 'x' }],
      ['a non-object response', 'allow'],
      ['a context holding an object', policy('Allow', '*', { context: { nested: { a: 1 } } })],
    ])('answers %s with 500 {"message": null} AuthorizerConfigurationException', async (_what, answer) => {
      authorizer = () => answer;
      const res = await call('/resttok/prod/pets', { Authorization: `Bearer bad-${JSON.stringify(answer)}` });
      expect(res).toMatchObject({ status: 500, body: '{"message": null}' });
      expect(res.headers['x-amzn-errortype']).toBe('AuthorizerConfigurationException');
    });
  });

  describe('REST REQUEST', () => {
    beforeAll(() => {
      const doc: RestAuthorizerDoc = {
        id: 'req',
        name: 'req',
        type: 'REQUEST',
        authorizerUri: lambdaUri('auth'),
        identitySource: 'method.request.header.X-User, method.request.querystring.tenant, stageVariables.env, context.httpMethod',
        authorizerResultTtlInSeconds: 60,
      };
      const active = restWith('restreq', [{ path: '/items/{id}', httpMethod: 'GET', authorizationType: 'CUSTOM', authorizerId: 'req', methodIntegration: proxy() }], [doc]);
      (active.stage as { variables?: Record<string, string> }).variables = { env: 'test' };
      registry.load(active);
    });

    it('sends the REQUEST event with headers, query, path parameters, stage variables and requestContext', async () => {
      authorizer = (e) => policy('Allow', e.methodArn);
      expect((await call('/restreq/prod/items/42?tenant=t1', { 'X-User': 'ann' })).status).toBe(200);
      const event = eventOfPayload(invoker.requests.find((r) => r.functionName.endsWith(':auth'))!.payload);
      expect(event).toMatchObject({
        type: 'REQUEST',
        methodArn: `${ARN_PREFIX}restreq/prod/GET/items/42`,
        resource: '/items/{id}',
        path: '/items/42',
        httpMethod: 'GET',
        headers: expect.objectContaining({ 'X-User': 'ann' }),
        queryStringParameters: { tenant: 't1' },
        pathParameters: { id: '42' },
        stageVariables: { env: 'test' },
        requestContext: expect.objectContaining({ stage: 'prod', resourcePath: '/items/{id}', identity: expect.objectContaining({ sourceIp: '127.0.0.1' }) }),
      });
    });

    it('answers 401 without invoking when an identity source is missing, and caches by all of them', async () => {
      authorizer = (e) => policy('Allow', e.methodArn.replace(/items\/.*$/, 'items/*'));
      expect((await call('/restreq/prod/items/1', { 'X-User': 'ann' })).status).toBe(401);
      expect((await call('/restreq/prod/items/1?tenant=t9')).status).toBe(401);
      expect(authorizerCalls()).toBe(0);
      await call('/restreq/prod/items/1?tenant=t9', { 'X-User': 'bob' });
      await call('/restreq/prod/items/2?tenant=t9', { 'X-User': 'bob' });
      await call('/restreq/prod/items/2?tenant=t8', { 'X-User': 'bob' });
      expect(authorizerCalls()).toBe(2);
    });
  });

  describe('REST resource policy', () => {
    const statement = (Effect: string, Condition?: object) => ({ Effect, Principal: '*', Action: 'execute-api:Invoke', Resource: `${ARN_PREFIX}*/*`, ...(Condition ? { Condition } : {}) });
    const load = (apiId: string, statements: object[], gatewayResponses: RestDefinition['gatewayResponses'] = []) =>
      registry.load(restWith(apiId, [{ path: '/', httpMethod: 'GET', methodIntegration: proxy() }], [], { policy: JSON.stringify({ Version: '2012-10-17', Statement: statements }) }, gatewayResponses));

    it('denies a listed source IP explicitly with AWS body', async () => {
      load('rpdeny', [statement('Allow'), statement('Deny', { IpAddress: { 'aws:SourceIp': ['127.0.0.0/8'] } })]);
      const res = await call('/rpdeny/prod/');
      expect(res.status).toBe(403);
      expect(res.body).toBe(
        '{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********9012:rpdeny/prod/GET/ with an explicit deny"}',
      );
      expect(res.headers['x-amzn-errortype']).toBe('AccessDeniedException');
    });

    it('denies implicitly when an allow list does not name the caller, and serves those it names', async () => {
      load('rpallow', [statement('Allow', { IpAddress: { 'aws:SourceIp': '192.0.2.0/24' } })]);
      expect(await call('/rpallow/prod/')).toMatchObject({
        status: 403,
        body: '{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********9012:rpallow/prod/GET/"}',
      });
      load('rpallow2', [statement('Allow', { NotIpAddress: { 'aws:SourceIp': '192.0.2.0/24' } })]);
      expect((await call('/rpallow2/prod/')).status).toBe(200);
    });

    it("uses the API's customised ACCESS_DENIED template", async () => {
      load('rpcustom', [statement('Deny')], [{ responseType: 'ACCESS_DENIED', responseTemplates: { 'application/json': '{"denied":"$context.error.message"}' } }]);
      expect((await call('/rpcustom/prod/')).body).toMatch(/^\{"denied":"User: anonymous is not authorized .* with an explicit deny"\}$/);
    });

    it('refuses to load a policy that is not JSON or not a policy, naming the fault', () => {
      expect(() => registry.load(restWith('rpbad', [{ path: '/', httpMethod: 'GET', methodIntegration: proxy() }], [], { policy: '{nope' }))).toThrow(/policy is not JSON/);
      expect(() => registry.load(restWith('rpbad', [{ path: '/', httpMethod: 'GET', methodIntegration: proxy() }], [], { policy: '{"Statement":[{"Effect":"Maybe"}]}' }))).toThrow(
        /policy: Statement\[0\]\.Effect must be "Allow" or "Deny"/,
      );
    });
  });

  describe('AWS_IAM', () => {
    beforeAll(() => {
      registry.load(restWith('restiam', [{ path: '/me', httpMethod: 'POST', authorizationType: 'AWS_IAM', methodIntegration: proxy() }], []));
      const http = httpStage('httpiam', '$default', [{ routeKey: 'GET /me', integration: { integrationType: 'AWS_PROXY', integrationUri: lambdaUri('backend'), payloadFormatVersion: '2.0' } }]);
      (http.snapshot.definition as V2Definition).routes[0].authorizationType = 'AWS_IAM';
      registry.load(http);
    });

    async function signed(path: string, method: string, body: string, credentials = KEY) {
      const url = new URL(`${base}/_aws/execute-api${path}`);
      const headers = await sigV4Headers(url, credentials, { method, body });
      const r = await request(url, { method, headers, body: body || undefined });
      return { status: r.statusCode, body: await r.body.text(), errorType: String(r.headers['x-amzn-errortype'] ?? '') };
    }

    it('accepts a request signed with an INVOKE_ACCESS_KEYS key (body included)', async () => {
      expect(await signed('/restiam/prod/me', 'POST', '{"a":1}')).toMatchObject({ status: 200 });
    });

    it('puts the caller into requestContext.identity of the REST proxy event', async () => {
      await signed('/restiam/prod/me', 'POST', '{"a":1}');
      const backend = invoker.requests.filter((r) => !r.functionName.endsWith(':auth')).at(-1)!;
      expect(eventOfPayload(backend.payload).requestContext.identity).toMatchObject({
        accessKey: 'AKIDINVOKE1',
        accountId: '123456789012',
        caller: 'AKIDINVOKE1',
        user: 'AKIDINVOKE1',
        userArn: 'arn:aws:iam::123456789012:user/AKIDINVOKE1',
      });
    });

    it('puts the caller into requestContext.authorizer.iam for HTTP APIs', async () => {
      const res = await signed('/httpiam/me', 'GET', '');
      expect(res.status).toBe(200);
      expect(JSON.parse(res.body)).toEqual({
        iam: {
          accessKey: 'AKIDINVOKE1',
          accountId: '123456789012',
          callerId: 'AKIDINVOKE1',
          cognitoIdentity: null,
          principalOrgId: null,
          userArn: 'arn:aws:iam::123456789012:user/AKIDINVOKE1',
          userId: 'AKIDINVOKE1',
        },
      });
    });

    it('answers an unsigned request with 403 Missing Authentication Token (REST) / Forbidden (HTTP)', async () => {
      expect(await call('/restiam/prod/me', {}, 'POST')).toMatchObject({ status: 403, body: '{"message":"Missing Authentication Token"}' });
      expect(await call('/httpiam/me')).toMatchObject({ status: 403, body: '{"message":"Forbidden"}' });
    });

    it('answers a wrong secret and an unknown key with 403 and the AWS error', async () => {
      const bad = await signed('/restiam/prod/me', 'POST', '', { ...KEY, secretAccessKey: 'wrong' });
      expect(bad.status).toBe(403);
      expect(JSON.parse(bad.body).message).toMatch(/^The request signature we calculated does not match the signature you provided/);
      expect(bad.errorType).toBe('InvalidSignatureException');
      const unknown = await signed('/restiam/prod/me', 'POST', '', { accessKeyId: 'AKIDNOBODY', secretAccessKey: 'x' });
      expect(unknown).toMatchObject({ status: 403, body: '{"message":"The security token included in the request is invalid."}', errorType: 'UnrecognizedClientException' });
    });
  });

  describe('HTTP API Lambda authorizers', () => {
    const doc = (id: string, extra: Partial<V2AuthorizerDoc>): V2AuthorizerDoc => ({
      authorizerId: id,
      name: id,
      authorizerType: 'REQUEST',
      authorizerUri: lambdaUri('auth'),
      identitySource: ['$request.header.Authorization'],
      ...extra,
    });
    beforeAll(() => {
      const active = httpStage('httplam', '$default', [
        { routeKey: 'GET /simple', integration: { integrationType: 'AWS_PROXY', integrationUri: lambdaUri('backend'), payloadFormatVersion: '2.0' } },
        { routeKey: 'GET /policy', integration: { integrationType: 'AWS_PROXY', integrationUri: lambdaUri('backend'), payloadFormatVersion: '2.0' } },
      ]);
      const def = active.snapshot.definition as V2Definition;
      def.authorizers = [
        doc('simple', { authorizerPayloadFormatVersion: '2.0', enableSimpleResponses: true, authorizerResultTtlInSeconds: 300 }),
        doc('v1', { authorizerPayloadFormatVersion: '1.0' }),
      ];
      Object.assign(def.routes[0], { authorizationType: 'CUSTOM', authorizerId: 'simple' });
      Object.assign(def.routes[1], { authorizationType: 'CUSTOM', authorizerId: 'v1' });
      registry.load(active);
    });

    it('grants on isAuthorized with the context under authorizer.lambda, invoking once per cached identity', async () => {
      authorizer = (e) => ({ isAuthorized: e.headers.authorization === 'letmein', context: { user: 'ann', roles: ['a', 'b'] } });
      for (let i = 0; i < 3; i++) {
        const res = await call('/httplam/simple', { Authorization: 'letmein' });
        expect(res.status).toBe(200);
        expect(JSON.parse(res.body)).toEqual({ lambda: { user: 'ann', roles: ['a', 'b'] } });
      }
      expect(authorizerCalls()).toBe(1);
      const event = eventOfPayload(invoker.requests.find((r) => r.functionName.endsWith(':auth'))!.payload);
      expect(event).toMatchObject({ version: '2.0', type: 'REQUEST', routeArn: `${ARN_PREFIX}httplam/$default/GET/simple`, identitySource: ['letmein'], routeKey: 'GET /simple', rawPath: '/simple' });
    });

    it('answers isAuthorized=false with 403 Forbidden and a missing identity source with 401 Unauthorized', async () => {
      authorizer = () => ({ isAuthorized: false });
      expect(await call('/httplam/simple', { Authorization: 'nope' })).toMatchObject({ status: 403, body: '{"message":"Forbidden"}' });
      expect(await call('/httplam/simple')).toMatchObject({ status: 401, body: '{"message":"Unauthorized"}' });
    });

    it('sends payload 1.0 events and evaluates their policies; a broken authorizer is 500 Internal Server Error', async () => {
      authorizer = (e) => policy(e.headers.Authorization === 'good' ? 'Allow' : 'Deny', e.methodArn);
      expect((await call('/httplam/policy', { Authorization: 'good' })).status).toBe(200);
      const event = eventOfPayload(invoker.requests.find((r) => r.functionName.endsWith(':auth'))!.payload);
      expect(event).toMatchObject({ version: '1.0', type: 'REQUEST', identitySource: 'good', authorizationToken: 'good', methodArn: `${ARN_PREFIX}httplam/$default/GET/policy` });
      expect(await call('/httplam/policy', { Authorization: 'bad' })).toMatchObject({ status: 403, body: '{"message":"Forbidden"}' });
      authorizer = () => 'garbage';
      expect(await call('/httplam/policy', { Authorization: 'good' })).toMatchObject({ status: 500, body: '{"message":"Internal Server Error"}' });
    });
  });

  describe('deploy-time faults', () => {
    it('refuses a stage whose route names an authorizer that does not exist', () => {
      expect(() =>
        registry.load(restWith('restnoauth', [{ path: '/', httpMethod: 'GET', authorizationType: 'CUSTOM', authorizerId: 'ghost', methodIntegration: proxy() }], [])),
      ).toThrow(/GET \/: authorizerId 'ghost' does not exist/);
      const http = httpStage('httpwrong', '$default', [{ routeKey: 'GET /x', integration: { integrationType: 'AWS_PROXY', integrationUri: lambdaUri('backend') } }]);
      const def = http.snapshot.definition as V2Definition;
      def.authorizers = [{ authorizerId: 'j', name: 'j', authorizerType: 'JWT', jwtConfiguration: { issuer: 'https://issuer', audience: ['a'] } }];
      Object.assign(def.routes[0], { authorizationType: 'CUSTOM', authorizerId: 'j' });
      expect(() => registry.load(http)).toThrow(/is a JWT authorizer; CUSTOM routes need a REQUEST/);
    });
  });
});
