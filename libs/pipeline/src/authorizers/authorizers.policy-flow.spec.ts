import { eventOfPayload } from '@app/testing/lambda-payload';
import { request } from 'undici';
import { sigV4Headers } from '@app/testing/sigv4-signing';
import { InMemoryAuthorizerCache, JwksRegistry } from '@app/auth';
import type { ActiveStage, LambdaInvokeRequest, RestAuthorizerDoc, RestDefinition } from '@app/contracts';
import { serveGateway, type GatewayServer } from '../testing/gateway-server';
import { StageRegistry } from '../registry/stage.registry';
import { restDataPlaneOptions } from '../rest/rest-data-plane';
import { lambdaUri, RecordingInvoker, success } from '../testing/active-stage.factory';
import { restApi, type MethodSpec } from '../testing/rest-harness';
import { authorizersPlugin } from './authorizers.plugin';

const ACCOUNT = '123456789012';
const KEY = { accessKeyId: 'AKIDFLOW', secretAccessKey: 'flow-secret' };
const ARN = `arn:aws:execute-api:us-east-1:${ACCOUNT}:`;
const proxy = { type: 'AWS_PROXY' as const, httpMethod: 'POST', uri: lambdaUri('backend') };

const statement = (Effect: string, Resource: string, extra: object = {}) => ({ Effect, Principal: '*', Action: 'execute-api:Invoke', Resource, ...extra });
const policyDoc = (...Statement: object[]) => JSON.stringify({ Version: '2012-10-17', Statement });

/** A resource policy that allows, is silent on, or denies `GET /r` of every API. */
const RESOURCE_POLICIES = {
  Allow: policyDoc(statement('Allow', `${ARN}*/*/GET/r`)),
  Neither: policyDoc(statement('Allow', `${ARN}*/*/POST/elsewhere`)),
  Deny: policyDoc(statement('Allow', `${ARN}*/*`), statement('Deny', `${ARN}*/*/GET/r`)),
} as const;
type Side = keyof typeof RESOURCE_POLICIES;

const BODIES = {
  rpExplicit: (api: string, who = 'anonymous') =>
    `{"Message":"User: ${who} is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********9012:${api}/prod/GET/r with an explicit deny"}`,
  rpImplicit: (api: string) => `{"Message":"User: anonymous is not authorized to perform: execute-api:Invoke on resource: arn:aws:execute-api:us-east-1:********9012:${api}/prod/GET/r"}`,
  authorizerExplicit: '{"message":"User is not authorized to access this resource with an explicit deny"}',
  authorizerImplicit: '{"message":"User is not authorized to access this resource"}',
};

/**
 * apigateway-authorization-flow.md through a real gateway handler: one row per row of its tables, with the status
 * and body AWS answers, and whether the Lambda authorizer was called at all.
 */
