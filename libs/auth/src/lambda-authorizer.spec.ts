import { eventOfPayload } from '@app/testing/lambda-payload';
import { readFileSync } from 'node:fs';
import type { LambdaInvokeRequest, LambdaInvokeResult, LambdaInvoker } from '@app/contracts';
import type { AuthorizerRequest } from './identity-source';
import { InMemoryAuthorizerCache } from './in-memory.authorizer-cache';
import { httpLambdaAuthorizerConfig, LambdaAuthorizer, restLambdaAuthorizerConfig } from './lambda-authorizer';

const FIXTURES = '/work/shared/fixtures/aws-events';
const fixture = (name: string) => JSON.parse(readFileSync(`${FIXTURES}/${name}`, 'utf8'));
const URI = 'arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:auth/invocations';
const ARN = 'arn:aws:execute-api:us-east-1:123456789012:s4x3opwd6i/test/GET/request';

type Handler = (event: any) => unknown;

/** Runs a handler in process, answering as the LambdaInvoker port does (errors become function-error results). */
class HandlerInvoker implements LambdaInvoker {
  readonly events: any[] = [];
  constructor(public handler: Handler) {}
  async invoke(request: LambdaInvokeRequest): Promise<LambdaInvokeResult> {
    const event = eventOfPayload(request.payload);
    this.events.push({ functionName: request.functionName, event });
    try {
      const value = await this.handler(event);
      return { kind: 'success', statusCode: 200, payload: JSON.stringify(value ?? null), executedVersion: '$LATEST' };
    } catch (err) {
      return { kind: 'function-error', statusCode: 200, functionError: 'Unhandled', executedVersion: '$LATEST', payload: JSON.stringify({ errorMessage: (err as Error).message, errorType: 'Error' }) };
    }
  }
}

const allow = (resource = ARN, extra: object = {}) => ({
  principalId: 'user-1',
  policyDocument: { Version: '2012-10-17', Statement: [{ Action: 'execute-api:Invoke', Effect: 'Allow', Resource: resource }] },
  ...extra,
});
const deny = () => ({ principalId: 'u', policyDocument: { Statement: { Action: 'execute-api:Invoke', Effect: 'Deny', Resource: ARN } } });

function request(overrides: Partial<AuthorizerRequest> = {}): AuthorizerRequest {
  return {
    httpMethod: 'GET',
    path: '/request',
    resource: '/request',
    headers: { Authorization: 'allow', HeaderAuth1: 'headerValue1' },
    multiValueHeaders: { Authorization: ['allow'], HeaderAuth1: ['headerValue1'] },
    queryStringParameters: { QueryString1: 'queryValue1' },
    multiValueQueryStringParameters: { QueryString1: ['queryValue1'] },
    pathParameters: {},
    stageVariables: { StageVar1: 'stageValue1' },
    requestContext: { path: '/request', stage: 'test', apiId: 's4x3opwd6i', httpMethod: 'GET', resourcePath: '/request' },
    methodArn: ARN,
    ...overrides,
  };
}

function rest(handler: Handler, doc: Record<string, unknown> = {}) {
  const invoker = new HandlerInvoker(handler);
  const config = restLambdaAuthorizerConfig({ id: 'au1', name: 'a', type: 'TOKEN', authorizerUri: URI, ...doc } as never, 's4x3opwd6i/test/au1');
  return { sut: new LambdaAuthorizer(config, { invoker, cache: new InMemoryAuthorizerCache(), timeoutMs: 200 }), invoker };
}

const EXPLICIT = { ok: false, responseType: 'ACCESS_DENIED', statusCode: 403, message: 'User is not authorized to access this resource with an explicit deny' };
const IMPLICIT = { ok: false, responseType: 'ACCESS_DENIED', statusCode: 403, message: 'User is not authorized to access this resource' };

