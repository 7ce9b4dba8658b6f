import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateRestApiCommand,
  GetResourcesCommand,
  ImportRestApiCommand,
} from '@aws-sdk/client-api-gateway';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { request } from 'undici';
import {
  createNodeFunction,
  lambdaInvocationUri,
  putMockMethod,
  startControlPlane,
  startGateway,
  startRecordingUpstream,
  type RecordingUpstream,
  type StartedControlPlane,
  type StartedGateway,
} from '@app/testing';

/**
 * The REST issue's "done when": one API built call by call, another imported from an OpenAPI 3 document with
 * `x-amazon-apigateway-*` extensions (MOCK, HTTP_PROXY and AWS_PROXY integrations, a request validator with a model,
 * customised gateway responses), both deployed with CreateDeployment and called through a gateway node.
 */
describe('REST API imported from OpenAPI, deployed and called through the gateway', () => {
  let cp: StartedControlPlane;
  let gw: StartedGateway;
  let upstream: RecordingUpstream;
  let imported: string;
  let built: string;

  const openapi = (backend: string) => ({
    openapi: '3.0.1',
    info: { title: 'imported-pets', version: '1.0' },
    'x-amazon-apigateway-request-validators': {
      all: { validateRequestBody: true, validateRequestParameters: true },
      params: { validateRequestBody: false, validateRequestParameters: true },
    },
    'x-amazon-apigateway-gateway-responses': {
      BAD_REQUEST_BODY: {
        statusCode: 422,
        responseParameters: { 'gatewayresponse.header.x-problem': "'body'" },
        responseTemplates: { 'application/json': '{"problem":"$context.error.message","type":"$context.error.responseType"}' },
      },
      MISSING_AUTHENTICATION_TOKEN: {
        statusCode: 404,
        responseTemplates: { 'application/json': '{"message":"no such route: $context.path"}' },
      },
    },
    paths: {
      '/pets': {
        get: {
          responses: { '200': { description: 'ok' } },
          'x-amazon-apigateway-integration': {
            type: 'mock',
            requestTemplates: { 'application/json': '{"statusCode": 200}' },
            responses: { default: { statusCode: '200', responseTemplates: { 'application/json': '[{"id":1,"name":"rex"},{"id":2,"name":"tom"}]' } } },
            passthroughBehavior: 'when_no_match',
          },
        },
        post: {
          'x-amazon-apigateway-request-validator': 'all',
          parameters: [{ name: 'tenant', in: 'header', required: true, schema: { type: 'string' } }],
          requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/NewPet' } } } },
          responses: { '201': { description: 'created' } },
          'x-amazon-apigateway-integration': {
            type: 'mock',
            requestTemplates: { 'application/json': '{"statusCode": 201}' },
            // A MOCK's integration response has an empty body: `$input` here is not the request's.
            responses: { default: { statusCode: '201', responseTemplates: { 'application/json': '{"created":true,"mockBody":"$input.body"}' } } },
            passthroughBehavior: 'never',
          },
        },
      },
      '/pets/{petId}': {
        get: {
          'x-amazon-apigateway-request-validator': 'params',
          parameters: [
            { name: 'petId', in: 'path', required: true, schema: { type: 'string' } },
            { name: 'fields', in: 'query', required: true, schema: { type: 'string' } },
          ],
          responses: { '200': { description: 'ok' } },
          'x-amazon-apigateway-integration': {
            type: 'http_proxy',
            httpMethod: 'GET',
            uri: `${backend}/backend/pets/{id}`,
            requestParameters: { 'integration.request.path.id': 'method.request.path.petId', 'integration.request.header.x-fields': 'method.request.querystring.fields' },
            passthroughBehavior: 'when_no_match',
          },
        },
      },
      '/fn/{proxy+}': {
        'x-amazon-apigateway-any-method': {
          parameters: [{ name: 'proxy', in: 'path', required: true, schema: { type: 'string' } }],
          responses: {},
          'x-amazon-apigateway-integration': { type: 'aws_proxy', httpMethod: 'POST', uri: lambdaInvocationUri('echo') },
        },
      },
    },
    components: {
      schemas: {
        NewPet: {
          type: 'object',
          required: ['name'],
          properties: { name: { type: 'string', minLength: 1 }, age: { type: 'integer', minimum: 0 } },
          additionalProperties: false,
        },
      },
    },
  });

  async function call(apiId: string, path: string, init: Parameters<typeof request>[1] = {}) {
    const r = await request(`${gw.stageUrl(apiId, 'v1')}${path}`, init);
    return { status: r.statusCode, headers: r.headers as Record<string, string>, body: await r.body.text() };
  }

  beforeAll(async () => {
    upstream = await startRecordingUpstream();
    upstream.reply = () => ({ status: 200, headers: ['content-type', 'application/json'], body: '{"from":"backend"}' });
    cp = await startControlPlane();
    gw = await startGateway(cp.runtime);
    const apigw = new APIGatewayClient(cp.clientConfig);
    await createNodeFunction(
      new LambdaClient(cp.clientConfig),
      'echo',
      `exports.handler = async (e) => ({ statusCode: 200, body: JSON.stringify({ resource: e.resource, path: e.path, proxy: e.pathParameters.proxy, method: e.httpMethod }) });`,
    );

    imported = (await apigw.send(new ImportRestApiCommand({ body: Buffer.from(JSON.stringify(openapi(upstream.url))) }))).id!;
    await apigw.send(new CreateDeploymentCommand({ restApiId: imported, stageName: 'v1' }));

    // The other API, built call by call: GET / answers from a MOCK.
    built = (await apigw.send(new CreateRestApiCommand({ name: 'built' }))).id!;
    const root = (await apigw.send(new GetResourcesCommand({ restApiId: built }))).items![0].id!;
    await putMockMethod(apigw, { restApiId: built, resourceId: root, httpMethod: 'GET' }, '{"api":"built"}');
    await apigw.send(new CreateDeploymentCommand({ restApiId: built, stageName: 'v1' }));
    for (let i = 0; i < 100 && ((await call(imported, '/pets')).status !== 200 || (await call(built, '/')).status !== 200); i++) await new Promise((r) => setTimeout(r, 50));
  });

  afterAll(async () => {
    await gw?.close();
    await cp?.close();
    await upstream?.close();
  });

  it('serves both APIs side by side', async () => {
    expect(await call(built, '/')).toMatchObject({ status: 200, body: '{"api":"built"}' });
    expect(await call(imported, '/pets')).toMatchObject({ status: 200, body: '[{"id":1,"name":"rex"},{"id":2,"name":"tom"}]' });
    expect((await call(imported, '/pets')).headers['content-type']).toBe('application/json');
  });

  it('validates the body against the imported model and maps the valid one through the MOCK response template', async () => {
    const post = (body: string, headers: Record<string, string> = { 'content-type': 'application/json', tenant: 't1' }) => call(imported, '/pets', { method: 'POST', headers, body });
    expect(await post('{"name":"rex","age":3}')).toMatchObject({ status: 201, body: '{"created":true,"mockBody":""}' });
    const bad = await post('{"age":-1}');
    expect(bad).toMatchObject({ status: 422, body: '{"problem":"Invalid request body","type":"BAD_REQUEST_BODY"}' });
    expect(bad.headers['x-problem']).toBe('body');
    for (const invalid of ['{"name":"rex","colour":"red"}', '{"name":""}', '[]', '{not json']) {
      expect(await post(invalid)).toMatchObject({ status: 422, body: '{"problem":"Invalid request body","type":"BAD_REQUEST_BODY"}' });
    }
    // Parameters are checked before the body, with AWS's default BAD_REQUEST_PARAMETERS answer.
    expect(await post('{"name":"rex"}', { 'content-type': 'application/json' })).toMatchObject({ status: 400, body: '{"message":"Missing required request parameters: [tenant]"}' });
  });

  it('proxies /pets/{petId} to the HTTP backend with the mapped path and header (the query string passes through), after checking the required query string', async () => {
    const ok = await call(imported, '/pets/42?fields=name');
    expect(ok).toMatchObject({ status: 200, body: '{"from":"backend"}' });
    const seen = upstream.requests.at(-1)!;
    expect(seen.url).toBe('/backend/pets/42?fields=name');
    expect(seen.headers['x-fields']).toBe('name');
    const before = upstream.requests.length;
    expect(await call(imported, '/pets/42')).toMatchObject({ status: 400, body: '{"message":"Missing required request parameters: [fields]"}' });
    expect(upstream.requests.length).toBe(before);
  });

  it('invokes the Lambda proxy behind a greedy ANY route', async () => {
    const res = await call(imported, '/fn/a/b', { method: 'DELETE' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toEqual({ resource: '/fn/{proxy+}', path: '/fn/a/b', proxy: 'a/b', method: 'DELETE' });
  });

  it("answers an unknown path with the imported MISSING_AUTHENTICATION_TOKEN response, and the other API's default", async () => {
    expect(await call(imported, '/nothing')).toMatchObject({ status: 404, body: '{"message":"no such route: /v1/nothing"}' });
    expect(await call(built, '/nothing')).toMatchObject({ status: 403, body: '{"message":"Missing Authentication Token"}' });
  });
});
