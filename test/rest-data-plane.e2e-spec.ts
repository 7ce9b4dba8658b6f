import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateModelCommand,
  CreateRequestValidatorCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  GetResourcesCommand,
  PutGatewayResponseCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  type PutIntegrationCommandInput,
  type PutIntegrationResponseCommandInput,
  type PutMethodCommandInput,
} from '@aws-sdk/client-api-gateway';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { request } from 'undici';
import { createNodeFunction, startControlPlane, startGateway, type StartedControlPlane, type StartedGateway } from '@app/testing';

/**
 * The REST data plane end to end: an API built only through the official @aws-sdk/client-api-gateway against the
 * control plane, deployed, and called on an in-process gateway node sharing the control plane's runtime.
 */
describe('REST data plane (API built with @aws-sdk/client-api-gateway, served by the gateway)', () => {
  let cp: StartedControlPlane;
  let gw: StartedGateway;
  let apigw: APIGatewayClient;
  let lambda: LambdaClient;
  let upstream: Server;
  // AWS stage variables in an HTTP URI fill in the host: `http://${stageVariables.backend}/...`.
  let upstreamHost: string;
  let seen: Array<{ url: string; headers: IncomingMessage['headers']; body: string }>;
  let apiId: string;
  let base: string;

  const lambdaUri = (arn: string) => `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${arn}/invocations`;

  async function call(path: string, init: Parameters<typeof request>[1] = {}) {
    const r = await request(`${base}${path}`, init);
    return { status: r.statusCode, headers: r.headers as Record<string, string>, body: await r.body.text() };
  }

  const createFunction = (name: string, source: string) => createNodeFunction(lambda, name, source, { timeoutSeconds: 5 });

  async function resource(parentId: string, pathPart: string): Promise<string> {
    return (await apigw.send(new CreateResourceCommand({ restApiId: apiId, parentId, pathPart }))).id!;
  }

  /** PutMethod + PutIntegration + PutMethodResponse/PutIntegrationResponse for each response. */
  async function method(
    resourceId: string,
    httpMethod: string,
    m: Partial<PutMethodCommandInput>,
    integration: Partial<PutIntegrationCommandInput>,
    responses: Array<Partial<PutIntegrationResponseCommandInput> & { statusCode: string; headers?: string[] }> = [],
  ) {
    await apigw.send(new PutMethodCommand({ restApiId: apiId, resourceId, httpMethod, authorizationType: 'NONE', ...m }));
    await apigw.send(new PutIntegrationCommand({ restApiId: apiId, resourceId, httpMethod, type: 'MOCK', ...integration } as PutIntegrationCommandInput));
    for (const { headers, ...r } of responses) {
      await apigw.send(
        new PutMethodResponseCommand({
          restApiId: apiId,
          resourceId,
          httpMethod,
          statusCode: r.statusCode,
          responseParameters: Object.fromEntries((headers ?? []).map((h) => [`method.response.header.${h}`, false])),
        }),
      );
      await apigw.send(new PutIntegrationResponseCommand({ restApiId: apiId, resourceId, httpMethod, ...r }));
    }
  }

  async function waitForDeployment(path: string, ready: (r: Awaited<ReturnType<typeof call>>) => boolean) {
    for (let i = 0; i < 100; i++) {
      const r = await call(path);
      if (ready(r)) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error(`deployment never became live at ${path}`);
  }

  beforeAll(async () => {
    cp = await startControlPlane();
    gw = await startGateway(cp.runtime);
    apigw = new APIGatewayClient(cp.clientConfig);
    lambda = new LambdaClient(cp.clientConfig);
    seen = [];
    upstream = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        seen.push({ url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString() });
        const status = /\/status\/(\d{3})/.exec(req.url!)?.[1];
        res.writeHead(status ? Number(status) : 200, { 'content-type': 'application/json', 'x-backend': 'up' });
        res.end(JSON.stringify({ id: 42, name: 'rex' }));
      });
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    upstreamHost = `127.0.0.1:${(upstream.address() as AddressInfo).port}`;

    const proxyArn = await createFunction(
      'rest-proxy',
      `exports.handler = async (event) => ({ statusCode: 201, headers: { 'x-fn': 'proxy' }, body: JSON.stringify({ path: event.path, resource: event.resource, q: event.queryStringParameters }) });`,
    );
    const customArn = await createFunction(
      'rest-custom',
      `exports.handler = async (event) => { if (event.fail) throw new Error('Invalid input: ' + event.fail); return { doubled: event.n * 2 }; };`,
    );

    const api = await apigw.send(new CreateRestApiCommand({ name: 'rest-data-plane-e2e' }));
    apiId = api.id!;
    base = gw.stageUrl(apiId, 'prod');
    const resources = await apigw.send(new GetResourcesCommand({ restApiId: apiId }));
    const root = resources.items!.find((r) => r.path === '/')!.id!;

    // MOCK: the request template's statusCode selects the integration response.
    await method(
      await resource(root, 'mock'),
      'GET',
      { requestParameters: { 'method.request.querystring.code': false } },
      { type: 'MOCK', requestTemplates: { 'application/json': `{"statusCode": #if($input.params('code') != "")$input.params('code')#else 200#end}` }, passthroughBehavior: 'NEVER' },
      [
        { statusCode: '200', responseTemplates: { 'application/json': '{"mock":"v1","stage":"$context.stage","color":"$stageVariables.color"}' } },
        { statusCode: '404', selectionPattern: '404', responseTemplates: { 'application/json': '{"message":"no such pet"}' } },
      ],
    );

    // HTTP (non-proxy): stage variable in the URI, parameter mappings, templates both ways, header mappings.
    const http = await resource(root, 'http');
    await method(
      await resource(http, '{id}'),
      'POST',
      { requestParameters: { 'method.request.path.id': true, 'method.request.header.Tenant': false } },
      {
        type: 'HTTP',
        integrationHttpMethod: 'POST',
        uri: 'http://${stageVariables.backend}/pets/{petId}',
        requestParameters: { 'integration.request.path.petId': 'method.request.path.id', 'integration.request.header.x-tenant': 'method.request.header.Tenant' },
        requestTemplates: { 'application/json': `{"in":$input.json('$'),"v":"$stageVariables.color"}` },
      },
      [
        {
          statusCode: '200',
          headers: ['x-name', 'x-backend'],
          responseParameters: { 'method.response.header.x-name': 'integration.response.body.name', 'method.response.header.x-backend': 'integration.response.header.x-backend' },
          responseTemplates: { 'application/json': `{"petId":$input.path('$.id')}` },
        },
      ],
    );

    // Lambda proxy.
    await method(await resource(root, 'proxy'), 'GET', {}, { type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: lambdaUri(proxyArn) });

    // Lambda custom: template → payload; errorMessage selects 400. `$input.json` of a missing field renders nothing
    // (as on AWS), so the template only writes `fail` when the request has one — the payload must stay valid JSON.
    await method(
      await resource(root, 'custom'),
      'POST',
      {},
      { type: 'AWS', integrationHttpMethod: 'POST', uri: lambdaUri(customArn), requestTemplates: { 'application/json': `{"n":$input.json('$.n')#if($input.path('$.fail')),"fail":$input.json('$.fail')#end}` } },
      [
        { statusCode: '200', responseTemplates: { 'application/json': `{"result":$input.json('$.doubled')}` } },
        { statusCode: '400', selectionPattern: 'Invalid input.*', responseTemplates: { 'application/json': `{"error":"$input.path('$.errorMessage')"}` } },
      ],
    );

    // Validator + model.
    const model = { type: 'object', required: ['name'], properties: { name: { type: 'string' }, price: { type: 'number', maximum: 500 } } };
    await apigw.send(new CreateModelCommand({ restApiId: apiId, name: 'Pet', contentType: 'application/json', schema: JSON.stringify(model) }));
    const validator = await apigw.send(new CreateRequestValidatorCommand({ restApiId: apiId, name: 'all', validateRequestBody: true, validateRequestParameters: true }));
    await method(
      await resource(root, 'validated'),
      'POST',
      { requestValidatorId: validator.id, requestParameters: { 'method.request.querystring.q1': true }, requestModels: { 'application/json': 'Pet' } },
      { type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } },
      [{ statusCode: '200', responseTemplates: { 'application/json': '{"valid":true}' } }],
    );

    // A customised gateway response.
    await apigw.send(
      new PutGatewayResponseCommand({
        restApiId: apiId,
        responseType: 'MISSING_AUTHENTICATION_TOKEN',
        statusCode: '404',
        responseParameters: { 'gatewayresponse.header.x-stage-color': 'stageVariables.color' },
        responseTemplates: { 'application/json': '{"message":$context.error.messageString,"requestId":"$context.requestId","color":"$stageVariables.color"}' },
      }),
    );

    await apigw.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod', variables: { color: 'blue', backend: upstreamHost } }));
    await waitForDeployment('/mock', (r) => r.status === 200);
  });

  afterAll(async () => {
    apigw?.destroy();
    lambda?.destroy();
    await gw?.close();
    await cp?.close();
    await new Promise<void>((resolve) => upstream?.close(() => resolve()));
  });

  it('MOCK: renders templates and selects the integration response by the mocked status code', async () => {
    const ok = await call('/mock');
    expect(ok.status).toBe(200);
    expect(ok.headers['content-type']).toBe('application/json');
    expect(ok.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
    expect(JSON.parse(ok.body)).toEqual({ mock: 'v1', stage: 'prod', color: 'blue' });
    expect(await call('/mock?code=404')).toMatchObject({ status: 404, body: '{"message":"no such pet"}' });
  });

  it('MOCK with passthroughBehavior NEVER: 415 for a Content-Type without template', async () => {
    const r = await call('/mock', { headers: { 'content-type': 'text/plain' } });
    expect(r.status).toBe(415);
    expect(r.headers['x-amzn-errortype']).toBe('UnsupportedMediaTypeException');
    expect(r.body).toBe('{"message":"Unsupported Media Type"}');
  });

  it('HTTP: maps the request to the real upstream and the upstream response back', async () => {
    seen.length = 0;
    const r = await call('/http/7', { method: 'POST', headers: { 'content-type': 'application/json', tenant: 'acme' }, body: '{"a":1}' });
    expect(r.status).toBe(200);
    expect(r.body).toBe('{"petId":42}');
    expect(r.headers['x-name']).toBe('rex');
    expect(r.headers['x-backend']).toBe('up');
    expect(seen[0].url).toBe('/pets/7');
    expect(seen[0].headers['x-tenant']).toBe('acme');
    expect(JSON.parse(seen[0].body)).toEqual({ in: { a: 1 }, v: 'blue' });
  });

  it('Lambda proxy: the function answers the client', async () => {
    const r = await call('/proxy?x=1');
    expect(r.status).toBe(201);
    expect(r.headers['x-fn']).toBe('proxy');
    expect(JSON.parse(r.body)).toEqual({ path: '/proxy', resource: '/proxy', q: { x: '1' } });
  });

  it('Lambda custom: template → payload, result → template; errorMessage selects the 400 response', async () => {
    const ok = await call('/custom', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"n":21}' });
    expect(ok).toMatchObject({ status: 200, body: '{"result":42}' });
    const bad = await call('/custom', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"n":1,"fail":"n too small"}' });
    expect(bad).toMatchObject({ status: 400, body: '{"error":"Invalid input: n too small"}' });
  });

  it('validator: 400 for missing parameters and for a body that breaks the model', async () => {
    const post = (path: string, body: string) => call(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(await post('/validated?q1=a', '{"name":"rex"}')).toMatchObject({ status: 200, body: '{"valid":true}' });
    expect(await post('/validated', '{"name":"rex"}')).toMatchObject({ status: 400, body: '{"message":"Missing required request parameters: [q1]"}' });
    expect(await post('/validated?q1=a', '{"price":900}')).toMatchObject({ status: 400, body: '{"message":"Invalid request body"}' });
  });

  it('customised gateway response: MISSING_AUTHENTICATION_TOKEN as a 404 rendered with the VTL engine', async () => {
    const r = await call('/nowhere');
    expect(r.status).toBe(404);
    expect(r.headers['x-stage-color']).toBe('blue');
    expect(r.headers['x-amzn-errortype']).toBe('MissingAuthenticationTokenException');
    expect(JSON.parse(r.body)).toEqual({ message: 'Missing Authentication Token', requestId: r.headers['x-amzn-requestid'], color: 'blue' });
  });

  it('redeploys under continuous load without a single failed request (compile, then swap)', async () => {
    let stop = false;
    let failures = 0;
    let total = 0;
    let sawV2 = false;
    const worker = async () => {
      while (!stop) {
        const r = await call('/mock');
        total++;
        if (r.status !== 200) failures++;
        else if (r.body.includes('"v2"')) sawV2 = true;
      }
    };
    const load = [worker(), worker(), worker()];
    const mockId = (await apigw.send(new GetResourcesCommand({ restApiId: apiId }))).items!.find((r) => r.path === '/mock')!.id!;
    await apigw.send(
      new PutIntegrationResponseCommand({
        restApiId: apiId,
        resourceId: mockId,
        httpMethod: 'GET',
        statusCode: '200',
        responseTemplates: { 'application/json': '{"mock":"v2","stage":"$context.stage","color":"$stageVariables.color"}' },
      }),
    );
    await apigw.send(new CreateDeploymentCommand({ restApiId: apiId, stageName: 'prod', variables: { color: 'green', backend: upstreamHost } }));
    const deadline = Date.now() + 10_000;
    while (!sawV2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    // A little more load on the new deployment, then stop.
    await new Promise((resolve) => setTimeout(resolve, 100));
    stop = true;
    await Promise.all(load);
    expect(sawV2).toBe(true);
    expect(failures).toBe(0);
    expect(total).toBeGreaterThan(0);
    expect(JSON.parse((await call('/mock')).body)).toEqual({ mock: 'v2', stage: 'prod', color: 'green' });
  });
});
