import type { RestIntegrationDoc } from '@app/contracts';
import { httpStage } from '../testing/active-stage.factory';
import { restApi, startRestHarness, type RestHarness } from '../testing/rest-harness';
import { mockIntegration, mockStatus } from './mock.integration';

const mock = (extra: Partial<RestIntegrationDoc> = {}): RestIntegrationDoc => ({
  type: 'MOCK',
  requestTemplates: { 'application/json': '{"statusCode": $input.params(\'code\')}' },
  integrationResponses: {
    '200': { statusCode: '200', responseTemplates: { 'application/json': '{"ok":true,"stage":"$context.stage","v":"$stageVariables.color"}' } },
    '404': { statusCode: '404', selectionPattern: '404', responseTemplates: { 'application/json': '{"message":"no pet"}' } },
    '500': { statusCode: '500', selectionPattern: '5\\d{2}', responseParameters: { 'method.response.header.x-why': "'broken'" } },
  },
  ...extra,
});

describe('mockIntegration', () => {
  let sut: RestHarness;
  beforeAll(async () => (sut = await startRestHarness()));
  afterAll(() => sut.close());

  beforeEach(() => {
    sut.registry.load(
      restApi(
        'mockapi',
        {
          variables: { color: 'blue' },
          methods: [
            { path: '/pets', httpMethod: 'GET', methodIntegration: mock() },
            { path: '/plain', httpMethod: 'GET', methodIntegration: { type: 'MOCK', integrationResponses: { '200': { statusCode: '200' } } } },
            { path: '/never', httpMethod: 'POST', methodIntegration: mock({ passthroughBehavior: 'NEVER' }) },
            { path: '/notemplates', httpMethod: 'POST', methodIntegration: mock({ passthroughBehavior: 'WHEN_NO_TEMPLATES' }) },
            { path: '/passthrough', httpMethod: 'POST', methodIntegration: { type: 'MOCK', integrationResponses: { '200': { statusCode: '200' }, '201': { statusCode: '201', selectionPattern: '201' } } } },
            {
              path: '/override',
              httpMethod: 'GET',
              methodIntegration: {
                type: 'MOCK',
                requestTemplates: { 'application/json': '{"statusCode": 200}' },
                integrationResponses: {
                  '200': {
                    statusCode: '200',
                    responseTemplates: { 'application/json': '#set($context.responseOverride.status = 418)#set($context.responseOverride.header.x-tea = "pot"){"teapot":true}' },
                  },
                },
              },
            },
            {
              path: '/undeclared',
              httpMethod: 'GET',
              methodResponses: {},
              methodIntegration: { type: 'MOCK', integrationResponses: { '200': { statusCode: '200' } } },
            },
          ],
        },
      ),
    );
  });

  it('renders the request template; its statusCode selects the default 200 response, whose template sees $context and $stageVariables', async () => {
    const r = await sut.call('mockapi', '/pets?code=200');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/json');
    expect(JSON.parse(r.body)).toEqual({ ok: true, stage: 'prod', v: 'blue' });
  });

  it('reads parameters and headers named like Object.prototype members as plain names (was a 500)', async () => {
    const r = await sut.call('mockapi', '/pets?constructor=x&__proto__=y&code=200', { headers: { constructor: 'h' } });
    expect(r.status).toBe(200);
  });

  it('selects the integration response whose selectionPattern matches the whole status code', async () => {
    expect(await sut.call('mockapi', '/pets?code=404')).toMatchObject({ status: 404, body: '{"message":"no pet"}' });
    const broken = await sut.call('mockapi', '/pets?code=503');
    expect(broken.status).toBe(500);
    expect(broken.headers['x-why']).toBe('broken');
    expect(broken.body).toBe('');
    // 201 matches no pattern, so the default response answers.
    expect((await sut.call('mockapi', '/pets?code=201')).status).toBe(200);
  });

  it('answers 200 with an empty body when there is no template and no request body', async () => {
    const r = await sut.call('mockapi', '/plain');
    expect(r).toMatchObject({ status: 200, body: '' });
    expect(r.headers['x-amzn-requestid']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('passes a body through to the mock when no template matches (WHEN_NO_MATCH)', async () => {
    const r = await sut.call('mockapi', '/passthrough', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"statusCode":201}' });
    expect(r.status).toBe(201);
  });

  it('answers 500 when a passed-through body has no statusCode', async () => {
    const r = await sut.call('mockapi', '/passthrough', { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hello' });
    expect(r.status).toBe(500);
    expect(r.body).toBe('{"message": "Internal server error"}');
  });

  it.each([
    ['/never', 'text/plain'],
    ['/notemplates', 'application/xml'],
  ])('%s answers 415 Unsupported Media Type for %s', async (path, type) => {
    const r = await sut.call('mockapi', path, { method: 'POST', headers: { 'content-type': type }, body: '<a/>' });
    expect(r.status).toBe(415);
    expect(r.headers['x-amzn-errortype']).toBe('UnsupportedMediaTypeException');
    expect(r.body).toBe('{"message":"Unsupported Media Type"}');
  });

  it('NEVER still maps a Content-Type that has a template (charset ignored)', async () => {
    const r = await sut.call('mockapi', '/never?code=200', { method: 'POST', headers: { 'content-type': 'application/json; charset=UTF-8' }, body: '{}' });
    expect(r.status).toBe(200);
  });

  it('honours $context.responseOverride.status and .header', async () => {
    const r = await sut.call('mockapi', '/override');
    expect(r.status).toBe(418);
    expect(r.headers['x-tea']).toBe('pot');
    expect(r.body).toBe('{"teapot":true}');
  });

  it('answers 500 when the selected status has no method response', async () => {
    const r = await sut.call('mockapi', '/undeclared');
    expect(r.status).toBe(500);
    expect(r.headers['x-amzn-errortype']).toBe('InternalServerErrorException');
  });

  it('refuses to compile a template with a syntax error, naming the method', () => {
    const bad = restApi('badapi', { methods: [{ path: '/x', httpMethod: 'GET', methodIntegration: mock({ requestTemplates: { 'application/json': '#if(' } }) }] });
    expect(() => sut.registry.load(bad)).toThrow(/GET \/x: requestTemplates\['application\/json'\]/);
  });

  it('refuses an invalid selectionPattern', () => {
    const bad = restApi('badapi', {
      methods: [{ path: '/x', httpMethod: 'GET', methodIntegration: { type: 'MOCK', integrationResponses: { '400': { statusCode: '400', selectionPattern: '(' } } } }],
    });
    expect(() => sut.registry.load(bad)).toThrow("selectionPattern '(' is not a valid regular expression");
  });

  it('is for REST only: an HTTP API route with a MOCK integration answers a configuration error', async () => {
    sut.registry.load(httpStage('httpmock', 'prod', [{ routeKey: 'GET /x', integration: { integrationType: 'MOCK' } }]));
    const r = await sut.call('httpmock', '/x');
    expect(r.status).toBe(500);
    expect(r.body).toBe('{"message":"Internal Server Error"}');
    expect(mockIntegration).toBeInstanceOf(Function);
  });
});

describe(mockStatus.name, () => {
  it.each([
    ['', 200],
    ['  ', 200],
    ['{"statusCode": 404}', 404],
    ['{"statusCode": "201"}', 201],
    ['{}', null],
    ['{"statusCode": 99}', null],
    ['{"statusCode": 200.5}', null],
    ['[200]', null],
    ['not json', null],
  ])('%j → %s', (body, expected) => {
    expect(mockStatus(body)).toBe(expected);
  });
});
