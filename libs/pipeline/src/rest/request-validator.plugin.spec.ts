import { restApi, startRestHarness, type RestHarness } from '../testing/rest-harness';
import { modelUrl } from './model-schemas';
import { requestValidatorStage } from './request-validator.plugin';

const MOCK_OK = { type: 'MOCK' as const, requestTemplates: { 'application/json': '{"statusCode":200}', 'application/xml': '{"statusCode":200}' }, integrationResponses: { '200': { statusCode: '200' } } };

describe(requestValidatorStage.name, () => {
  let sut: RestHarness;
  beforeAll(async () => (sut = await startRestHarness()));
  afterAll(() => sut.close());

  const models = [
    {
      id: 'm1',
      name: 'Pet',
      contentType: 'application/json',
      schema: JSON.stringify({
        $schema: 'http://json-schema.org/draft-04/schema#',
        type: 'object',
        required: ['name', 'type', 'owner'],
        properties: {
          name: { type: 'string' },
          type: { enum: ['dog', 'cat', 'fish'] },
          price: { type: 'number', maximum: 500, exclusiveMaximum: false },
          owner: { $ref: modelUrl('valapi', 'Owner') },
        },
      }),
    },
    { id: 'm2', name: 'Owner', contentType: 'application/json', schema: '{"type":"object","required":["id"],"properties":{"id":{"type":"integer"}}}' },
  ];

  beforeEach(() => {
    sut.registry.load(
      restApi('valapi', {
        models,
        requestValidators: [
          { id: 'all', name: 'all', validateRequestBody: true, validateRequestParameters: true },
          { id: 'params', name: 'params', validateRequestParameters: true },
          { id: 'none', name: 'none' },
        ],
        methods: [
          {
            path: '/validation',
            httpMethod: 'POST',
            requestValidatorId: 'all',
            requestParameters: { 'method.request.header.h1': true, 'method.request.querystring.q1': true, 'method.request.querystring.opt': false },
            requestModels: { 'application/json': 'Pet' },
            methodIntegration: MOCK_OK,
          },
          { path: '/params', httpMethod: 'POST', requestValidatorId: 'params', requestModels: { 'application/json': 'Pet' }, requestParameters: { 'method.request.querystring.q1': true }, methodIntegration: MOCK_OK },
          { path: '/off', httpMethod: 'POST', requestValidatorId: 'none', requestParameters: { 'method.request.querystring.q1': true }, methodIntegration: MOCK_OK },
        ],
      }),
    );
  });

  const pet = { name: 'Marco', type: 'dog', price: 260, owner: { id: 1 } };
  const post = (path: string, body: unknown, headers: Record<string, string> = { h1: 'v1', 'content-type': 'application/json' }) =>
    sut.call('valapi', path, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });

  it('lets a valid request through', async () => {
    expect((await post('/validation?q1=cat', pet)).status).toBe(200);
  });

  it.each([
    ['/validation', { 'content-type': 'application/json' }, '[h1, q1]'],
    ['/validation?q1=', { 'content-type': 'application/json', h1: 'v1' }, '[q1]'],
    ['/validation?q1=%20', { 'content-type': 'application/json', h1: '  ' }, '[h1, q1]'],
    ['/validation?q1=cat', { 'content-type': 'application/json' }, '[h1]'],
  ])('%s %j: 400 Missing required request parameters %s', async (path, headers, list) => {
    const r = await post(path, pet, headers);
    expect(r.status).toBe(400);
    expect(r.headers['x-amzn-errortype']).toBe('BadRequestException');
    expect(r.body).toBe(`{"message":"Missing required request parameters: ${list}"}`);
  });

  it.each([
    ['an enum violation', { ...pet, type: 'bird' }],
    ['a maximum violation', { ...pet, price: 501 }],
    ['a missing required property', { name: 'x', type: 'dog' }],
    ['a violation inside a $ref model', { ...pet, owner: { id: 'one' } }],
    ['a body that is not JSON', '{"name":'],
    ['an empty body', ''],
  ])('400 Invalid request body for %s', async (_, body) => {
    const r = await post('/validation?q1=cat', body);
    expect(r.status).toBe(400);
    expect(r.body).toBe('{"message":"Invalid request body"}');
  });

  it('does not validate a media type without a model (charset ignored for one that has)', async () => {
    expect((await post('/validation?q1=cat', '<pet/>', { h1: 'v1', 'content-type': 'application/xml' })).status).toBe(200);
    expect((await post('/validation?q1=cat', { bad: 1 }, { h1: 'v1', 'content-type': 'application/json; charset=utf-8' })).status).toBe(400);
  });

  it('checks only parameters with a parameters-only validator, and nothing with a validator that enables neither', async () => {
    expect((await post('/params?q1=x', { bad: 1 })).status).toBe(200);
    expect((await post('/params', pet)).body).toBe('{"message":"Missing required request parameters: [q1]"}');
    expect((await post('/off', pet)).status).toBe(200);
  });

  it('exposes the schema errors as $context.error.validationErrorString to a customised gateway response', async () => {
    sut.registry.load(
      restApi('valapi', {
        models,
        requestValidators: [{ id: 'all', validateRequestBody: true }],
        gatewayResponses: [{ responseType: 'BAD_REQUEST_BODY', responseTemplates: { 'application/json': '{"message":$context.error.messageString,"details":"$context.error.validationErrorString"}' } }],
        methods: [{ path: '/validation', httpMethod: 'POST', requestValidatorId: 'all', requestModels: { 'application/json': 'Pet' }, methodIntegration: MOCK_OK }],
      }),
    );
    const r = await post('/validation', { ...pet, type: 'bird' });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body)).toEqual({ message: 'Invalid request body', details: '[/type must be equal to one of the allowed values]' });
  });

  it.each([
    [{ requestValidatorId: 'nope' }, "POST /v: requestValidatorId 'nope' does not exist"],
    [{ requestValidatorId: 'all', requestModels: { 'application/json': 'Ghost' } }, "POST /v: requestModels['application/json']: model 'Ghost' does not exist"],
    [{ requestValidatorId: 'all', requestParameters: { 'method.request.body.x': true } }, "'method.request.body.x' is not method.request"],
  ])('refuses %j at deploy', (method, message) => {
    const bad = restApi('bad', { models, requestValidators: [{ id: 'all', validateRequestBody: true, validateRequestParameters: true }], methods: [{ path: '/v', httpMethod: 'POST', methodIntegration: MOCK_OK, ...method }] });
    expect(() => sut.registry.load(bad)).toThrow(message);
  });

  it('refuses a model whose schema is not JSON or has a dangling $ref, when a validator uses it', () => {
    const broken = (schema: string) =>
      restApi('bad', {
        models: [{ id: 'b', name: 'Broken', contentType: 'application/json', schema }],
        requestValidators: [{ id: 'all', validateRequestBody: true }],
        methods: [{ path: '/v', httpMethod: 'POST', requestValidatorId: 'all', requestModels: { 'application/json': 'Broken' }, methodIntegration: MOCK_OK }],
      });
    expect(() => sut.registry.load(broken('{nope'))).toThrow("model 'Broken': schema is not JSON");
    expect(() => sut.registry.load(broken(JSON.stringify({ $ref: modelUrl('bad', 'Missing') })))).toThrow(/model 'Broken'/);
  });
});
