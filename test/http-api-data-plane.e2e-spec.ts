import {
  ApiGatewayV2Client,
  CreateApiCommand,
  CreateIntegrationCommand,
  CreateRouteCommand,
  CreateStageCommand,
} from '@aws-sdk/client-apigatewayv2';
import { LambdaClient } from '@aws-sdk/client-lambda';
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda';
import {
  createNodeFunction,
  ECHO_HANDLER,
  eventually,
  rawRequest,
  REPLY_HANDLER,
  startControlPlane,
  startGateway,
  StartedControlPlane,
  StartedGateway,
  type RawResponse,
} from '@app/testing';
import { loadConfig } from '@app/config';

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** `12/Mar/2020:19:03:58 +0000`, written independently of the gateway's formatter. */
function clfTime(epochMs: number): string {
  const iso = new Date(epochMs).toISOString(); // 2020-03-12T19:03:58.390Z
  return `${iso.slice(8, 10)}/${MONTHS[Number(iso.slice(5, 7)) - 1]}/${iso.slice(0, 4)}:${iso.slice(11, 19)} +0000`;
}

/**
 * Lambda proxy integrations of an HTTP API, end to end: management only through @aws-sdk/client-apigatewayv2 and
 * the Lambda API, then real requests to a gateway node, asserting every key of the event each function received
 * (payload 2.0 and 1.0, doc_source/http-api-develop-integrations-lambda.md) and exactly what the client got back.
 */
