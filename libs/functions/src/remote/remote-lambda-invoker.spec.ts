import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RemoteLambdaInvoker } from './remote-lambda-invoker';

interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** Speaks the Lambda Invoke wire format: POST /2015-03-31/functions/{name}/invocations. */
function lambdaServer(reply: (seen: Seen, res: ServerResponse) => void): Promise<{ server: Server; endpoint: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const s = { method: req.method!, url: req.url!, headers: req.headers, body };
      seen.push(s);
      reply(s, res);
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen })),
  );
}

function answer(res: ServerResponse, status: number, headers: Record<string, string>, body: string): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body);
}

describe(RemoteLambdaInvoker.name, () => {
  let server: Server;
  let sut: RemoteLambdaInvoker;
  let seen: Seen[];

  beforeAll(async () => {
    const started = await lambdaServer((s, res) => {
      const name = decodeURIComponent(s.url.split('/')[3]);
      if (name === 'ok') return answer(res, 200, { 'x-amz-executed-version': '3', 'x-amz-log-result': 'bG9n' }, '{"statusCode":200}');
      if (name === 'event') return answer(res, 202, {}, '');
      if (name === 'dry') return answer(res, 204, {}, '');
      if (name === 'fails') return answer(res, 200, { 'x-amz-function-error': 'Unhandled', 'x-amz-executed-version': '$LATEST' }, '{"errorType":"Error","errorMessage":"boom","trace":[]}');
      if (name === 'busy') return answer(res, 429, { 'x-amzn-errortype': 'TooManyRequestsException' }, '{"Type":"User","message":"Rate Exceeded.","Reason":"ReservedFunctionConcurrentInvocationLimitExceeded"}');
      return answer(res, 404, { 'x-amzn-errortype': 'ResourceNotFoundException' }, `{"Type":"User","message":"Function not found: arn:aws:lambda:us-east-1:123456789012:function:${name}"}`);
    });
    server = started.server;
    seen = started.seen;
    sut = new RemoteLambdaInvoker({ endpoint: started.endpoint, region: 'us-east-1', credentials: { accessKeyId: 'AKIDTEST', secretAccessKey: 'secret' } });
  });

  afterAll(async () => {
    sut.close();
    await new Promise((r) => server.close(r));
  });

  it('sends a signed Invoke with the payload, qualifier and options, and maps the answer', async () => {
    const result = await sut.invoke({ functionName: 'ok', qualifier: '3', payload: '{"a":1}', logType: 'Tail', clientContext: 'e30=' });
    expect(result).toEqual({ kind: 'success', statusCode: 200, payload: '{"statusCode":200}', executedVersion: '3', logResult: 'bG9n' });
    const last = seen[seen.length - 1];
    expect(last).toMatchObject({ method: 'POST', url: '/2015-03-31/functions/ok/invocations?Qualifier=3', body: '{"a":1}' });
    expect(last.headers).toMatchObject({ 'x-amz-log-type': 'Tail', 'x-amz-client-context': 'e30=' });
    expect(last.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDTEST\/\d{8}\/us-east-1\/lambda\/aws4_request/);
  });

  it('maps Event (202) and DryRun (204) to success with an empty payload', async () => {
    await expect(sut.invoke({ functionName: 'event', payload: '{}', invocationType: 'Event' })).resolves.toEqual({
      kind: 'success',
      statusCode: 202,
      payload: '',
      executedVersion: '$LATEST',
    });
    expect(seen[seen.length - 1].headers['x-amz-invocation-type']).toBe('Event');
    await expect(sut.invoke({ functionName: 'dry', payload: '{}', invocationType: 'DryRun' })).resolves.toMatchObject({ statusCode: 204, payload: '' });
  });

  it('maps X-Amz-Function-Error to a function error with the error payload', async () => {
    await expect(sut.invoke({ functionName: 'fails', payload: '{}' })).resolves.toEqual({
      kind: 'function-error',
      statusCode: 200,
      payload: '{"errorType":"Error","errorMessage":"boom","trace":[]}',
      functionError: 'Unhandled',
      executedVersion: '$LATEST',
    });
  });

  it.each([
    ['missing', 404, 'ResourceNotFoundException', 'Function not found: arn:aws:lambda:us-east-1:123456789012:function:missing'],
    ['busy', 429, 'TooManyRequestsException', 'Rate Exceeded.'],
  ])('maps the service error for %s to %i %s', async (functionName, statusCode, errorType, message) => {
    await expect(sut.invoke({ functionName, payload: '{}' })).resolves.toEqual({ kind: 'service-error', statusCode, errorType, message });
  });

  it('does not retry: one request per invocation even on 429', async () => {
    const before = seen.length;
    await sut.invoke({ functionName: 'busy', payload: '{}' });
    expect(seen.length - before).toBe(1);
  });

  it('answers 502 ServiceException naming the endpoint when nothing listens there', async () => {
    const closed = await lambdaServer(() => undefined);
    const endpoint = closed.endpoint;
    await new Promise((r) => closed.server.close(r));
    const unreachable = new RemoteLambdaInvoker({ endpoint, region: 'us-east-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } });
    const result = await unreachable.invoke({ functionName: 'ok', payload: '{}' });
    unreachable.close();
    expect(result).toMatchObject({ kind: 'service-error', statusCode: 502, errorType: 'ServiceException', message: expect.stringContaining(endpoint) });
  });
});