describe('resource policy combined with method authorization', () => {
  let server: GatewayServer;
  let base: string;
  let registry: StageRegistry;
  let invoker: RecordingInvoker;

  beforeAll(async () => {
    invoker = new RecordingInvoker(async (req: LambdaInvokeRequest) => {
      const event = eventOfPayload(req.payload);
      if (req.functionName.endsWith(':auth')) {
        // The token says what the authorizer's policy does for the method: Allow, Neither (a statement for another
        // method only) or Deny. `conditional` allows only the user agent partner/*.
        const token: string = event.authorizationToken;
        const effect = token === 'Deny' ? 'Deny' : 'Allow';
        const resource = token === 'Neither' ? event.methodArn.replace('/GET/', '/DELETE/') : event.methodArn;
        const condition = token === 'conditional' ? { Condition: { StringLike: { 'aws:UserAgent': 'partner/*' } } } : {};
        return success({
          principalId: `user-${token}`,
          policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: effect, Resource: resource, ...condition }] },
          context: { token },
        });
      }
      return success({ statusCode: 200, body: JSON.stringify(event.requestContext.authorizer ?? null) });
    });
    const plugin = authorizersPlugin({
      invoker,
      cache: new InMemoryAuthorizerCache(),
      jwks: new JwksRegistry(),
      invokeAccessKeys: new Map([[KEY.accessKeyId, KEY.secretAccessKey]]),
      region: 'us-east-1',
      accountId: ACCOUNT,
    });
    const rest = restDataPlaneOptions();
    registry = new StageRegistry({ ...rest, plugins: [...rest.plugins, plugin] });
    server = await serveGateway({ registry, invoker });
    base = server.base;

    const token: RestAuthorizerDoc = { id: 'tok', name: 'tok', type: 'TOKEN', authorizerUri: lambdaUri('auth'), identitySource: 'method.request.header.Authorization', authorizerResultTtlInSeconds: 300 };
    for (const side of Object.keys(RESOURCE_POLICIES) as Side[]) {
      registry.load(api(`lam${side.toLowerCase()}`, { authorizationType: 'CUSTOM', authorizerId: 'tok' }, RESOURCE_POLICIES[side], [token]));
      registry.load(api(`none${side.toLowerCase()}`, { authorizationType: 'NONE' }, RESOURCE_POLICIES[side]));
      registry.load(api(`iam${side.toLowerCase()}`, { authorizationType: 'AWS_IAM' }, RESOURCE_POLICIES[side]));
    }
  });

  afterAll(async () => {
    await registry.close();
    await server.close();
  });

  beforeEach(() => {
    invoker.requests.length = 0;
  });

  function api(apiId: string, method: Partial<MethodSpec>, policy: string, authorizers: RestAuthorizerDoc[] = []): ActiveStage {
    const active = restApi(apiId, { methods: [{ path: '/r', httpMethod: 'GET', methodIntegration: proxy, ...method }] }, 'prod');
    const def = active.snapshot.definition as RestDefinition;
    def.authorizers = authorizers;
    def.api.policy = policy;
    return active;
  }

  async function call(path: string, headers: Record<string, string> = {}) {
    const r = await request(`${base}/_aws/execute-api${path}`, { headers });
    return { status: r.statusCode, body: await r.body.text(), errorType: String(r.headers['x-amzn-errortype'] ?? '') };
  }

  const authorizerCalls = () => invoker.requests.filter((r) => r.functionName.endsWith(':auth')).length;

  describe('API Gateway resource policy only', () => {
    it.each([
      ['Allow', 200, 'null'],
      ['Neither', 403, BODIES.rpImplicit('noneneither')],
      ['Deny', 403, BODIES.rpExplicit('nonedeny')],
    ] as const)('resource policy %s → %s', async (side, status, expected) => {
      const res = await call(`/none${side.toLowerCase()}/prod/r`);
      expect(res).toMatchObject({ status, body: expected });
      if (status === 403) expect(res.errorType).toBe('AccessDeniedException');
    });
  });

  describe('Lambda authorizer and resource policy (Table A)', () => {
    it.each([
      ['Allow', 'Allow', 200, '', true],
      ['Allow', 'Neither', 200, '', true],
      ['Allow', 'Deny', 403, BODIES.rpExplicit('lamdeny'), false],
      ['Neither', 'Allow', 200, '', true],
      ['Neither', 'Neither', 403, BODIES.authorizerImplicit, true],
      ['Neither', 'Deny', 403, BODIES.rpExplicit('lamdeny'), false],
      ['Deny', 'Allow', 403, BODIES.authorizerExplicit, true],
      ['Deny', 'Neither', 403, BODIES.authorizerExplicit, true],
      ['Deny', 'Deny', 403, BODIES.rpExplicit('lamdeny'), false],
    ] as const)('authorizer %s, resource policy %s → %s', async (authorizer, side, status, expected, invoked) => {
      const res = await call(`/lam${side.toLowerCase()}/prod/r`, { Authorization: authorizer });
      expect(res.status).toBe(status);
      if (status === 200) {
        // Granted either way with the authorizer's principal and context, also when only the resource policy allowed.
        expect(JSON.parse(res.body)).toMatchObject({ principalId: `user-${authorizer}`, token: authorizer });
      } else {
        expect(res.body).toBe(expected);
        expect(res.errorType).toBe('AccessDeniedException');
      }
      // An explicit deny in the resource policy refuses before the authorizer is called.
      expect(authorizerCalls()).toBe(invoked ? 1 : 0);
    });

    it('gives the authorizer policy conditions the request facts', async () => {
      expect((await call('/lamneither/prod/r', { Authorization: 'conditional', 'User-Agent': 'partner/1.0' })).status).toBe(200);
      expect(await call('/lamneither/prod/r', { Authorization: 'conditional', 'User-Agent': 'curl/8' })).toMatchObject({ status: 403, body: BODIES.authorizerImplicit });
    });
  });

  describe('IAM authentication and resource policy (Table A: the caller is in the API account; keys have no user policies)', () => {
    async function signed(path: string) {
      const url = new URL(`${base}/_aws/execute-api${path}`);
      const r = await request(url, { headers: await sigV4Headers(url, KEY) });
      return { status: r.statusCode, body: await r.body.text() };
    }

    it.each([
      ['Allow', 200, undefined],
      ['Neither', 200, undefined],
      ['Deny', 403, BODIES.rpExplicit('iamdeny', `arn:aws:iam::${ACCOUNT}:user/${KEY.accessKeyId}`)],
    ] as const)('user Allow, resource policy %s → %s', async (side, status, expected) => {
      const res = await signed(`/iam${side.toLowerCase()}/prod/r`);
      expect(res.status).toBe(status);
      if (expected !== undefined) expect(res.body).toBe(expected);
    });
  });

  describe('conditions on request facts', () => {
    const load = (apiId: string, ...statements: object[]) => registry.load(api(apiId, { authorizationType: 'NONE' }, policyDoc(...statements)));
    const all = `${ARN}*/*`;

    it('allows only a user agent named by StringEquals on aws:UserAgent', async () => {
      load('ua', statement('Allow', all, { Condition: { StringEquals: { 'aws:UserAgent': 'partner-app/2.0' } } }));
      expect((await call('/ua/prod/r', { 'User-Agent': 'partner-app/2.0' })).status).toBe(200);
      expect((await call('/ua/prod/r', { 'User-Agent': 'partner-app/2.1' })).status).toBe(403);
      expect((await call('/ua/prod/r')).status).toBe(403);
    });

    it("denies requests not over TLS (Bool aws:SecureTransport); a client's own X-Forwarded-Proto does not count", async () => {
      // A trusted proxy's X-Forwarded-Proto does: gateway.handler.trusted-proxies.spec.ts.
      load('tls', statement('Allow', all), statement('Deny', all, { Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
      expect(await call('/tls/prod/r')).toMatchObject({ status: 403, body: expect.stringContaining('with an explicit deny') });
      expect((await call('/tls/prod/r', { 'X-Forwarded-Proto': 'https' })).status).toBe(403);
    });

    it('checks Referer with StringLike and refuses when it is absent', async () => {
      load('ref', statement('Allow', all, { Condition: { StringLike: { 'aws:Referer': 'https://*.example.com/*' } } }));
      expect((await call('/ref/prod/r', { Referer: 'https://app.example.com/page' })).status).toBe(200);
      expect((await call('/ref/prod/r', { Referer: 'https://evil.example/' })).status).toBe(403);
      expect((await call('/ref/prod/r')).status).toBe(403);
    });

    it('opens and closes on aws:CurrentTime', async () => {
      load('time', statement('Allow', all, { Condition: { DateGreaterThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' }, DateLessThan: { 'aws:EpochTime': '4102444800' } } }));
      expect((await call('/time/prod/r')).status).toBe(200);
      load('expired', statement('Allow', all, { Condition: { DateLessThan: { 'aws:CurrentTime': '2020-01-01T00:00:00Z' } } }));
      expect((await call('/expired/prod/r')).status).toBe(403);
    });

    it("treats aws:SourceVpce as absent: the guide's private-API deny refuses everyone here", async () => {
      load('vpce', statement('Allow', all), statement('Deny', all, { Condition: { StringNotEquals: { 'aws:SourceVpce': 'vpce-1a2b3c4d' } } }));
      expect(await call('/vpce/prod/r')).toMatchObject({ status: 403, body: BODIES.rpExplicit('vpce') });
    });

    it('fails a Deny with an unknown operator closed, and never grants through an Allow with one', async () => {
      load('unknownd', statement('Allow', all), statement('Deny', all, { Condition: { StringContains: { 'aws:UserAgent': 'bot' } } }));
      expect((await call('/unknownd/prod/r', { 'User-Agent': 'browser' })).status).toBe(403);
      load('unknowna', statement('Allow', all, { Condition: { StringContains: { 'aws:UserAgent': 'browser' } } }));
      expect((await call('/unknowna/prod/r', { 'User-Agent': 'browser' })).status).toBe(403);
    });
  });
});
