import { request } from 'undici';
import type { RequestContext } from '../context/request-context';
import { StageRegistry } from '../registry/stage.registry';
import type { GatewayResponse } from '../stages/gateway-response';
import type { StageFn, StagePlugin, StageSlot } from '../stages/pipeline-stage';
import { RecordingInvoker, httpStage, lambdaUri, success } from '../testing/active-stage.factory';
import { serveGateway, type GatewayServer } from '../testing/gateway-server';

/**
 * How the pipeline runs a route's stages: in order, each answering now or later, passing or answering, throwing or
 * rejecting. Two plug-in stages (throttle and authorize slots) do what the request's `x-first` / `x-second` header
 * says; the integration is a Lambda that answers 200 "hi".
 */
type Behaviour = 'pass' | 'pass-later' | 'answer' | 'answer-later' | 'throw' | 'reject';

function teapot(by: string): GatewayResponse {
  return { statusCode: 418, headers: ['content-type', 'text/plain'], body: `answered by ${by}` };
}

function behave(header: string, name: string): StageFn {
  return (ctx: RequestContext) => {
    const behaviour = (ctx.req.headers[header] ?? 'pass') as Behaviour;
    switch (behaviour) {
      case 'pass':
        return undefined;
      case 'pass-later':
        return new Promise((resolve) => setImmediate(() => resolve(undefined)));
      case 'answer':
        return teapot(name);
      case 'answer-later':
        return new Promise((resolve) => setImmediate(() => resolve(teapot(name))));
      case 'throw':
        throw new Error(`${name} broke`);
      case 'reject':
        return Promise.reject(new Error(`${name} failed`));
    }
  };
}

function plugin(slot: StageSlot, header: string, name: string): StagePlugin {
  return { slot, stage: { name, create: () => behave(header, name) } };
}

describe('gateway handler: running the stages of a route', () => {
  let registry: StageRegistry;
  let invoker: RecordingInvoker;
  let server: GatewayServer;
  let errors: unknown[];

  beforeAll(async () => {
    registry = new StageRegistry({ plugins: [plugin('throttle', 'x-first', 'first'), plugin('authorize', 'x-second', 'second')] });
    registry.load(httpStage('api1', '$default', [{ routeKey: 'ANY /hello', integration: { integrationType: 'AWS_PROXY', integrationUri: lambdaUri('f'), payloadFormatVersion: '2.0' } }]));
    invoker = new RecordingInvoker(success({ statusCode: 200, body: 'hi' }));
    errors = [];
    server = await serveGateway({ registry, invoker, onError: (error) => errors.push(error) });
  });

  afterAll(async () => {
    await server.close();
    await registry.close();
  });

  beforeEach(() => {
    invoker.requests.length = 0;
    errors.length = 0;
  });

  async function call(headers: Record<string, string>, body?: string) {
    const r = await request(`${server.base}/_aws/execute-api/api1/hello`, { method: body === undefined ? 'GET' : 'POST', headers, body });
    return { status: r.statusCode, body: await r.body.text() };
  }

  it.each<[Record<string, string>, number, string, number]>([
    [{}, 200, 'hi', 1],
    [{ 'x-first': 'pass-later' }, 200, 'hi', 1],
    [{ 'x-first': 'pass-later', 'x-second': 'pass-later' }, 200, 'hi', 1],
    [{ 'x-first': 'answer' }, 418, 'answered by first', 0],
    [{ 'x-first': 'answer-later' }, 418, 'answered by first', 0],
    [{ 'x-first': 'pass-later', 'x-second': 'answer' }, 418, 'answered by second', 0],
    [{ 'x-first': 'pass-later', 'x-second': 'answer-later' }, 418, 'answered by second', 0],
  ])('with stages %j answers %i %j, invoking the function %i times', async (headers, status, body, invocations) => {
    expect(await call(headers)).toEqual({ status, body });
    expect(invoker.requests).toHaveLength(invocations);
    expect(errors).toEqual([]);
  });

  it.each<[Record<string, string>, string]>([
    [{ 'x-first': 'throw' }, 'first broke'],
    [{ 'x-first': 'reject' }, 'first failed'],
    [{ 'x-first': 'pass-later', 'x-second': 'throw' }, 'second broke'],
    [{ 'x-first': 'pass-later', 'x-second': 'reject' }, 'second failed'],
  ])('answers a stage failing with %j with the 500 gateway response and keeps serving', async (headers, message) => {
    expect(await call(headers)).toEqual({ status: 500, body: '{"message":"Internal Server Error"}' });
    expect(errors).toEqual([expect.objectContaining({ message })]);
    expect(invoker.requests).toHaveLength(0);
    expect(await call({})).toEqual({ status: 200, body: 'hi' });
  });

  it('reads the body before the stages run, also when a stage waits', async () => {
    expect(await call({ 'x-first': 'pass-later', 'content-type': 'text/plain' }, 'payload')).toEqual({ status: 200, body: 'hi' });
    expect(invoker.lastEvent.body).toBe('payload');
  });
});
