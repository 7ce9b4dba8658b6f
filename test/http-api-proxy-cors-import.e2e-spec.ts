import {
  ApiGatewayV2Client,
  CreateApiCommand,
  CreateIntegrationCommand,
  CreateRouteCommand,
  CreateStageCommand,
  GetRoutesCommand,
  ImportApiCommand,
  UpdateRouteCommand,
} from '@aws-sdk/client-apigatewayv2';
import { LambdaClient } from '@aws-sdk/client-lambda';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import {
  closedPort,
  createNodeFunction,
  ECHO_HANDLER,
  eventually,
  rawRequest,
  startControlPlane,
  startGateway,
  startRecordingUpstream,
  StartedControlPlane,
  StartedGateway,
  type RawResponse,
  type RecordingUpstream,
} from '@app/testing';

/**
 * HTTP APIs beyond Lambda, end to end through @aws-sdk/client-apigatewayv2 and a gateway node: HTTP_PROXY to a real
 * backend with parameter mapping (doc_source/http-api-parameter-mapping.md), AWS's route selection example
 * (http-api-develop-routes.md), CORS (http-api-cors.md), OpenAPI import, quick create and autoDeploy.
 */
describe('HTTP API data plane: HTTP proxy, routing, CORS, import, autoDeploy', () => {
  let cp: StartedControlPlane;
  let gw: StartedGateway;
  let lambda: LambdaClient;
  let apis: ApiGatewayV2Client;
  let upstream: RecordingUpstream;
  let echoArn: string;
  let port: string;

  const url = (apiId: string, path: string) => `${gw.endpoint}/_aws/execute-api/${apiId}${path}`;
  /** Waits until the API's stage is loaded on the node (first deployment arrives through the bus). */
  const served = (apiId: string, path: string, method = 'GET') =>
    eventually(() => rawRequest(url(apiId, path), { method }), (r) => r.status !== 404 || r.text !== '{"message":"Not Found"}');

  beforeAll(async () => {
    cp = await startControlPlane();
    gw = await startGateway(cp.runtime);
    port = new URL(gw.endpoint).port;
    upstream = await startRecordingUpstream();
    lambda = new LambdaClient(cp.clientConfig);
    apis = new ApiGatewayV2Client(cp.clientConfig);
    echoArn = await createNodeFunction(lambda, 'echo', ECHO_HANDLER);
  });

  afterAll(async () => {
    lambda.destroy();
    apis.destroy();
    await gw.close();
    await cp.close();
    await upstream.close();
  });

  beforeEach(() => {
    upstream.requests.length = 0;
    upstream.reply = () => ({ status: 200, headers: ['content-type', 'text/plain'], body: 'upstream' });
  });

  describe('HTTP_PROXY with parameter mapping', () => {
    let apiId: string;

    beforeAll(async () => {
      apiId = (await apis.send(new CreateApiCommand({ Name: 'proxy', ProtocolType: 'HTTP' }))).ApiId!;
      const mapped = await apis.send(
        new CreateIntegrationCommand({
          ApiId: apiId,
          IntegrationType: 'HTTP_PROXY',
          IntegrationMethod: 'ANY',
          IntegrationUri: `${upstream.url}/base/{proxy}`,
          PayloadFormatVersion: '1.0',
          RequestParameters: {
            'overwrite:header.x-over': 'over-$request.header.x-src',
            'append:querystring.y': '$request.path.proxy',
            'remove:header.x-secret': "''",
          },
          ResponseParameters: { '200': { 'overwrite:header.x-resp': 'gw-$response.header.x-up', 'overwrite:statuscode': '202' } },
        }),
      );
      const rewritten = await apis.send(
        new CreateIntegrationCommand({
          ApiId: apiId,
          IntegrationType: 'HTTP_PROXY',
          IntegrationMethod: 'POST',
          IntegrationUri: upstream.url,
          PayloadFormatVersion: '1.0',
          RequestParameters: { 'overwrite:path': '/rewritten/$request.path.id' },
        }),
      );
      const down = await apis.send(
        new CreateIntegrationCommand({
          ApiId: apiId,
          IntegrationType: 'HTTP_PROXY',
          IntegrationMethod: 'ANY',
          IntegrationUri: `http://127.0.0.1:${await closedPort()}`,
          PayloadFormatVersion: '1.0',
        }),
      );
      const slow = await apis.send(
        new CreateIntegrationCommand({
          ApiId: apiId,
          IntegrationType: 'HTTP_PROXY',
          IntegrationMethod: 'ANY',
          IntegrationUri: `${upstream.url}/slow`,
          PayloadFormatVersion: '1.0',
          TimeoutInMillis: 200,
        }),
      );
      // The doc's own form: the greedy variable with its `+` in the integration URI; and a stage variable in the URI.
      const greedy = await apis.send(
        new CreateIntegrationCommand({
          ApiId: apiId,
          IntegrationType: 'HTTP_PROXY',
          IntegrationMethod: 'ANY',
          IntegrationUri: `${upstream.url}/petstore/{proxy+}`,
          PayloadFormatVersion: '1.0',
        }),
      );
      const staged = await apis.send(
        new CreateIntegrationCommand({
          ApiId: apiId,
          IntegrationType: 'HTTP_PROXY',
          IntegrationMethod: 'GET',
          IntegrationUri: `${upstream.url}/\${stageVariables.prefix}/pets/{petID}`,
          PayloadFormatVersion: '1.0',
        }),
      );
      const route = (RouteKey: string, id: string) => apis.send(new CreateRouteCommand({ ApiId: apiId, RouteKey, Target: `integrations/${id}` }));
      await route('ANY /up/{proxy+}', mapped.IntegrationId!);
      await route('GET /items/{id}', rewritten.IntegrationId!);
      await route('GET /down', down.IntegrationId!);
      await route('GET /slow', slow.IntegrationId!);
      await route('ANY /parent/{proxy+}', greedy.IntegrationId!);
      await route('GET /pets/{petID}', staged.IntegrationId!);
      // Every stage defines `prefix`: a stage missing a variable one integration URI uses is refused whole (see report).
      await apis.send(new CreateStageCommand({ ApiId: apiId, StageName: '$default', AutoDeploy: true, StageVariables: { prefix: 'default-backend' } }));
      await apis.send(new CreateStageCommand({ ApiId: apiId, StageName: 'beta', AutoDeploy: true, StageVariables: { prefix: 'beta-backend' } }));
      await served(apiId, '/down');
      await served(apiId, '/beta/down');
    });

    it('substitutes {proxy}, maps request headers and query, and maps the 200 response header and status', async () => {
      upstream.reply = () => ({ status: 200, headers: ['x-up', 'u1', 'x-resp', 'backend', 'content-type', 'text/plain'], body: 'from upstream' });
      const res = await rawRequest(url(apiId, '/up/a/b?q=1'), {
        method: 'PUT',
        headers: ['x-src', 'client', 'x-over', 'client-value', 'x-secret', 's3cret', 'Content-Type', 'text/plain'],
        body: 'payload',
      });
      expect(res.status).toBe(202);
      expect(res.text).toBe('from upstream');
      expect(res.headers['x-resp']).toBe('gw-u1');
      expect(res.headers['x-up']).toBe('u1');
      expect(upstream.requests).toHaveLength(1);
      const got = upstream.requests[0];
      expect(got.method).toBe('PUT');
      expect(got.url).toBe('/base/a/b?q=1&y=a%2Fb');
      expect(got.body).toBe('payload');
      expect(got.headers['x-over']).toBe('over-client');
      expect(got.headers['x-src']).toBe('client');
      expect(got.headers).not.toHaveProperty('x-secret');
      expect(got.headers.host).toBe(`127.0.0.1:${upstream.port}`);
      expect(got.headers['x-forwarded-for']).toBe('127.0.0.1');
      expect(got.headers['x-forwarded-port']).toBe(port);
      expect(got.headers['x-forwarded-proto']).toBe('http');
    });

    it('fills a {proxy+} placeholder of the integration URI with the greedy path, kept encoded', async () => {
      const res = await rawRequest(url(apiId, '/parent/dogs/a%20b/1?x=1'), { method: 'POST', headers: ['Content-Type', 'text/plain'], body: 'b' });
      expect(res.status).toBe(200);
      expect(upstream.requests.map((r) => `${r.method} ${r.url} ${r.body}`)).toEqual(['POST /petstore/dogs/a%20b/1?x=1 b']);
    });

    it("fills {petID} and ${stageVariables.prefix} of the integration URI with each stage's value", async () => {
      const res = await rawRequest(url(apiId, '/beta/pets/6'));
      expect(res.status).toBe(200);
      await rawRequest(url(apiId, '/pets/7'));
      expect(upstream.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /beta-backend/pets/6', 'GET /default-backend/pets/7']);
    });

    it('leaves a non-200 response unmapped', async () => {
      upstream.reply = () => ({ status: 404, headers: ['x-up', 'u2'], body: 'nope' });
      const res = await rawRequest(url(apiId, '/up/x'));
      expect(res.status).toBe(404);
      expect(res.text).toBe('nope');
      expect(res.headers).not.toHaveProperty('x-resp');
    });

    it('overwrites the path and uses the integration method', async () => {
      const res = await rawRequest(url(apiId, '/items/42?keep=1'));
      expect(res.status).toBe(200);
      expect(upstream.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /rewritten/42?keep=1']);
    });

    it('answers a backend that refuses connections with 500 Internal Server Error', async () => {
      const res = await rawRequest(url(apiId, '/down'));
      expect(res.status).toBe(500);
      expect(res.text).toBe('{"message":"Internal Server Error"}');
    });

    it('answers a backend slower than timeoutInMillis with 503 Service Unavailable', async () => {
      upstream.reply = () => ({ status: 200, body: 'late', delayMs: 1_000 });
      const res = await rawRequest(url(apiId, '/slow'));
      expect(res.status).toBe(503);
      expect(res.text).toBe('{"message":"Service Unavailable"}');
    });
  });

  describe('route selection (the example of http-api-develop-routes.md)', () => {
    let apiId: string;

    beforeAll(async () => {
      apiId = (await apis.send(new CreateApiCommand({ Name: 'routes', ProtocolType: 'HTTP' }))).ApiId!;
      const { IntegrationId } = await apis.send(
        new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'AWS_PROXY', IntegrationUri: echoArn, PayloadFormatVersion: '2.0' }),
      );
      // Created in an order unlike their precedence, so order of creation cannot be what decides.
      for (const RouteKey of ['$default', 'ANY /{proxy+}', 'GET /pets/{proxy+}', 'GET /pets/dog/{id}', 'GET /pets/dog/1']) {
        await apis.send(new CreateRouteCommand({ ApiId: apiId, RouteKey, Target: `integrations/${IntegrationId}` }));
      }
      await apis.send(new CreateStageCommand({ ApiId: apiId, StageName: '$default', AutoDeploy: true }));
      await served(apiId, '/pets/dog/1');
    });

    it.each([
      ['GET', '/pets/dog/1', 'GET /pets/dog/1', undefined],
      ['GET', '/pets/dog/2', 'GET /pets/dog/{id}', { id: '2' }],
      ['GET', '/pets/cat/1', 'GET /pets/{proxy+}', { proxy: 'cat/1' }],
      ['POST', '/test/5', 'ANY /{proxy+}', { proxy: 'test/5' }],
      ['POST', '/pets/dog/1', 'ANY /{proxy+}', { proxy: 'pets/dog/1' }],
    ])('%s %s goes to %s', async (method, path, routeKey, pathParameters) => {
      const res = await rawRequest(url(apiId, path), { method });
      const event = JSON.parse(res.text) as APIGatewayProxyEventV2;
      expect(event.routeKey).toBe(routeKey);
      expect(event.requestContext.routeKey).toBe(routeKey);
      expect(event.pathParameters).toEqual(pathParameters);
    });

    it('sends what no route takes to $default', async () => {
      const event = JSON.parse((await rawRequest(url(apiId, '/'))).text) as APIGatewayProxyEventV2;
      expect(event.routeKey).toBe('$default');
      expect(event).not.toHaveProperty('pathParameters');
    });
  });

  describe('CORS', () => {
    let apiId: string;
    const ORIGIN = 'https://app.example.com';

    beforeAll(async () => {
      apiId = (
        await apis.send(
          new CreateApiCommand({
            Name: 'cors',
            ProtocolType: 'HTTP',
            Target: `${upstream.url}/cors`,
            CorsConfiguration: {
              AllowOrigins: [ORIGIN],
              AllowCredentials: true,
              AllowMethods: ['GET', 'POST'],
              AllowHeaders: ['x-custom', 'content-type'],
              ExposeHeaders: ['x-up'],
              MaxAge: 600,
            },
          }),
        )
      ).ApiId!;
      await served(apiId, '/anything');
    });

    const corsLines = (res: RawResponse) => {
      const out: string[] = [];
      for (let i = 0; i < res.rawHeaders.length; i += 2) {
        if (res.rawHeaders[i].toLowerCase().startsWith('access-control-')) out.push(`${res.rawHeaders[i].toLowerCase()}: ${res.rawHeaders[i + 1]}`);
      }
      return out.sort();
    };

    it('answers a preflight itself, with no OPTIONS route and without calling the backend', async () => {
      const res = await rawRequest(url(apiId, '/anything'), {
        method: 'OPTIONS',
        headers: ['Origin', ORIGIN, 'Access-Control-Request-Method', 'POST', 'Access-Control-Request-Headers', 'x-custom'],
      });
      expect(res.status).toBe(204);
      expect(res.text).toBe('');
      expect(corsLines(res)).toEqual([
        'access-control-allow-credentials: true',
        'access-control-allow-headers: x-custom,content-type',
        `access-control-allow-methods: GET,POST`,
        `access-control-allow-origin: ${ORIGIN}`,
        'access-control-expose-headers: x-up',
        'access-control-max-age: 600',
      ]);
      expect(upstream.requests).toHaveLength(0);
    });

    it('gives a preflight from a disallowed origin no CORS headers', async () => {
      const res = await rawRequest(url(apiId, '/anything'), {
        method: 'OPTIONS',
        headers: ['Origin', 'https://evil.example', 'Access-Control-Request-Method', 'POST'],
      });
      expect(corsLines(res)).toEqual([]);
      expect(upstream.requests).toHaveLength(0);
    });

    it("replaces the backend's own CORS headers with the configured ones for an allowed origin", async () => {
      upstream.reply = () => ({ status: 200, headers: ['access-control-allow-origin', '*', 'access-control-max-age', '5', 'x-up', 'u'], body: 'data' });
      const res = await rawRequest(url(apiId, '/anything'), { headers: ['Origin', ORIGIN] });
      expect(res.status).toBe(200);
      expect(res.text).toBe('data');
      expect(corsLines(res)).toEqual(['access-control-allow-credentials: true', `access-control-allow-origin: ${ORIGIN}`, 'access-control-expose-headers: x-up']);
      // Quick create with a URL: the $default route forwards the request path under the URL's path.
      expect(upstream.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['GET /cors/anything']);
    });

    it('adds CORS headers to a backend 204 (a DELETE answered with No Content was sent without them)', async () => {
      upstream.reply = () => ({ status: 204, headers: ['access-control-allow-origin', '*'] });
      const res = await rawRequest(url(apiId, '/anything'), { method: 'DELETE', headers: ['Origin', ORIGIN] });
      expect(res.status).toBe(204);
      expect(corsLines(res)).toEqual(['access-control-allow-credentials: true', `access-control-allow-origin: ${ORIGIN}`, 'access-control-expose-headers: x-up']);
    });

    it('sends no CORS headers at all (not even the backend ones) to a disallowed origin', async () => {
      upstream.reply = () => ({ status: 200, headers: ['access-control-allow-origin', '*'], body: 'data' });
      const res = await rawRequest(url(apiId, '/anything'), { headers: ['Origin', 'https://evil.example'] });
      expect(res.status).toBe(200);
      expect(corsLines(res)).toEqual([]);
    });
  });

  describe('ImportApi of an OpenAPI 3.0 document', () => {
    let apiId: string;

    beforeAll(async () => {
      const doc = {
        openapi: '3.0.1',
        info: { title: 'imported', version: '1.0' },
        'x-amazon-apigateway-cors': { allowOrigins: ['https://imported.example'], allowMethods: ['GET'] },
        paths: {
          '/hello/{name}': {
            get: {
              parameters: [{ name: 'name', in: 'path', required: true, schema: { type: 'string' } }],
              'x-amazon-apigateway-integration': { type: 'aws_proxy', httpMethod: 'POST', uri: echoArn, payloadFormatVersion: '2.0' },
            },
          },
          '/up/{proxy+}': {
            'x-amazon-apigateway-any-method': {
              parameters: [{ name: 'proxy', in: 'path', required: true, schema: { type: 'string' } }],
              'x-amazon-apigateway-integration': { type: 'http_proxy', httpMethod: 'ANY', uri: `${upstream.url}/imported/{proxy}`, payloadFormatVersion: '1.0' },
            },
          },
        },
      };
      const api = await apis.send(new ImportApiCommand({ Body: JSON.stringify(doc) }));
      apiId = api.ApiId!;
      expect(api.CorsConfiguration?.AllowOrigins).toEqual(['https://imported.example']);
      const routes = await apis.send(new GetRoutesCommand({ ApiId: apiId }));
      expect(routes.Items!.map((r) => r.RouteKey).sort()).toEqual(['ANY /up/{proxy+}', 'GET /hello/{name}']);
      await apis.send(new CreateStageCommand({ ApiId: apiId, StageName: '$default', AutoDeploy: true }));
      await served(apiId, '/hello/world');
    });

    it('serves the Lambda route', async () => {
      const res = await rawRequest(url(apiId, '/hello/world'), { headers: ['Origin', 'https://imported.example'] });
      expect(res.status).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBe('https://imported.example');
      const event = JSON.parse(res.text) as APIGatewayProxyEventV2;
      expect(event.routeKey).toBe('GET /hello/{name}');
      expect(event.pathParameters).toEqual({ name: 'world' });
      expect(event.requestContext.stage).toBe('$default');
    });

    it('serves the HTTP_PROXY route', async () => {
      const res = await rawRequest(url(apiId, '/up/x/y?z=1'), { method: 'DELETE' });
      expect(res.status).toBe(200);
      expect(res.text).toBe('upstream');
      expect(upstream.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['DELETE /imported/x/y?z=1']);
    });

    it('answers the preflight from the imported CORS configuration', async () => {
      const res = await rawRequest(url(apiId, '/hello/world'), {
        method: 'OPTIONS',
        headers: ['Origin', 'https://imported.example', 'Access-Control-Request-Method', 'GET'],
      });
      expect(res.status).toBe(204);
      expect(res.headers['access-control-allow-methods']).toBe('GET');
    });
  });

  describe('quick create and autoDeploy', () => {
    let apiId: string;

    beforeAll(async () => {
      apiId = (await apis.send(new CreateApiCommand({ Name: 'quick', ProtocolType: 'HTTP', Target: echoArn }))).ApiId!;
      await served(apiId, '/anything');
    });

    it('serves a quick-created Lambda target on $default with payload 2.0', async () => {
      const event = JSON.parse((await rawRequest(url(apiId, '/some/path'))).text) as APIGatewayProxyEventV2;
      expect(event.version).toBe('2.0');
      expect(event.routeKey).toBe('$default');
      expect(event.rawPath).toBe('/some/path');
      expect(event.requestContext.stage).toBe('$default');
    });

    it('serves a route created on the running API on the next requests, and an updated route key after UpdateRoute', async () => {
      const { IntegrationId } = await apis.send(
        new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'AWS_PROXY', IntegrationUri: echoArn, PayloadFormatVersion: '1.0' }),
      );
      const { RouteId } = await apis.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /late/{id}', Target: `integrations/${IntegrationId}` }));
      const routeKeyOf = async (path: string) => {
        const body = JSON.parse((await rawRequest(url(apiId, path))).text);
        return body.version === '1.0' ? `1.0 ${body.resource}` : `2.0 ${body.routeKey}`;
      };
      expect(await eventually(() => routeKeyOf('/late/1'), (k) => k === '1.0 /late/{id}')).toBe('1.0 /late/{id}');

      await apis.send(new UpdateRouteCommand({ ApiId: apiId, RouteId, RouteKey: 'GET /later/{id}' }));
      expect(await eventually(() => routeKeyOf('/later/1'), (k) => k === '1.0 /later/{id}')).toBe('1.0 /later/{id}');
      expect(await routeKeyOf('/late/1')).toBe('2.0 $default');
    });
  });
});
