import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { lambdaUri, success } from '../testing/active-stage.factory';
import { restApi, startRestHarness, type RestHarness } from '../testing/rest-harness';
import { VtlTemplateRenderer } from './vtl-template.renderer';

describe(VtlTemplateRenderer.name, () => {
  let sut: RestHarness;
  beforeAll(async () => (sut = await startRestHarness()));
  afterAll(() => sut.close());

  it('renders customised gateway responses with $context, $stageVariables, $util and $input like AWS', async () => {
    sut.registry.load(
      restApi('gwapi', {
        variables: { team: 'pets' },
        gatewayResponses: [
          {
            responseType: 'MISSING_AUTHENTICATION_TOKEN',
            statusCode: '404',
            responseParameters: { 'gatewayresponse.header.x-team': 'stageVariables.team' },
            responseTemplates: {
              'application/json':
                '{"message":$context.error.messageString,"type":"$context.error.responseType","id":"$context.requestId","team":"$stageVariables.team","path":"$util.escapeJavaScript($context.path)"#if($input.params(\'debug\') == "1"),"debug":true#end}',
            },
          },
        ],
        methods: [{ path: '/pets', httpMethod: 'GET', methodIntegration: { type: 'MOCK', integrationResponses: { '200': { statusCode: '200' } } } }],
      }),
    );
    const r = await sut.call('gwapi', '/nothing?debug=1');
    expect(r.status).toBe(404);
    expect(r.headers['x-team']).toBe('pets');
    expect(r.headers['x-amzn-errortype']).toBe('MissingAuthenticationTokenException');
    expect(JSON.parse(r.body)).toEqual({
      message: 'Missing Authentication Token',
      type: 'MISSING_AUTHENTICATION_TOKEN',
      id: r.headers['x-amzn-requestid'],
      team: 'pets',
      path: '/prod/nothing',
      debug: true,
    });
  });

  it('applies a DEFAULT_4XX customisation to every 4XX type the API did not customise itself', async () => {
    sut.registry.load(
      restApi('gwapi', {
        gatewayResponses: [{ responseType: 'DEFAULT_4XX', responseTemplates: { 'application/json': '{"error":"$context.error.message","class":"4xx"}' } }],
        methods: [{ path: '/pets', httpMethod: 'GET', methodIntegration: { type: 'MOCK', passthroughBehavior: 'NEVER', requestTemplates: { 'application/xml': '{}' } } }],
      }),
    );
    const missing = await sut.call('gwapi', '/nope');
    expect(missing.status).toBe(403);
    expect(missing.body).toBe('{"error":"Missing Authentication Token","class":"4xx"}');
    const unsupported = await sut.call('gwapi', '/pets', { headers: { 'content-type': 'text/plain' } });
    expect(unsupported.status).toBe(415);
    expect(unsupported.body).toBe('{"error":"Unsupported Media Type","class":"4xx"}');
  });

  it('exposes $context.authorizer.* (set by an authorizer stage) to gateway response templates', async () => {
    sut.registry.load(
      restApi('gwapi', {
        gatewayResponses: [{ responseType: 'DEFAULT_5XX', responseTemplates: { 'application/json': '{"principal":"$context.authorizer.principalId"}' } }],
        methods: [{ path: '/pets', httpMethod: 'GET', methodIntegration: { type: 'AWS_PROXY', uri: lambdaUri('f') } }],
      }),
    );
    const stage = sut.registry.get('gwapi', 'prod')!;
    const route = stage.restRouter!.match('GET', '/pets');
    if (route.kind !== 'route') throw new Error('no route');
    (route.route.stages as unknown as Array<(ctx: { authorizer: unknown }) => undefined>).unshift((ctx) => {
      ctx.authorizer = { principalId: 'user-1' };
      return undefined;
    });
    sut.invoker.answer = { kind: 'function-error', statusCode: 200, functionError: 'Unhandled', executedVersion: '$LATEST', payload: '{"errorMessage":"x"}' };
    const r = await sut.call('gwapi', '/pets');
    expect(r.body).toBe('{"principal":"user-1"}');
    sut.invoker.answer = success({});
  });

  it('answers the AWS 5XX body when a template fails while rendering', () => {
    const template = new VtlTemplateRenderer().compile('$util.base64Decode($context.requestId.substring(99))');
    const ctx = { body: null, contextVariables: () => ({ requestId: 'short' }), stage: { stageVariables: null } } as never;
    expect(template.render(ctx)).toBe('{"message": "Internal server error"}');
  });

  it('refuses a template with a syntax error at deploy', () => {
    expect(() => new VtlTemplateRenderer().compile('#foreach(')).toThrow();
  });
});

describe('REST proxy integrations with integration.request.* mappings', () => {
  let sut: RestHarness;
  let upstream: Server;
  let origin: string;
  let seen: IncomingMessage[];

  beforeAll(async () => {
    sut = await startRestHarness();
    seen = [];
    upstream = createServer((req, res) => {
      seen.push(req);
      res.end('{}');
    });
    await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await sut.close();
    await new Promise<void>((resolve) => upstream.close(() => resolve()));
  });

  it('HTTP_PROXY: header, query string and path mappings apply on top of the proxied request', async () => {
    sut.registry.load(
      restApi('proxyapi', {
        methods: [
          {
            path: '/items/{id}',
            httpMethod: 'GET',
            requestParameters: { 'method.request.path.id': true, 'method.request.header.Tenant': false },
            methodIntegration: {
              type: 'HTTP_PROXY',
              httpMethod: 'GET',
              uri: `${origin}/v2/{itemId}`,
              requestParameters: {
                'integration.request.path.itemId': 'method.request.path.id',
                'integration.request.header.x-tenant': 'method.request.header.Tenant',
                'integration.request.querystring.source': "'gateway'",
              },
            },
          },
        ],
      }),
    );
    const r = await sut.call('proxyapi', '/items/9?source=client&keep=1', { headers: { tenant: 't1' } });
    expect(r.status).toBe(200);
    expect(seen[0].url).toBe('/v2/9?keep=1&source=gateway');
    expect(seen[0].headers['x-tenant']).toBe('t1');
    expect(seen[0].headers.tenant).toBe('t1');
  });

  it('AWS_PROXY: an X-Amz-Invocation-Type mapping reaches the invoker', async () => {
    sut.registry.load(
      restApi('proxyapi', {
        methods: [
          {
            path: '/fire',
            httpMethod: 'POST',
            methodIntegration: { type: 'AWS_PROXY', uri: lambdaUri('f'), requestParameters: { 'integration.request.header.X-Amz-Invocation-Type': "'Event'" } },
          },
        ],
      }),
    );
    sut.invoker.answer = success({ statusCode: 200, body: 'ok' });
    await sut.call('proxyapi', '/fire', { method: 'POST' });
    expect(sut.invoker.requests.at(-1)!.invocationType).toBe('Event');
  });
});
