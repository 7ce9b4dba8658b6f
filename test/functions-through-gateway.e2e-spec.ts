import { ApiGatewayV2Client, CreateApiCommand } from '@aws-sdk/client-apigatewayv2';
import { InvokeCommand, LambdaClient, UpdateFunctionCodeCommand } from '@aws-sdk/client-lambda';
import { createNodeFunction, startControlPlane, startGateway, StartedControlPlane, StartedGateway, zipOf } from '@app/testing';

/**
 * Functions as users deploy them: a zip through the Lambda API, invoked directly and through an HTTP API route,
 * updated in place; and handlers that misbehave in every way a handler can, each answered with AWS's error while
 * the node keeps serving everyone else.
 */
describe('functions through the gateway', () => {
  let cp: StartedControlPlane;
  let gw: StartedGateway;
  let lambda: LambdaClient;
  let apis: ApiGatewayV2Client;
  const urls: Record<string, string> = {};

  const HANDLERS: Record<string, { code: string; timeout?: number; memory?: number }> = {
    ok: { code: `exports.handler = async (e) => ({ statusCode: 200, body: 'ok ' + e.rawPath });` },
    throws: { code: `exports.handler = async () => { throw new Error('kaboom'); };` },
    slow: { code: `exports.handler = () => new Promise(() => {});`, timeout: 1 },
    exits: { code: `exports.handler = async () => { process.exit(3); };` },
    loops: { code: `exports.handler = async () => { for (;;) {} };`, timeout: 1 },
    leaks: { code: `const hog = []; exports.handler = async () => { for (;;) hog.push(new Array(1e6).fill(1)); };`, memory: 128, timeout: 10 },
    rejects: { code: `exports.handler = async () => { Promise.reject(new Error('lost')); return new Promise(() => {}); };`, timeout: 2 },
    badShape: { code: `exports.handler = async () => ({ statusCode: 'teapot', body: 42 });` },
  };

  beforeAll(async () => {
    cp = await startControlPlane();
    gw = await startGateway(cp.runtime);
    lambda = new LambdaClient(cp.clientConfig);
    apis = new ApiGatewayV2Client(cp.clientConfig);
    for (const [name, h] of Object.entries(HANDLERS)) {
      const arn = await createNodeFunction(lambda, name, h.code, { timeoutSeconds: h.timeout, memoryMb: h.memory });
      const api = await apis.send(new CreateApiCommand({ Name: name, ProtocolType: 'HTTP', Target: arn }));
      urls[name] = `${gw.endpoint}/_aws/execute-api/${api.ApiId}`;
    }
    // Deployments reach the node through the bus; wait until the last one is served.
    for (let i = 0; i < 50 && (await fetch(`${urls.badShape}/x`)).status === 403; i++) await new Promise((r) => setTimeout(r, 50));
  });

  afterAll(async () => {
    lambda.destroy();
    apis.destroy();
    await gw.close();
    await cp.close();
  });

  it('serves a function created from a zip, and its new code after UpdateFunctionCode', async () => {
    expect(await (await fetch(`${urls.ok}/hello`)).text()).toBe('ok /hello');
    await lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: 'ok', ZipFile: zipOf({ 'index.js': `exports.handler = async () => 'v2';` }) }),
    );
    let body = '';
    for (let i = 0; i < 50 && body !== 'v2'; i++) body = await (await fetch(`${urls.ok}/hello`)).text();
    expect(body).toBe('v2');
  });

  it.each([
    ['throws', 'Error', 'kaboom'],
    ['slow', undefined, /Task timed out after 1\.00 seconds/],
    ['exits', 'Runtime.ExitError', /Runtime exited with error: exit status 3/],
    ['loops', undefined, /Task timed out after 1\.00 seconds/],
    ['leaks', 'Runtime.OutOfMemory', /Runtime exited with error/],
    ['rejects', 'Runtime.UnhandledPromiseRejection', /lost/],
  ])('a handler that %s: Invoke reports an Unhandled function error', async (name, errorType, message) => {
    const out = await lambda.send(new InvokeCommand({ FunctionName: name }));
    expect(out.FunctionError).toBe('Unhandled');
    const payload = JSON.parse(Buffer.from(out.Payload!).toString());
    if (errorType) expect(payload.errorType).toBe(errorType);
    expect(payload.errorMessage).toMatch(message);
  });

  it('answers every misbehaving handler with the HTTP API 500 while other requests keep succeeding', async () => {
    const bad = ['throws', 'slow', 'exits', 'loops', 'leaks', 'rejects', 'badShape'].map((name) => fetch(`${urls[name]}/x`));
    const good = Array.from({ length: 20 }, (_, i) => fetch(`${urls.ok}/n${i}`));
    const [badResults, goodResults] = await Promise.all([Promise.all(bad), Promise.all(good)]);
    for (const res of badResults) {
      expect(res.status).toBe(500);
      expect(await res.text()).toBe('{"message":"Internal Server Error"}');
    }
    for (const res of goodResults) expect(res.status).toBe(200);
  });

  it('recovers: a handler that crashed is replaced and runs again', async () => {
    await lambda.send(
      new UpdateFunctionCodeCommand({ FunctionName: 'exits', ZipFile: zipOf({ 'index.js': `exports.handler = async () => ({ statusCode: 200, body: 'fine' });` }) }),
    );
    let res = await fetch(`${urls.exits}/x`);
    for (let i = 0; i < 50 && res.status !== 200; i++) res = await fetch(`${urls.exits}/x`);
    expect(await res.text()).toBe('fine');
    expect((await fetch(`${gw.endpoint}/health/ready`)).status).toBe(200);
  });
});