describe('HTTP API data plane: Lambda proxy integrations', () => {
  let cp: StartedControlPlane;
  let gw: StartedGateway;
  let lambda: LambdaClient;
  let apis: ApiGatewayV2Client;
  let apiId: string;
  let port: string;
  const base = () => `${gw.endpoint}/_aws/execute-api/${apiId}`;

  beforeAll(async () => {
    cp = await startControlPlane();
    gw = await startGateway(cp.runtime);
    port = new URL(gw.endpoint).port;
    lambda = new LambdaClient(cp.clientConfig);
    apis = new ApiGatewayV2Client(cp.clientConfig);
    const echo = await createNodeFunction(lambda, 'echo', ECHO_HANDLER);
    const reply = await createNodeFunction(lambda, 'reply', REPLY_HANDLER);
    const throws = await createNodeFunction(lambda, 'throws', `exports.handler = async () => { throw new Error('kaboom'); };`);
    const sleeps = await createNodeFunction(lambda, 'sleeps', `exports.handler = async () => { await new Promise((r) => setTimeout(r, 1500)); return 'late'; };`);

    apiId = (await apis.send(new CreateApiCommand({ Name: 'lambda-events', ProtocolType: 'HTTP' }))).ApiId!;
    const integration = async (uri: string, version: '1.0' | '2.0', timeout?: number) =>
      (
        await apis.send(
          new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'AWS_PROXY', IntegrationUri: uri, PayloadFormatVersion: version, TimeoutInMillis: timeout }),
        )
      ).IntegrationId!;
    const echo2 = await integration(echo, '2.0');
    const echo1 = await integration(echo, '1.0');
    const reply2 = await integration(reply, '2.0');
    const reply1 = await integration(reply, '1.0');
    const throws2 = await integration(throws, '2.0');
    const sleeps2 = await integration(sleeps, '2.0', 300);
    const routes: Array<[string, string]> = [
      ['GET /items/{id}', echo2],
      ['ANY /files/{proxy+}', echo2],
      ['POST /echo', echo2],
      ['GET /v1/items/{id}', echo1],
      ['POST /reply', reply2],
      ['POST /reply1', reply1],
      ['GET /throws', throws2],
      ['GET /sleeps', sleeps2],
    ];
    for (const [RouteKey, id] of routes) await apis.send(new CreateRouteCommand({ ApiId: apiId, RouteKey, Target: `integrations/${id}` }));
    await apis.send(new CreateStageCommand({ ApiId: apiId, StageName: '$default', AutoDeploy: true, StageVariables: { env: 'default' } }));
    await apis.send(new CreateStageCommand({ ApiId: apiId, StageName: 'prod', AutoDeploy: true, StageVariables: { env: 'prod', tier: 'gold' } }));
    await eventually(
      () => Promise.all([fetch(`${base()}/items/1`), fetch(`${base()}/prod/items/1`)]).then((r) => r.map((x) => x.status)),
      (s) => s.every((x) => x === 200),
    );
  });

  afterAll(async () => {
    lambda.destroy();
    apis.destroy();
    await gw.close();
    await cp.close();
  });

  function eventOf(res: RawResponse): Record<string, unknown> {
    expect(res.status).toBe(200);
    return JSON.parse(res.text);
  }

  /** The requestContext values the gateway makes up (id, time), checked for form and consistency, then returned. */
  function generated(res: RawResponse, before: number, requestContext: { requestId?: string; time?: string; timeEpoch?: number }) {
    const requestId = res.headers['apigw-requestid'] as string;
    expect(requestId).toMatch(/^[A-Za-z0-9_-]{15}=$/);
    expect(requestContext.timeEpoch).toBeGreaterThanOrEqual(before);
    expect(requestContext.timeEpoch).toBeLessThanOrEqual(Date.now());
    return { requestId, timeEpoch: requestContext.timeEpoch!, time: clfTime(requestContext.timeEpoch!) };
  }

  describe('payload 2.0 event', () => {
    it('on a named stage: duplicate headers and query keys comma-joined, cookies split out, path parameters, stage variables, no body', async () => {
      const before = Date.now();
      const res = await rawRequest(`${base()}/prod/items/42?a=x&b=1&a=y%20z`, {
        headers: ['X-Dup', 'one', 'x-dup', 'two', 'Cookie', 'c1=v1; c2=v2', 'User-Agent', 'e2e-agent', 'Accept', '*/*'],
      });
      const event = eventOf(res) as unknown as APIGatewayProxyEventV2;
      const g = generated(res, before, event.requestContext);
      expect(event).toStrictEqual({
        version: '2.0',
        routeKey: 'GET /items/{id}',
        rawPath: '/prod/items/42',
        rawQueryString: 'a=x&b=1&a=y%20z',
        cookies: ['c1=v1', 'c2=v2'],
        headers: {
          'x-dup': 'one,two',
          'user-agent': 'e2e-agent',
          accept: '*/*',
          host: `127.0.0.1:${port}`,
          connection: 'close',
          'x-forwarded-for': '127.0.0.1',
          'x-forwarded-port': port,
          'x-forwarded-proto': 'http',
        },
        queryStringParameters: { a: 'x,y z', b: '1' },
        requestContext: {
          accountId: '123456789012',
          apiId,
          domainName: '127.0.0.1',
          domainPrefix: '127',
          http: { method: 'GET', path: '/prod/items/42', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'e2e-agent' },
          requestId: g.requestId,
          routeKey: 'GET /items/{id}',
          stage: 'prod',
          time: g.time,
          timeEpoch: g.timeEpoch,
        },
        pathParameters: { id: '42' },
        isBase64Encoded: false,
        stageVariables: { env: 'prod', tier: 'gold' },
      });
    });

    it('on $default addressed by Host: {apiId}.execute-api.localhost, with a greedy {proxy+} and a JSON body', async () => {
      const before = Date.now();
      const host = `${apiId}.execute-api.localhost`;
      const res = await rawRequest(`${gw.endpoint}/files/docs/2024/report.json`, {
        method: 'PUT',
        headers: ['Host', host, 'Content-Type', 'application/json'],
        body: '{"a":[1,"two"]}',
      });
      const event = eventOf(res) as unknown as APIGatewayProxyEventV2;
      const g = generated(res, before, event.requestContext);
      expect(event).toStrictEqual({
        version: '2.0',
        routeKey: 'ANY /files/{proxy+}',
        rawPath: '/files/docs/2024/report.json',
        rawQueryString: '',
        headers: {
          host,
          'content-type': 'application/json',
          'content-length': '15',
          connection: 'close',
          'x-forwarded-for': '127.0.0.1',
          'x-forwarded-port': port,
          'x-forwarded-proto': 'http',
        },
        requestContext: {
          accountId: '123456789012',
          apiId,
          domainName: host,
          domainPrefix: apiId,
          http: { method: 'PUT', path: '/files/docs/2024/report.json', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: '' },
          requestId: g.requestId,
          routeKey: 'ANY /files/{proxy+}',
          stage: '$default',
          time: g.time,
          timeEpoch: g.timeEpoch,
        },
        body: '{"a":[1,"two"]}',
        pathParameters: { proxy: 'docs/2024/report.json' },
        isBase64Encoded: false,
        stageVariables: { env: 'default' },
      });
    });

    it('base64-encodes a binary body and sets isBase64Encoded', async () => {
      const res = await rawRequest(`${base()}/echo`, {
        method: 'POST',
        headers: ['Content-Type', 'application/octet-stream'],
        body: Buffer.from([0, 1, 2, 255]),
      });
      const event = eventOf(res) as unknown as APIGatewayProxyEventV2;
      expect(event.body).toBe('AAEC/w==');
      expect(event.isBase64Encoded).toBe(true);
      expect(event.routeKey).toBe('POST /echo');
      expect(event.headers['content-length']).toBe('4');
      expect(event).not.toHaveProperty('pathParameters');
      expect(event).not.toHaveProperty('queryStringParameters');
      expect(event).not.toHaveProperty('cookies');
    });

    it('answers with what fetch sees: 200, the function body, apigw-requestid', async () => {
      const res = await fetch(`${base()}/items/9`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(res.headers.get('apigw-requestid')).toMatch(/^[A-Za-z0-9_-]{15}=$/);
      expect(((await res.json()) as APIGatewayProxyEventV2).pathParameters).toEqual({ id: '9' });
    });
  });

  describe('payload 2.0 response', () => {
    const reply = (result: unknown) =>
      rawRequest(`${base()}/reply`, { method: 'POST', headers: ['Content-Type', 'application/json'], body: JSON.stringify(result) });
    const headerLines = (res: RawResponse) => {
      const out: Array<[string, string]> = [];
      for (let i = 0; i < res.rawHeaders.length; i += 2) {
        const name = res.rawHeaders[i].toLowerCase();
        if (!['date', 'connection', 'keep-alive', 'apigw-requestid', 'content-length'].includes(name)) out.push([name, res.rawHeaders[i + 1]]);
      }
      return out;
    };

    it('sends explicit statusCode, headers, and each of cookies as a set-cookie header', async () => {
      const res = await reply({ statusCode: 201, headers: { 'content-type': 'text/plain', 'x-a': '1' }, cookies: ['s=1; Path=/', 't=2'], body: 'made' });
      expect(res.status).toBe(201);
      expect(res.text).toBe('made');
      expect(headerLines(res)).toEqual([
        ['content-type', 'text/plain'],
        ['x-a', '1'],
        ['set-cookie', 's=1; Path=/'],
        ['set-cookie', 't=2'],
      ]);
    });

    it('decodes an isBase64Encoded body', async () => {
      const res = await reply({ statusCode: 200, isBase64Encoded: true, headers: { 'content-type': 'image/png' }, body: 'AAEC/w==' });
      expect(res.status).toBe(200);
      expect([...res.body]).toEqual([0, 1, 2, 255]);
      expect(res.headers['content-type']).toBe('image/png');
    });

    it.each([
      ['a bare string', 'Hello from Lambda!', 'Hello from Lambda!'],
      ['a number', 42, '42'],
      ['an object without statusCode', { message: 'Hello from Lambda!' }, '{"message":"Hello from Lambda!"}'],
      ['null', null, 'null'],
    ])('infers 200 application/json from %s', async (_, result, body) => {
      const res = await reply(result);
      expect(res.status).toBe(200);
      expect(res.text).toBe(body);
      expect(headerLines(res)).toEqual([['content-type', 'application/json']]);
    });

    it.each([
      ['a statusCode that is not a status', { statusCode: 'teapot' }],
      ['a statusCode out of range', { statusCode: 1000 }],
      ['a body that is not a string', { statusCode: 200, body: { a: 1 } }],
      ['headers that are not an object', { statusCode: 200, headers: 'x' }],
      ['a header with an object value', { statusCode: 200, headers: { 'x-a': { b: 1 } } }],
      ['cookies that are not an array', { statusCode: 200, cookies: 's=1' }],
      ['isBase64Encoded that is not a boolean', { statusCode: 200, isBase64Encoded: 'yes', body: 'AA==' }],
    ])('answers %s with 500 Internal Server Error', async (_, result) => {
      const res = await reply(result);
      expect(res.status).toBe(500);
      expect(res.text).toBe('{"message":"Internal Server Error"}');
      expect(res.headers['content-type']).toBe('application/json');
    });

    it('answers a function error with 500 Internal Server Error', async () => {
      const res = await rawRequest(`${base()}/throws`);
      expect(res.status).toBe(500);
      expect(res.text).toBe('{"message":"Internal Server Error"}');
    });

    it('answers an integration timeout shorter than the function with 503 Service Unavailable', async () => {
      const res = await rawRequest(`${base()}/sleeps`);
      expect(res.status).toBe(503);
      expect(res.text).toBe('{"message":"Service Unavailable"}');
    });
  });

  describe('payload 1.0 on an HTTP API', () => {
    it('sends headers, multiValueHeaders, both query maps and the HTTP API requestContext', async () => {
      const before = Date.now();
      const res = await rawRequest(`${base()}/v1/items/7?a=x&b=1&a=y`, {
        headers: ['X-Dup', 'one', 'x-dup', 'two', 'User-Agent', 'e2e-agent'],
      });
      const event = eventOf(res) as unknown as APIGatewayProxyEvent & { version: string };
      const rc = event.requestContext;
      const requestId = res.headers['apigw-requestid'] as string;
      expect(rc.requestTimeEpoch).toBeGreaterThanOrEqual(before);
      const host = `127.0.0.1:${port}`;
      expect(event).toStrictEqual({
        version: '1.0',
        resource: '/v1/items/{id}',
        path: '/v1/items/7',
        httpMethod: 'GET',
        headers: {
          'X-Dup': 'two',
          'User-Agent': 'e2e-agent',
          Host: host,
          Connection: 'close',
          'X-Forwarded-For': '127.0.0.1',
          'X-Forwarded-Port': port,
          'X-Forwarded-Proto': 'http',
        },
        multiValueHeaders: {
          'X-Dup': ['one', 'two'],
          'User-Agent': ['e2e-agent'],
          Host: [host],
          Connection: ['close'],
          'X-Forwarded-For': ['127.0.0.1'],
          'X-Forwarded-Port': [port],
          'X-Forwarded-Proto': ['http'],
        },
        queryStringParameters: { a: 'y', b: '1' },
        multiValueQueryStringParameters: { a: ['x', 'y'], b: ['1'] },
        requestContext: {
          accountId: '123456789012',
          apiId,
          authorizer: { claims: null, scopes: null },
          domainName: '127.0.0.1',
          domainPrefix: '127',
          extendedRequestId: requestId,
          httpMethod: 'GET',
          identity: {
            accessKey: null,
            accountId: null,
            caller: null,
            cognitoAuthenticationProvider: null,
            cognitoAuthenticationType: null,
            cognitoIdentityId: null,
            cognitoIdentityPoolId: null,
            principalOrgId: null,
            sourceIp: '127.0.0.1',
            user: null,
            userAgent: 'e2e-agent',
            userArn: null,
            clientCert: null,
          },
          path: '/v1/items/7',
          protocol: 'HTTP/1.1',
          requestId,
          requestTime: clfTime(rc.requestTimeEpoch),
          requestTimeEpoch: rc.requestTimeEpoch,
          resourceId: null,
          resourcePath: '/v1/items/{id}',
          stage: '$default',
        },
        pathParameters: { id: '7' },
        stageVariables: { env: 'default' },
        body: null,
        isBase64Encoded: false,
      });
    });

    it('includes the stage in path and requestContext.path on a named stage', async () => {
      const event = eventOf(await rawRequest(`${base()}/prod/v1/items/8`)) as unknown as APIGatewayProxyEvent;
      expect(event.path).toBe('/prod/v1/items/8');
      expect(event.requestContext.path).toBe('/prod/v1/items/8');
      expect(event.requestContext.stage).toBe('prod');
      expect(event.stageVariables).toEqual({ env: 'prod', tier: 'gold' });
      expect(event.queryStringParameters).toBeNull();
      expect(event.multiValueQueryStringParameters).toBeNull();
    });

    it('sends statusCode, headers and multiValueHeaders of the response (multi-value wins for a name in both)', async () => {
      const res = await rawRequest(`${base()}/reply1`, {
        method: 'POST',
        headers: ['Content-Type', 'application/json'],
        body: JSON.stringify({
          statusCode: 201,
          headers: { 'x-single': 's', 'x-both': 'single' },
          multiValueHeaders: { 'x-multi': ['m1', 'm2'], 'x-both': ['multi1', 'multi2'] },
          body: 'made',
        }),
      });
      expect(res.status).toBe(201);
      expect(res.text).toBe('made');
      const lines: string[] = [];
      for (let i = 0; i < res.rawHeaders.length; i += 2) if (res.rawHeaders[i].startsWith('x-')) lines.push(`${res.rawHeaders[i]}: ${res.rawHeaders[i + 1]}`);
      expect(lines.sort()).toEqual(['x-both: multi1', 'x-both: multi2', 'x-multi: m1', 'x-multi: m2', 'x-single: s']);
    });

    it('answers a 1.0 response without statusCode with 500 (1.0 infers nothing)', async () => {
      const res = await rawRequest(`${base()}/reply1`, { method: 'POST', headers: ['Content-Type', 'application/json'], body: '"just text"' });
      expect(res.status).toBe(500);
      expect(res.text).toBe('{"message":"Internal Server Error"}');
    });
  });

  describe('behind a load balancer (TRUSTED_PROXIES)', () => {
    const proxied = ['X-Forwarded-For', '198.51.100.1, 203.0.113.9', 'X-Forwarded-Proto', 'https', 'X-Forwarded-Port', '443'];

    it('a node trusting loopback reports the forwarded client, scheme and port; a node trusting nobody reports the peer', async () => {
      const trusting = await startGateway({ ...cp.runtime, config: { ...cp.runtime.config, trustedProxies: loadConfig({ GATEWAY_MODE: 'local', TRUSTED_PROXIES: 'loopback' }).trustedProxies } });
      try {
        const url = `${trusting.endpoint}/_aws/execute-api/${apiId}/prod/items/7`;
        const res = await eventually(() => rawRequest(url, { headers: proxied }), (r) => r.status === 200);
        const behind = eventOf(res) as unknown as APIGatewayProxyEventV2;
        expect(behind.requestContext.http.sourceIp).toBe('203.0.113.9');
        expect(behind.headers).toMatchObject({ 'x-forwarded-for': '198.51.100.1, 203.0.113.9, 127.0.0.1', 'x-forwarded-proto': 'https', 'x-forwarded-port': '443' });

        const direct = eventOf(await rawRequest(`${base()}/prod/items/7`, { headers: proxied })) as unknown as APIGatewayProxyEventV2;
        expect(direct.requestContext.http.sourceIp).toBe('127.0.0.1');
        expect(direct.headers).toMatchObject({ 'x-forwarded-for': '198.51.100.1, 203.0.113.9, 127.0.0.1', 'x-forwarded-proto': 'http', 'x-forwarded-port': port });
      } finally {
        await trusting.close();
      }
    });
  });
});
