import { eventOfPayload } from '@app/testing/lambda-payload';
import type { LambdaInvokeResult, RestIntegrationDoc } from '@app/contracts';
import { lambdaUri, success } from '../testing/active-stage.factory';
import { restApi, startRestHarness, type RestHarness } from '../testing/rest-harness';
import { awsIntegration, errorOutput, invocationOptions } from './aws-lambda.integration';

const functionError = (errorMessage: string): LambdaInvokeResult => ({
  kind: 'function-error',
  statusCode: 200,
  functionError: 'Unhandled',
  executedVersion: '$LATEST',
  payload: JSON.stringify({ errorMessage, errorType: 'Error', stackTrace: ['at handler (index.js:1:1)'] }),
});

describe('awsIntegration', () => {
  let sut: RestHarness;
  beforeAll(async () => (sut = await startRestHarness()));
  afterAll(() => sut.close());

  const custom = (extra: Partial<RestIntegrationDoc> = {}): RestIntegrationDoc => ({
    type: 'AWS',
    httpMethod: 'POST',
    uri: lambdaUri('${stageVariables.fn}'),
    requestTemplates: { 'application/json': '{"id":"$input.params(\'id\')","body":$input.json(\'$\'),"stage":"$context.stage"}' },
    integrationResponses: {
      '200': { statusCode: '200', responseTemplates: { 'application/json': '{"result":$input.json(\'$.value\')}' } },
      '400': {
        statusCode: '400',
        selectionPattern: 'Invalid.*',
        responseTemplates: { 'application/json': '{"error":"$input.path(\'$.errorMessage\')"}' },
      },
      '500': {
        statusCode: '500',
        selectionPattern: '(\\n|.)*"httpStatus":500(\\n|.)*',
        responseParameters: { 'method.response.header.x-error-type': 'integration.response.body.errorMessage.errorType' },
      },
    },
    ...extra,
  });

  beforeEach(() => {
    sut.invoker.requests.length = 0;
    sut.invoker.answer = success({ value: { ok: true } });
    sut.registry.load(
      restApi('lambdaapi', {
        variables: { fn: 'pets-fn' },
        methods: [
          { path: '/pets/{id}', httpMethod: 'POST', requestParameters: { 'method.request.path.id': true }, methodIntegration: custom() },
          {
            path: '/async',
            httpMethod: 'POST',
            methodIntegration: custom({
              requestParameters: { 'integration.request.header.X-Amz-Invocation-Type': "'Event'" },
              integrationResponses: { '202': { statusCode: '202', responseTemplates: { 'application/json': '{"queued":true}' } } },
            }),
          },
          { path: '/raw', httpMethod: 'POST', methodIntegration: { type: 'AWS', httpMethod: 'POST', uri: lambdaUri('raw-fn'), integrationResponses: { '200': { statusCode: '200' } } } },
          { path: '/s3', httpMethod: 'GET', methodIntegration: { type: 'AWS', httpMethod: 'GET', uri: 'arn:aws:apigateway:us-east-1:s3:path/bucket/key' } },
          { path: '/fast', httpMethod: 'GET', methodIntegration: custom({ timeoutInMillis: 50 }) },
        ],
      }),
    );
  });

  it('invokes the function from the URI (stage variable substituted) with the rendered request template as payload', async () => {
    const r = await sut.call('lambdaapi', '/pets/7', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' });
    expect(sut.invoker.requests[0].functionName).toBe('arn:aws:lambda:us-east-1:123456789012:function:pets-fn');
    expect(eventOfPayload(sut.invoker.requests[0].payload)).toEqual({ id: '7', body: { a: 1 }, stage: 'prod' });
    expect(r.status).toBe(200);
    expect(r.body).toBe('{"result":{"ok":true}}');
  });

  it('passes the body through as the payload when no template matches, and sends {} for no body', async () => {
    await sut.call('lambdaapi', '/raw', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"x":[1,2]}' });
    expect(sut.invoker.requests[0].payload).toBe('{"x":[1,2]}');
    const r = await sut.call('lambdaapi', '/raw', { method: 'POST' });
    expect(sut.invoker.requests[1].payload).toBe('{}');
    expect(r.body).toBe('{"value":{"ok":true}}');
  });

  it('selects the integration response whose pattern matches the errorMessage', async () => {
    sut.invoker.answer = functionError('Invalid pet id');
    const r = await sut.call('lambdaapi', '/pets/7', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(r.status).toBe(400);
    expect(r.body).toBe('{"error":"Invalid pet id"}');
  });

  it('maps a custom error whose errorMessage is JSON: header mappings read the deserialised message', async () => {
    sut.invoker.answer = functionError(JSON.stringify({ errorType: 'InternalServerError', httpStatus: 500 }));
    const r = await sut.call('lambdaapi', '/pets/7', { method: 'POST', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(r.status).toBe(500);
    expect(r.headers['x-error-type']).toBe('InternalServerError');
  });

  it('returns an unmatched function error through the default response (200 with the error object, as AWS does)', async () => {
    sut.invoker.answer = functionError('something else');
    const r = await sut.call('lambdaapi', '/raw', { method: 'POST' });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toEqual({ errorMessage: 'something else', errorType: 'Error', stackTrace: ['at handler (index.js:1:1)'] });
  });

  it('honours an X-Amz-Invocation-Type header mapping (asynchronous invocation)', async () => {
    sut.invoker.answer = { kind: 'success', statusCode: 202, payload: '', executedVersion: '$LATEST' };
    sut.registry.load(
      restApi('lambdaapi', {
        variables: { fn: 'pets-fn' },
        methods: [
          {
            path: '/async',
            httpMethod: 'POST',
            methodIntegration: custom({
              requestParameters: { 'integration.request.header.X-Amz-Invocation-Type': "'Event'" },
              integrationResponses: { '200': { statusCode: '200', responseTemplates: { 'application/json': '{"queued":true}' } } },
            }),
          },
        ],
      }),
    );
    const r = await sut.call('lambdaapi', '/async', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(sut.invoker.requests[0].invocationType).toBe('Event');
    expect(r).toMatchObject({ status: 200, body: '{"queued":true}' });
  });

  it('answers 500 for a Lambda service error (e.g. missing function)', async () => {
    sut.invoker.answer = { kind: 'service-error', statusCode: 404, errorType: 'ResourceNotFoundException', message: 'Function not found' };
    const r = await sut.call('lambdaapi', '/raw', { method: 'POST' });
    expect(r).toMatchObject({ status: 500, body: '{"message": "Internal server error"}' });
  });

  it('answers 504 when the function does not answer within timeoutInMillis', async () => {
    sut.invoker.answer = () => new Promise((resolve) => setTimeout(() => resolve(success({})), 200));
    const r = await sut.call('lambdaapi', '/fast');
    expect(r).toMatchObject({ status: 504, body: '{"message": "Endpoint request timed out"}' });
  });

  it('answers 500 for AWS service integrations other than Lambda', async () => {
    const r = await sut.call('lambdaapi', '/s3');
    expect(r.status).toBe(500);
    expect(sut.invoker.requests).toHaveLength(0);
    expect(awsIntegration).toBeInstanceOf(Function);
  });
});

describe(errorOutput.name, () => {
  it('selects on errorMessage; a JSON errorMessage is deserialised only for header mappings', () => {
    const payload = JSON.stringify({ errorMessage: '{"code":7}', errorType: 'Error' });
    const out = errorOutput(payload);
    expect(out.selector).toBe('{"code":7}');
    expect(out.body).toBe(payload);
    expect(JSON.parse(out.mappingBody!)).toEqual({ errorMessage: { code: 7 }, errorType: 'Error' });
  });
  it('uses the whole payload when it is not a Lambda error object', () => {
    expect(errorOutput('boom').selector).toBe('boom');
    expect(errorOutput('{"x":1}').selector).toBe('');
  });
});

describe(invocationOptions.name, () => {
  it('reads the Lambda invoke headers case-insensitively and ignores invalid values', () => {
    expect(invocationOptions({ 'x-amz-invocation-type': 'Event', 'X-Amz-Client-Context': 'e30=', 'X-Amz-Log-Type': 'Tail', other: 'x' })).toEqual({
      invocationType: 'Event',
      clientContext: 'e30=',
      logType: 'Tail',
    });
    expect(invocationOptions({ 'X-Amz-Invocation-Type': 'Later' })).toEqual({});
  });
});