describe(LambdaAuthorizer.name, () => {
  describe('REST TOKEN', () => {
    it('sends the TOKEN event and grants on Allow with principalId, context and usageIdentifierKey', async () => {
      const { sut, invoker } = rest(() => allow(ARN, { context: { s: 'v', n: 1, b: true }, usageIdentifierKey: 'key-value' }));
      await expect(sut.authorize(request())).resolves.toEqual({ ok: true, principalId: 'user-1', context: { s: 'v', n: 1, b: true }, usageIdentifierKey: 'key-value', cached: false });
      expect(invoker.events).toEqual([{ functionName: 'arn:aws:lambda:us-east-1:123456789012:function:auth', event: { type: 'TOKEN', authorizationToken: 'allow', methodArn: ARN } }]);
      expect(Object.keys(invoker.events[0].event).sort()).toEqual(Object.keys(fixture('apigw-custom-auth-request.json')).sort());
    });

    it('answers 403 with the explicit-deny message on Deny', async () => {
      await expect(rest(deny).sut.authorize(request())).resolves.toMatchObject(EXPLICIT);
    });

    it('answers 403 with the implicit-deny message when no statement allows this method', async () => {
      await expect(rest(() => allow('arn:aws:execute-api:us-east-1:123456789012:s4x3opwd6i/test/POST/*')).sut.authorize(request())).resolves.toMatchObject(IMPLICIT);
    });

    it('carries what it would grant on an implicit deny, for a resource policy that allows explicitly', async () => {
      const outcome = await rest(() => allow('arn:aws:execute-api:us-east-1:123456789012:s4x3opwd6i/test/POST/*', { context: { k: 'v' } })).sut.authorize(request());
      expect(outcome).toMatchObject({ ...IMPLICIT, silentGrant: { ok: true, principalId: 'user-1', context: { k: 'v' }, cached: false } });
      expect(await rest(deny).sut.authorize(request())).not.toHaveProperty('silentGrant');
    });

    it("evaluates its policy's conditions with the facts the request gives, computing only those named", async () => {
      const conditional = () => ({
        principalId: 'u',
        policyDocument: {
          Version: '2012-10-17',
          Statement: [
            { Action: 'execute-api:Invoke', Effect: 'Allow', Resource: ARN, Condition: { StringLike: { 'aws:UserAgent': 'partner/*' } } },
            { Action: 'execute-api:Invoke', Effect: 'Deny', Resource: ARN, Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
          ],
        },
      });
      const asked: string[][] = [];
      const facts = (userAgent: string, secureTransport: boolean) => (needed: ReadonlySet<string>) => {
        asked.push([...needed].sort());
        return { userAgent, secureTransport };
      };
      const { sut } = rest(conditional);
      await expect(sut.authorize(request({ policyFacts: facts('partner/1', true) }))).resolves.toMatchObject({ ok: true, principalId: 'u' });
      await expect(sut.authorize(request({ policyFacts: facts('curl/8', true) }))).resolves.toMatchObject(IMPLICIT);
      await expect(sut.authorize(request({ policyFacts: facts('partner/1', false) }))).resolves.toMatchObject(EXPLICIT);
      expect(asked[0]).toEqual(['secureTransport', 'userAgent']);
      // Without request facts the conditions cannot be evaluated: the Allow does not grant, the Deny applies.
      await expect(rest(conditional).sut.authorize(request())).resolves.toMatchObject(EXPLICIT);
    });

    it('answers 401 without invoking when the token header is missing or empty', async () => {
      const { sut, invoker } = rest(() => allow());
      await expect(sut.authorize(request({ headers: {} }))).resolves.toMatchObject({ ok: false, statusCode: 401, message: 'Unauthorized', responseType: 'UNAUTHORIZED' });
      await expect(sut.authorize(request({ headers: { authorization: '' } }))).resolves.toMatchObject({ statusCode: 401 });
      expect(invoker.events).toHaveLength(0);
    });

    it('finds the header case-insensitively', async () => {
      await expect(rest(() => allow()).sut.authorize(request({ headers: { AUTHORIZATION: 'x' } }))).resolves.toMatchObject({ ok: true });
    });

    it('answers 401 without invoking when the token does not match identityValidationExpression as a whole', async () => {
      const { sut, invoker } = rest(() => allow(), { identityValidationExpression: 'Bearer [a-z]+' });
      await expect(sut.authorize(request({ headers: { Authorization: 'Bearer abc1' } }))).resolves.toMatchObject({ statusCode: 401 });
      await expect(sut.authorize(request({ headers: { Authorization: 'xBearer abc' } }))).resolves.toMatchObject({ statusCode: 401 });
      expect(invoker.events).toHaveLength(0);
      await expect(sut.authorize(request({ headers: { Authorization: 'Bearer abc' } }))).resolves.toMatchObject({ ok: true });
    });

    it('answers 401 when the authorizer throws Unauthorized', async () => {
      const { sut } = rest(() => {
        throw new Error('Unauthorized');
      });
      await expect(sut.authorize(request())).resolves.toMatchObject({ ok: false, statusCode: 401, message: 'Unauthorized' });
    });

    it.each([
      ['throws another error', () => { throw new Error('boom'); }, 'authorizer function failed: boom'],
      ['returns null', () => null, 'authorizer response must be a JSON object'],
      ['omits principalId', () => ({ policyDocument: allow().policyDocument }), 'principalId must be a string'],
      ['omits policyDocument', () => ({ principalId: 'u' }), 'policyDocument must be an object'],
      ['returns a bad Effect', () => ({ principalId: 'u', policyDocument: { Statement: [{ Effect: 'allow', Action: '*', Resource: '*' }] } }), 'policyDocument.Statement[0].Effect must be "Allow" or "Deny"'],
      ['puts an object in context', () => allow(ARN, { context: { o: { a: 1 } } }), 'context.o must be a string, number or boolean'],
      ['puts an array in context', () => allow(ARN, { context: { a: [1] } }), 'context.a must be a string, number or boolean'],
      ['returns a non-string usageIdentifierKey', () => allow(ARN, { usageIdentifierKey: 5 }), 'usageIdentifierKey must be a string'],
      ['returns more than 8 KB', () => allow(ARN, { context: { big: 'x'.repeat(8200) } }), 'authorizer response is larger than 8192 bytes'],
      ['takes longer than the timeout', () => new Promise((r) => setTimeout(() => r(allow()), 400)), 'authorizer did not answer within 200 ms'],
    ])('answers 500 AUTHORIZER_CONFIGURATION_ERROR when the authorizer %s', async (_what, handler, error) => {
      await expect(rest(handler as Handler).sut.authorize(request())).resolves.toEqual({
        ok: false,
        responseType: 'AUTHORIZER_CONFIGURATION_ERROR',
        statusCode: 500,
        message: null,
        error,
      });
    });

    it('answers 500 when the function cannot be invoked', async () => {
      const config = restLambdaAuthorizerConfig({ id: 'a', name: 'a', type: 'TOKEN', authorizerUri: URI }, 'scope');
      const invoker: LambdaInvoker = { invoke: async () => ({ kind: 'service-error', statusCode: 404, errorType: 'ResourceNotFoundException', message: 'Function not found' }) };
      await expect(new LambdaAuthorizer(config, { invoker, cache: new InMemoryAuthorizerCache() }).authorize(request())).resolves.toMatchObject({
        statusCode: 500,
        error: 'ResourceNotFoundException: Function not found',
      });
    });

    it('caches by token and re-evaluates the cached policy against another method ARN', async () => {
      const { sut, invoker } = rest(() => allow('arn:aws:execute-api:us-east-1:123456789012:s4x3opwd6i/test/GET/*'));
      await expect(sut.authorize(request())).resolves.toMatchObject({ ok: true, cached: false });
      await expect(sut.authorize(request({ methodArn: ARN.replace('/request', '/other') }))).resolves.toMatchObject({ ok: true, cached: true });
      await expect(sut.authorize(request({ methodArn: ARN.replace('GET', 'DELETE') }))).resolves.toMatchObject(IMPLICIT);
      expect(invoker.events).toHaveLength(1);
      await sut.authorize(request({ headers: { Authorization: 'another-token' } }));
      expect(invoker.events).toHaveLength(2);
    });

    it('does not cache with a TTL of 0, nor an Unauthorized answer', async () => {
      const noCache = rest(() => allow(), { authorizerResultTtlInSeconds: 0 });
      await noCache.sut.authorize(request());
      await noCache.sut.authorize(request());
      expect(noCache.invoker.events).toHaveLength(2);
      const unauthorized = rest(() => {
        throw new Error('Unauthorized');
      });
      await unauthorized.sut.authorize(request());
      await unauthorized.sut.authorize(request());
      expect(unauthorized.invoker.events).toHaveLength(2);
    });

    it.each([
      [{ authorizerResultTtlInSeconds: 3601 }, 'authorizerResultTtlInSeconds must be an integer from 0 to 3600, got 3601'],
      [{ authorizerResultTtlInSeconds: -1 }, 'authorizerResultTtlInSeconds must be an integer from 0 to 3600, got -1'],
      [{ authorizerUri: 'http://example.com' }, "authorizerUri 'http://example.com' is not a Lambda invocation URI"],
      [{ identitySource: 'method.request.header.A, method.request.header.B' }, 'a TOKEN authorizer needs exactly one identitySource header'],
      [{ identitySource: 'method.request.body.x' }, "unsupported identity source 'method.request.body.x'"],
      [{ type: 'COGNITO_USER_POOLS' }, 'authorizer type COGNITO_USER_POOLS is not a Lambda authorizer'],
    ])('refuses the configuration %j at compile time', (doc, message) => {
      expect(() => rest(() => null, doc)).toThrow(message);
    });
  });

  describe('REST REQUEST', () => {
    const sources = 'method.request.header.HeaderAuth1, method.request.querystring.QueryString1, stageVariables.StageVar1';

    it('sends the REQUEST event with the fields of the AWS sample', async () => {
      const { sut, invoker } = rest(() => allow(), { type: 'REQUEST', identitySource: sources });
      await expect(sut.authorize(request())).resolves.toMatchObject({ ok: true });
      const sample = fixture('apigw-custom-auth-request-type-request.json');
      expect(Object.keys(invoker.events[0].event).sort()).toEqual(Object.keys(sample).sort());
      expect(invoker.events[0].event).toMatchObject({ type: 'REQUEST', methodArn: ARN, resource: '/request', path: '/request', httpMethod: 'GET', queryStringParameters: sample.queryStringParameters, stageVariables: sample.stageVariables });
    });

    it('answers 401 without invoking when any identity source is missing', async () => {
      const { sut, invoker } = rest(() => allow(), { type: 'REQUEST', identitySource: sources });
      await expect(sut.authorize(request({ queryStringParameters: {} }))).resolves.toMatchObject({ statusCode: 401 });
      await expect(sut.authorize(request({ stageVariables: {} }))).resolves.toMatchObject({ statusCode: 401 });
      expect(invoker.events).toHaveLength(0);
    });

    it('caches by all identity sources together', async () => {
      const { sut, invoker } = rest(() => allow(), { type: 'REQUEST', identitySource: sources });
      await sut.authorize(request());
      await sut.authorize(request());
      await sut.authorize(request({ queryStringParameters: { QueryString1: 'other' } }));
      expect(invoker.events).toHaveLength(2);
    });

    it('reads header identity sources from identityHeaders (lower-cased) when the caller provides them', async () => {
      const { sut, invoker } = rest((e) => (e.authorizationToken === 'tok,two' ? allow() : deny()));
      const headers = { Authorization: 'ignored' };
      await expect(sut.authorize(request({ headers, identityHeaders: { authorization: ['tok', 'two'] } }))).resolves.toMatchObject({ ok: true });
      await expect(sut.authorize(request({ headers, identityHeaders: { authorization: '' } }))).resolves.toMatchObject({ statusCode: 401 });
      await expect(sut.authorize(request({ headers, identityHeaders: {} }))).resolves.toMatchObject({ statusCode: 401 });
      expect(invoker.events).toHaveLength(1);
    });

    it('never caches without identity sources', async () => {
      const { sut, invoker } = rest(() => allow(), { type: 'REQUEST' });
      await sut.authorize(request());
      await sut.authorize(request());
      expect(invoker.events).toHaveLength(2);
    });
  });

  describe('HTTP API', () => {
    function http(handler: Handler, doc: Record<string, unknown> = {}) {
      const invoker = new HandlerInvoker(handler);
      const config = httpLambdaAuthorizerConfig(
        { authorizerId: 'au1', name: 'a', authorizerType: 'REQUEST', authorizerUri: URI, identitySource: ['$request.header.Authorization', '$request.querystring.QueryString1'], ...doc } as never,
        'api/$default/au1',
      );
      return { sut: new LambdaAuthorizer(config, { invoker, cache: new InMemoryAuthorizerCache() }), invoker };
    }
    const httpRequest = () => request({ pathParameters: { id: '1' }, routeKey: 'GET /request', rawPath: '/request', rawQueryString: 'QueryString1=queryValue1', cookies: ['c=1'] });

    it('sends payload 2.0 with identitySource as an array, like the AWS sample', async () => {
      const { sut, invoker } = http(() => ({ isAuthorized: true, context: { a: [1, 2], m: { k: 'v' } } }), { authorizerPayloadFormatVersion: '2.0', enableSimpleResponses: true });
      await expect(sut.authorize(httpRequest())).resolves.toEqual({ ok: true, context: { a: [1, 2], m: { k: 'v' } }, cached: false });
      const event = invoker.events[0].event;
      expect(Object.keys(event).sort()).toEqual(Object.keys(fixture('apigw-v2-custom-authorizer-v2-request.json')).sort());
      expect(event).toMatchObject({ version: '2.0', type: 'REQUEST', routeArn: ARN, identitySource: ['allow', 'queryValue1'], routeKey: 'GET /request' });
    });

    it('answers 403 Forbidden for isAuthorized false and 500 when it is not a boolean', async () => {
      const opts = { authorizerPayloadFormatVersion: '2.0', enableSimpleResponses: true };
      await expect(http(() => ({ isAuthorized: false }), opts).sut.authorize(httpRequest())).resolves.toMatchObject({ ok: false, statusCode: 403, message: 'Forbidden' });
      await expect(http(() => ({ isAuthorized: 'yes' }), opts).sut.authorize(httpRequest())).resolves.toMatchObject({
        statusCode: 500,
        message: 'Internal Server Error',
        error: 'isAuthorized must be a boolean',
      });
    });

    it('sends payload 1.0 with comma-joined identitySource and authorizationToken, like the AWS sample', async () => {
      const { sut, invoker } = http(() => allow(), { authorizerPayloadFormatVersion: '1.0' });
      await expect(sut.authorize(httpRequest())).resolves.toMatchObject({ ok: true, principalId: 'user-1' });
      const event = invoker.events[0].event;
      expect(Object.keys(event).sort()).toEqual(Object.keys(fixture('apigw-v2-custom-authorizer-v1-request.json')).sort());
      expect(event).toMatchObject({ version: '1.0', identitySource: 'allow,queryValue1', authorizationToken: 'allow,queryValue1' });
    });

    it('answers a policy deny with 403 Forbidden', async () => {
      await expect(http(deny, { authorizerPayloadFormatVersion: '2.0' }).sut.authorize(httpRequest())).resolves.toMatchObject({ statusCode: 403, message: 'Forbidden' });
    });

    it('caches only when a TTL is set', async () => {
      const uncached = http(() => allow(), { authorizerPayloadFormatVersion: '2.0' });
      await uncached.sut.authorize(httpRequest());
      await uncached.sut.authorize(httpRequest());
      expect(uncached.invoker.events).toHaveLength(2);
      const cached = http(() => allow(), { authorizerPayloadFormatVersion: '2.0', authorizerResultTtlInSeconds: 60 });
      await cached.sut.authorize(httpRequest());
      await expect(cached.sut.authorize(httpRequest())).resolves.toMatchObject({ ok: true, cached: true });
      expect(cached.invoker.events).toHaveLength(1);
    });

    it('refuses simple responses with payload 1.0', () => {
      expect(() => http(() => null, { authorizerPayloadFormatVersion: '1.0', enableSimpleResponses: true })).toThrow('enableSimpleResponses requires authorizerPayloadFormatVersion 2.0');
    });
  });
});
