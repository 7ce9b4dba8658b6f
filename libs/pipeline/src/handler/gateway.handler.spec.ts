import { Readable } from 'node:stream';
import { createServer, request as httpRequest, type Server, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { request } from 'undici';
import { StageRegistry } from '../registry/stage.registry';
import { RecordingInvoker, httpStage, lambdaUri, restStage, success } from '../testing/active-stage.factory';
import { createGatewayHandler, type GatewayHandler, type GatewayHandlerOptions } from './gateway.handler';
import { createGatewayHttpServer } from './gateway-http.server';
import type { RequestContext } from '../context/request-context';

function listen(server: Server): Promise<string> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)));
}

function close(server: Server): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

// Every case on the server the gateway app runs (fast path, handing odd requests to node:http), and on plain
// node:http with the handler as its request listener.
describe.each([
  ['the gateway server', (handler: GatewayHandler): Server => createGatewayHttpServer(handler)],
  ['plain node:http', (handler: GatewayHandler): Server => createServer(handler)],
])(`${createGatewayHandler.name} on %s`, (_server, serve) => {
  let registry: StageRegistry;
  let invoker: RecordingInvoker;
  let gateway: Server;
  let base: string;
  let upstream: Server;
  let upstreamUrl: string;
  let seen: Seen[];
  let completed: RequestContext[];

  beforeAll(async () => {
    seen = [];
    upstream = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString() });
        if (req.url!.startsWith('/slow')) return void setTimeout(() => res.end('late'), 400);
        res.setHeader('x-upstream', 'yes');
        res.setHeader('set-cookie', ['a=1', 'b=2']);
        res.setHeader('access-control-allow-origin', 'https://evil.example');
        res.setHeader('content-type', 'application/json');
        res.statusCode = req.url!.startsWith('/status/500') ? 500 : 200;
        res.end(JSON.stringify({ ok: true, id: 42 }));
      });
    });
    upstreamUrl = await listen(upstream);
  });

  afterAll(async () => {
    await close(upstream);
  });

  beforeEach(async () => {
    seen.length = 0;
    completed = [];
    registry = new StageRegistry();
    invoker = new RecordingInvoker(success({ statusCode: 200, body: 'hi' }));
    const options: GatewayHandlerOptions = { registry, invoker, onRequestComplete: (ctx) => completed.push(ctx), maxPayloadBytes: 1024 };
    gateway = serve(createGatewayHandler(options));
    base = await listen(gateway);
  });

  afterEach(async () => {
    await registry.close();
    await close(gateway);
  });

  const call = (path: string, init: Parameters<typeof request>[1] = {}) => request(`${base}${path}`, init);
  const json = async (r: Awaited<ReturnType<typeof request>>) => JSON.parse(await r.body.text());

  describe('addressing and not found', () => {
    it('REST: unknown api, stage, resource and method answer 403 Missing Authentication Token', async () => {
      registry.load(restStage('restapi1', 'prod', [{ path: '/pets', method: 'GET', integration: { type: 'AWS_PROXY', uri: lambdaUri('f') } }]));
      for (const path of ['/_aws/execute-api/nope/prod/pets', '/_aws/execute-api/restapi1/dev/pets', '/_aws/execute-api/restapi1/prod/cats']) {
        const r = await call(path);
        expect(r.statusCode).toBe(403);
        expect(r.headers['x-amzn-errortype']).toBe('MissingAuthenticationTokenException');
        expect(await r.body.text()).toBe('{"message":"Missing Authentication Token"}');
      }
      const wrongMethod = await call('/_aws/execute-api/restapi1/prod/pets', { method: 'DELETE' });
      expect(wrongMethod.statusCode).toBe(403);
      expect(await wrongMethod.body.text()).toBe('{"message":"Missing Authentication Token"}');
      expect(wrongMethod.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
      expect(invoker.requests).toHaveLength(0);
    });

    it('HTTP API: unmatched route and unknown stage answer 404 Not Found', async () => {
      registry.load(httpStage('httpapi1', 'dev', [{ routeKey: 'GET /a', integration: { integrationType: 'AWS_PROXY', integrationUri: 'f' } }]));
      const noRoute = await call('/_aws/execute-api/httpapi1/dev/b');
      expect(noRoute.statusCode).toBe(404);
      expect(await noRoute.body.text()).toBe('{"message":"Not Found"}');
      expect(noRoute.headers['apigw-requestid']).toBeDefined();
      const noStage = await call('/_aws/execute-api/httpapi1/prod/a');
      expect(noStage.statusCode).toBe(404);
      expect(await noStage.body.text()).toBe('{"message":"Not Found"}');
    });

    it('serves by Host header {apiId}.execute-api.<anything>, port ignored, and a $default stage from /', async () => {
      registry.load(httpStage('httpapi2', '$default', [{ routeKey: 'GET /a', integration: { integrationType: 'AWS_PROXY', integrationUri: 'f' } }]));
      registry.load(httpStage('httpapi2', 'beta', [{ routeKey: 'GET /a', integration: { integrationType: 'AWS_PROXY', integrationUri: 'g' } }]));
      const port = (gateway.address() as AddressInfo).port;
      const get = (path: string) =>
        new Promise<{ status: number; body: string }>((resolve, reject) => {
          const req = httpRequest({ host: '127.0.0.1', port, path, headers: { host: `httpapi2.execute-api.localhost:${port}` } }, (res) => {
            let body = '';
            res.on('data', (c) => (body += c));
            res.on('end', () => resolve({ status: res.statusCode!, body }));
          });
          req.on('error', reject);
          req.end();
        });
      expect(await get('/a')).toEqual({ status: 200, body: 'hi' });
      expect(invoker.requests[0].functionName).toBe('f');
      expect(await get('/beta/a')).toEqual({ status: 200, body: 'hi' });
      expect(invoker.requests[1].functionName).toBe('g');
      expect(invoker.lastEvent.rawPath).toBe('/beta/a');
      expect(await get('/nope')).toEqual({ status: 404, body: '{"message":"Not Found"}' });
    });

    it('answers 404 for an address that is not a gateway address', async () => {
      const r = await call('/health/live');
      expect(r.statusCode).toBe(404);
      await r.body.dump();
    });
  });

  describe('REST Lambda proxy (payload 1.0)', () => {
    beforeEach(() => {
      registry.load(
        restStage(
          'restapi1',
          'prod',
          [
            { path: '/{proxy+}', method: 'ANY', integration: { type: 'AWS_PROXY', uri: lambdaUri('${stageVariables.fn}') } },
            { path: '/pets/{petId}', method: 'GET', integration: { type: 'AWS_PROXY', uri: lambdaUri('pets'), timeoutInMillis: 100 } },
          ],
          { variables: { fn: 'proxyFn' }, binaryMediaTypes: ['image/*'] },
        ),
      );
    });

    it('sends the exact 1.0 event', async () => {
      invoker.answer = success({ statusCode: 201, headers: { 'x-a': '1' }, multiValueHeaders: { 'set-cookie': ['c=1', 'd=2'] }, body: '{"made":true}' });
      const r = await call('/_aws/execute-api/restapi1/prod/hello/wor%20ld?name=me&name=you&x=%41', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'jest', 'x-multi': ['1', '2'] },
        body: '{"a":1}',
      });
      expect(r.statusCode).toBe(201);
      expect(r.headers['x-a']).toBe('1');
      expect(r.headers['set-cookie']).toEqual(['c=1', 'd=2']);
      expect(r.headers['content-type']).toBe('application/json');
      expect(await r.body.text()).toBe('{"made":true}');
      expect(invoker.requests[0].functionName).toBe('arn:aws:lambda:us-east-1:123456789012:function:proxyFn');
      const e = invoker.lastEvent;
      expect(Object.keys(e).sort()).toEqual(
        ['body', 'headers', 'httpMethod', 'isBase64Encoded', 'multiValueHeaders', 'multiValueQueryStringParameters', 'path', 'pathParameters', 'queryStringParameters', 'requestContext', 'resource', 'stageVariables'].sort(),
      );
      expect(e.resource).toBe('/{proxy+}');
      expect(e.path).toBe('/hello/wor ld');
      expect(e.httpMethod).toBe('POST');
      expect(e.headers['x-multi']).toBe('2');
      expect(e.multiValueHeaders['x-multi']).toEqual(['1', '2']);
      expect(e.headers['X-Forwarded-For']).toBe('127.0.0.1');
      expect(e.headers['X-Forwarded-Proto']).toBe('http');
      expect(e.queryStringParameters).toEqual({ name: 'you', x: 'A' });
      expect(e.multiValueQueryStringParameters).toEqual({ name: ['me', 'you'], x: ['A'] });
      expect(e.pathParameters).toEqual({ proxy: 'hello/wor ld' });
      expect(e.stageVariables).toEqual({ fn: 'proxyFn' });
      expect(e.body).toBe('{"a":1}');
      expect(e.isBase64Encoded).toBe(false);
      const rc = e.requestContext;
      expect(rc).toMatchObject({
        accountId: '123456789012',
        apiId: 'restapi1',
        httpMethod: 'POST',
        path: '/prod/hello/wor%20ld',
        protocol: 'HTTP/1.1',
        resourceId: expect.any(String),
        resourcePath: '/{proxy+}',
        stage: 'prod',
        identity: { sourceIp: '127.0.0.1', userAgent: 'jest', apiKey: null, caller: null },
      });
      expect(rc.requestId).toBe(r.headers['x-amzn-requestid']);
      expect(rc.extendedRequestId).toBe(r.headers['x-amz-apigw-id']);
      expect(rc.requestTime).toMatch(/^\d\d\/[A-Z][a-z]{2}\/\d{4}:\d\d:\d\d:\d\d \+0000$/);
      expect(typeof rc.requestTimeEpoch).toBe('number');
      expect('authorizer' in rc).toBe(false);
      expect(completed[0]).toMatchObject({ status: 201, requestId: rc.requestId });
      expect(completed[0].integrationLatency).toBeGreaterThanOrEqual(0);
    });

    it('sends nulls when there are no query strings, path parameters or body, and base64 for binaryMediaTypes', async () => {
      const r = await call('/_aws/execute-api/restapi1/prod/pets/7');
      await r.body.dump();
      const e = invoker.lastEvent;
      expect(e.queryStringParameters).toBeNull();
      expect(e.multiValueQueryStringParameters).toBeNull();
      expect(e.body).toBeNull();
      expect(e.pathParameters).toEqual({ petId: '7' });
      await (await call('/_aws/execute-api/restapi1/prod/img', { method: 'PUT', headers: { 'content-type': 'image/png' }, body: Buffer.from([0, 255, 1]) })).body.dump();
      expect(invoker.lastEvent.body).toBe(Buffer.from([0, 255, 1]).toString('base64'));
      expect(invoker.lastEvent.isBase64Encoded).toBe(true);
    });

    it.each([
      ['not JSON object', success('just a string')],
      ['missing statusCode', success({ body: 'x' })],
      ['extra member', success({ statusCode: 200, body: 'x', extra: 1 })],
      ['non-string body', success({ statusCode: 200, body: { a: 1 } })],
      ['function error', { kind: 'function-error' as const, statusCode: 200 as const, payload: '{"errorMessage":"boom"}', functionError: 'Unhandled' as const, executedVersion: '$LATEST' }],
    ])('answers 502 {"message": "Internal server error"} for %s', async (_, answer) => {
      invoker.answer = answer;
      const r = await call('/_aws/execute-api/restapi1/prod/x');
      expect(r.statusCode).toBe(502);
      expect(r.headers['x-amzn-errortype']).toBe('InternalServerErrorException');
      expect(await r.body.text()).toBe('{"message": "Internal server error"}');
    });

    it('answers 500 for a service error and 504 Endpoint request timed out after timeoutInMillis', async () => {
      invoker.answer = { kind: 'service-error', statusCode: 429, errorType: 'TooManyRequestsException', message: 'Rate Exceeded.' };
      const throttled = await call('/_aws/execute-api/restapi1/prod/x');
      expect(throttled.statusCode).toBe(500);
      expect(await throttled.body.text()).toBe('{"message": "Internal server error"}');
      invoker.answer = () => new Promise((resolve) => setTimeout(() => resolve(success({ statusCode: 200 })), 300));
      const slow = await call('/_aws/execute-api/restapi1/prod/pets/1');
      expect(slow.statusCode).toBe(504);
      expect(await slow.body.text()).toBe('{"message": "Endpoint request timed out"}');
      expect(completed[1].integrationLatency).toBe(-1);
    });

    it('answers 413 Request Too Long over the payload limit and keeps serving', async () => {
      const r = await call('/_aws/execute-api/restapi1/prod/x', { method: 'POST', body: 'x'.repeat(2000) });
      expect(r.statusCode).toBe(413);
      expect(await r.body.text()).toBe('{"message":"Request Too Long"}');
      const ok = await call('/_aws/execute-api/restapi1/prod/x');
      expect(ok.statusCode).toBe(200);
      await ok.body.dump();
    });

    it('reads a chunked body through node:http (the fast path hands such requests over) as it reads a sized one', async () => {
      const chunked = (parts: string[]) => Readable.from(parts.map((part) => Buffer.from(part)));
      const r = await call('/_aws/execute-api/restapi1/prod/img', { method: 'PUT', headers: { 'content-type': 'image/png' }, body: chunked(['ab', 'cd']) });
      expect(r.statusCode).toBe(200);
      await r.body.dump();
      expect(invoker.lastEvent.body).toBe(Buffer.from('abcd').toString('base64'));
      const tooLong = await call('/_aws/execute-api/restapi1/prod/x', { method: 'POST', body: chunked(['x'.repeat(600), 'x'.repeat(600)]) });
      expect(tooLong.statusCode).toBe(413);
      expect(await tooLong.body.text()).toBe('{"message":"Request Too Long"}');
    });

    it('serves a declared empty body (`Content-Length: 00`) as an empty body, not as one too large', async () => {
      const port = Number(new URL(base).port);
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/_aws/execute-api/restapi1/prod/x', headers: { 'content-length': '00' } }, (res) => {
          res.resume();
          resolve(res.statusCode!);
        });
        req.on('error', reject);
        req.end();
      });
      expect(status).toBe(200);
      // An empty body is a null `body` in the event, as with no body at all.
      expect(invoker.lastEvent.body).toBeNull();
    });

    it('answers 413 when request line and headers exceed 10,240 bytes', async () => {
      const r = await call('/_aws/execute-api/restapi1/prod/x', { headers: { 'x-big': 'a'.repeat(10_300) } });
      expect(r.statusCode).toBe(413);
      await r.body.dump();
    });

    it('applies customised gateway responses and DEFAULT_4XX fallbacks', async () => {
      registry.load(
        restStage('restapi1', 'prod', [{ path: '/a', method: 'GET', integration: { type: 'AWS_PROXY', uri: lambdaUri('f') } }], {
          variables: { env: 'test' },
          gatewayResponses: [
            {
              responseType: 'DEFAULT_4XX',
              statusCode: '418',
              responseParameters: { 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'", 'gatewayresponse.header.x-env': 'stageVariables.env' },
              responseTemplates: { 'application/json': '{"error":$context.error.messageString,"type":"$context.error.responseType","id":"$context.requestId"}' },
            },
          ],
        }),
      );
      const r = await call('/_aws/execute-api/restapi1/prod/nothing');
      expect(r.statusCode).toBe(418);
      expect(r.headers['access-control-allow-origin']).toBe('*');
      expect(r.headers['x-env']).toBe('test');
      expect(await json(r)).toEqual({ error: 'Missing Authentication Token', type: 'MISSING_AUTHENTICATION_TOKEN', id: r.headers['x-amzn-requestid'] });
    });
  });

  describe('HTTP API Lambda proxy (payload 2.0)', () => {
    beforeEach(() => {
      registry.load(
        httpStage('httpapi1', '$default', [
          { routeKey: 'ANY /items/{id}', integration: { integrationType: 'AWS_PROXY', integrationUri: 'arn:aws:lambda:us-east-1:123456789012:function:items', payloadFormatVersion: '2.0', timeoutInMillis: 100 } },
          { routeKey: 'GET /v1', integration: { integrationType: 'AWS_PROXY', integrationUri: 'v1fn', payloadFormatVersion: '1.0' } },
        ], { stageVariables: { a: 'b' } }),
      );
    });

    it('sends the exact 2.0 event', async () => {
      const r = await call('/_aws/execute-api/httpapi1/items/a%2Fb?x=1&x=2&y=', {
        method: 'POST',
        headers: { 'content-type': 'text/plain', cookie: 'c1=v1; c2=v2', 'x-dup': ['1', '2'], 'user-agent': 'jest' },
        body: 'hello',
      });
      expect(await r.body.text()).toBe('hi');
      const e = invoker.lastEvent;
      expect(Object.keys(e)).toEqual(['version', 'routeKey', 'rawPath', 'rawQueryString', 'cookies', 'headers', 'queryStringParameters', 'requestContext', 'body', 'pathParameters', 'isBase64Encoded', 'stageVariables']);
      expect(e).toMatchObject({
        version: '2.0',
        routeKey: 'ANY /items/{id}',
        rawPath: '/items/a%2Fb',
        rawQueryString: 'x=1&x=2&y=',
        cookies: ['c1=v1', 'c2=v2'],
        queryStringParameters: { x: '1,2', y: '' },
        body: 'hello',
        pathParameters: { id: 'a/b' },
        isBase64Encoded: false,
        stageVariables: { a: 'b' },
      });
      expect(e.headers['x-dup']).toBe('1,2');
      expect(e.headers.cookie).toBeUndefined();
      expect(e.headers['x-forwarded-for']).toBe('127.0.0.1');
      expect(Object.keys(e.requestContext)).toEqual(['accountId', 'apiId', 'domainName', 'domainPrefix', 'http', 'requestId', 'routeKey', 'stage', 'time', 'timeEpoch']);
      expect(e.requestContext.http).toEqual({ method: 'POST', path: '/items/a%2Fb', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'jest' });
      expect(e.requestContext.stage).toBe('$default');
      expect(e.requestContext.requestId).toBe(r.headers['apigw-requestid']);
    });

    it('omits optional members and base64-encodes non-text bodies', async () => {
      await (await call('/_aws/execute-api/httpapi1/items/1', { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: Buffer.from([1, 2, 3]) })).body.dump();
      const e = invoker.lastEvent;
      expect(e.body).toBe('AQID');
      expect(e.isBase64Encoded).toBe(true);
      expect('cookies' in e).toBe(false);
      expect('queryStringParameters' in e).toBe(false);
    });

    it.each([
      ['a bare string', 'Hello from Lambda!', 'Hello from Lambda!'],
      ['an object without statusCode', { message: 'hi' }, '{"message":"hi"}'],
      ['a number', 42, '42'],
    ])('infers a 200 application/json response from %s', async (_, value, body) => {
      invoker.answer = success(value);
      const r = await call('/_aws/execute-api/httpapi1/items/1');
      expect(r.statusCode).toBe(200);
      expect(r.headers['content-type']).toBe('application/json');
      expect(await r.body.text()).toBe(body);
    });

    it('turns cookies into set-cookie headers and decodes base64 bodies', async () => {
      invoker.answer = success({ statusCode: 202, cookies: ['a=1', 'b=2'], headers: { 'content-type': 'application/octet-stream' }, body: 'AAEC', isBase64Encoded: true });
      const r = await call('/_aws/execute-api/httpapi1/items/1');
      expect(r.statusCode).toBe(202);
      expect(r.headers['set-cookie']).toEqual(['a=1', 'b=2']);
      expect(Buffer.from(await r.body.arrayBuffer())).toEqual(Buffer.from([0, 1, 2]));
    });

    it('answers 500 Internal Server Error for function errors and 503 Service Unavailable on timeout', async () => {
      invoker.answer = { kind: 'function-error', statusCode: 200, payload: '{"errorMessage":"x"}', functionError: 'Unhandled', executedVersion: '$LATEST' };
      const failed = await call('/_aws/execute-api/httpapi1/items/1');
      expect(failed.statusCode).toBe(500);
      expect(await failed.body.text()).toBe('{"message":"Internal Server Error"}');
      expect(failed.headers['x-amzn-errortype']).toBeUndefined();
      invoker.answer = () => new Promise((resolve) => setTimeout(() => resolve(success('late')), 300));
      const slow = await call('/_aws/execute-api/httpapi1/items/1');
      expect(slow.statusCode).toBe(503);
      expect(await slow.body.text()).toBe('{"message":"Service Unavailable"}');
    });

    it('sends payload 1.0 with version and HTTP API authorizer placeholder', async () => {
      await (await call('/_aws/execute-api/httpapi1/v1')).body.dump();
      const e = invoker.lastEvent;
      expect(e.version).toBe('1.0');
      expect(e.resource).toBe('/v1');
      expect(e.requestContext.authorizer).toEqual({ claims: null, scopes: null });
      expect(e.requestContext.resourceId).toBeNull();
      expect(e.stageVariables).toEqual({ a: 'b' });
    });
  });

  describe('HTTP_PROXY', () => {
    it('REST: forwards method, {proxy} path, query, headers and body; returns the upstream response', async () => {
      registry.load(
        restStage('restapi1', 'prod', [
          {
            path: '/api/{proxy+}',
            method: 'ANY',
            integration: { type: 'HTTP_PROXY', httpMethod: 'ANY', uri: `${upstreamUrl}/base/{proxy}`, requestParameters: { 'integration.request.path.proxy': 'method.request.path.proxy' } },
          },
        ]),
      );
      const r = await call('/_aws/execute-api/restapi1/prod/api/a/b%20c?q=1&q=2', {
        method: 'PATCH',
        headers: { 'x-custom': 'v', connection: 'keep-alive', 'x-forwarded-for': '10.0.0.1' },
        body: 'payload',
      });
      expect(r.statusCode).toBe(200);
      expect(r.headers['x-upstream']).toBe('yes');
      expect(r.headers['set-cookie']).toEqual(['a=1', 'b=2']);
      expect(await json(r)).toEqual({ ok: true, id: 42 });
      expect(seen[0].method).toBe('PATCH');
      expect(seen[0].url).toBe('/base/a/b%20c?q=1&q=2');
      expect(seen[0].body).toBe('payload');
      expect(seen[0].headers['x-custom']).toBe('v');
      expect(seen[0].headers['x-forwarded-for']).toBe('10.0.0.1, 127.0.0.1');
      expect(seen[0].headers['x-forwarded-proto']).toBe('http');
      expect(seen[0].headers.host).toBe(new URL(upstreamUrl).host);
    });

    it('HTTP API: $default appends the path, parameter mappings apply, backend CORS headers are replaced', async () => {
      registry.load(
        httpStage(
          'httpapi1',
          '$default',
          [
            {
              routeKey: '$default',
              integration: {
                integrationType: 'HTTP_PROXY',
                integrationUri: `${upstreamUrl}`,
                integrationMethod: 'ANY',
                requestParameters: {
                  'append:header.x-req': '$context.requestId',
                  'overwrite:header.x-env': 'env-$stageVariables.env',
                  'remove:header.x-drop': "''",
                  'overwrite:querystring.page': '$request.querystring.p',
                  'remove:querystring.p': "''",
                },
                responseParameters: { '200': { 'overwrite:header.x-upstream': 'mapped-$response.header.x-upstream', 'append:header.x-id': '$response.body.id' }, '500': { 'overwrite:statuscode': '403' } },
              },
            },
          ],
          { stageVariables: { env: 'dev' }, cors: { allowOrigins: ['https://app.example'], exposeHeaders: ['x-upstream'] } },
        ),
      );
      const r = await call('/_aws/execute-api/httpapi1/things/1?p=3', { headers: { 'x-drop': 'gone', origin: 'https://app.example' } });
      expect(r.statusCode).toBe(200);
      expect(r.headers['x-upstream']).toBe('mapped-yes');
      expect(r.headers['x-id']).toBe('42');
      expect(r.headers['access-control-allow-origin']).toBe('https://app.example');
      expect(r.headers['access-control-expose-headers']).toBe('x-upstream');
      await r.body.dump();
      expect(seen[0].url).toBe('/things/1?page=3');
      expect(seen[0].headers['x-req']).toBe(r.headers['apigw-requestid']);
      expect(seen[0].headers['x-env']).toBe('env-dev');
      expect(seen[0].headers['x-drop']).toBeUndefined();
      const mapped = await call('/_aws/execute-api/httpapi1/status/500');
      expect(mapped.statusCode).toBe(403);
      expect(mapped.headers['access-control-allow-origin']).toBeUndefined();
      await mapped.body.dump();
    });

    it('answers timeouts and refused connections with the AWS errors', async () => {
      const refused = createServer();
      const refusedUrl = await listen(refused);
      await close(refused);
      registry.load(
        restStage('restapi1', 'prod', [
          { path: '/slow', method: 'GET', integration: { type: 'HTTP_PROXY', httpMethod: 'GET', uri: `${upstreamUrl}/slow`, timeoutInMillis: 100 } },
          { path: '/down', method: 'GET', integration: { type: 'HTTP_PROXY', httpMethod: 'GET', uri: `${refusedUrl}/x` } },
        ]),
      );
      registry.load(httpStage('httpapi1', '$default', [{ routeKey: 'GET /slow', integration: { integrationType: 'HTTP_PROXY', integrationUri: `${upstreamUrl}/slow`, timeoutInMillis: 100 } }, { routeKey: 'GET /down', integration: { integrationType: 'HTTP_PROXY', integrationUri: `${refusedUrl}/x` } }]));
      const restSlow = await call('/_aws/execute-api/restapi1/prod/slow');
      expect([restSlow.statusCode, await restSlow.body.text()]).toEqual([504, '{"message": "Endpoint request timed out"}']);
      const restDown = await call('/_aws/execute-api/restapi1/prod/down');
      expect(restDown.statusCode).toBe(504);
      expect(restDown.headers['x-amzn-errortype']).toBe('InternalServerErrorException');
      await restDown.body.dump();
      const httpSlow = await call('/_aws/execute-api/httpapi1/slow');
      expect([httpSlow.statusCode, await httpSlow.body.text()]).toEqual([503, '{"message":"Service Unavailable"}']);
      const httpDown = await call('/_aws/execute-api/httpapi1/down');
      expect([httpDown.statusCode, await httpDown.body.text()]).toEqual([500, '{"message":"Internal Server Error"}']);
    });
  });

  describe('CORS', () => {
    beforeEach(() => {
      registry.load(
        httpStage('httpapi1', '$default', [{ routeKey: 'GET /a', integration: { integrationType: 'AWS_PROXY', integrationUri: 'f' } }], {
          cors: { allowOrigins: ['https://*.example.com'], allowCredentials: true, allowMethods: ['GET', 'POST'], allowHeaders: ['authorization', 'x-id'], maxAge: 300 },
        }),
      );
    });

    it('answers preflight with 204 without an OPTIONS route', async () => {
      const r = await call('/_aws/execute-api/httpapi1/a', { method: 'OPTIONS', headers: { origin: 'https://app.example.com', 'access-control-request-method': 'POST' } });
      expect(r.statusCode).toBe(204);
      expect(r.headers).toMatchObject({
        'access-control-allow-origin': 'https://app.example.com',
        'access-control-allow-credentials': 'true',
        'access-control-allow-methods': 'GET,POST',
        'access-control-allow-headers': 'authorization,x-id',
        'access-control-max-age': '300',
      });
      await r.body.dump();
      expect(invoker.requests).toHaveLength(0);
    });

    it('adds no CORS headers for an origin that is not allowed and drops the backend ones', async () => {
      invoker.answer = success({ statusCode: 200, headers: { 'Access-Control-Allow-Origin': '*' }, body: 'x' });
      const r = await call('/_aws/execute-api/httpapi1/a', { headers: { origin: 'https://evil.test' } });
      expect(r.headers['access-control-allow-origin']).toBeUndefined();
      await r.body.dump();
    });
  });

  describe('robustness', () => {
    it('keeps the old stage serving when a new definition fails to compile', async () => {
      registry.load(httpStage('httpapi1', '$default', [{ routeKey: 'GET /a', integration: { integrationType: 'AWS_PROXY', integrationUri: 'f' } }]));
      expect(() => registry.load(httpStage('httpapi1', '$default', [{ routeKey: 'GET a', integration: { integrationType: 'AWS_PROXY', integrationUri: 'f' } }]))).toThrow(
        "cannot load stage '$default' of API httpapi1: route key 'GET a' is not 'METHOD /path' or '$default'",
      );
      const r = await call('/_aws/execute-api/httpapi1/a');
      expect(r.statusCode).toBe(200);
      await r.body.dump();
    });

    it('a route naming an undefined stage variable answers 500 alone; the other routes of the stage serve', async () => {
      registry.load(
        httpStage('httpapi1', '$default', [
          { routeKey: 'GET /missing', integration: { integrationType: 'HTTP_PROXY', integrationMethod: 'GET', integrationUri: 'http://${stageVariables.host}/x' } },
          { routeKey: 'GET /fine', integration: { integrationType: 'AWS_PROXY', integrationUri: 'f', payloadFormatVersion: '2.0' } },
        ]),
      );
      const missing = await call('/_aws/execute-api/httpapi1/missing');
      expect(missing.statusCode).toBe(500);
      await missing.body.dump();
      const fine = await call('/_aws/execute-api/httpapi1/fine');
      expect(fine.statusCode).toBe(200);
      await fine.body.dump();
    });

    it('answers 502 when a Lambda returns an invalid header value', async () => {
      registry.load(restStage('restapi1', 'prod', [{ path: '/a', method: 'GET', integration: { type: 'AWS_PROXY', uri: lambdaUri('f') } }]));
      invoker.answer = success({ statusCode: 200, headers: { 'x-bad': 'a\nb' }, body: 'x' });
      const r = await call('/_aws/execute-api/restapi1/prod/a');
      expect(r.statusCode).toBe(502);
      expect(await r.body.text()).toBe('{"message": "Internal server error"}');
    });

    it('answers 500 when the invoker throws and the node keeps serving', async () => {
      registry.load(restStage('restapi1', 'prod', [{ path: '/a', method: 'GET', integration: { type: 'AWS_PROXY', uri: lambdaUri('f') } }]));
      invoker.answer = () => Promise.reject(new Error('worker crashed'));
      const r = await call('/_aws/execute-api/restapi1/prod/a');
      expect(r.statusCode).toBe(500);
      expect(await r.body.text()).toBe('{"message": "Internal server error"}');
    });

    it('answers 500 API configuration error for integration types without a factory', async () => {
      registry.load(restStage('restapi1', 'prod', [{ path: '/m', method: 'GET', integration: { type: 'MOCK' } }]));
      expect(registry.get('restapi1', 'prod')!.warnings).toEqual(['GET /m: integration type MOCK needs an integration factory (mapping library)']);
      const r = await call('/_aws/execute-api/restapi1/prod/m');
      expect(r.statusCode).toBe(500);
      await r.body.dump();
    });
  });
});
