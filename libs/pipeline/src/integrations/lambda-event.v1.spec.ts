import { request } from 'node:http';
import { StageRegistry } from '../registry/stage.registry';
import { serveGateway, type GatewayServer } from '../testing/gateway-server';
import { RecordingInvoker, httpStage, lambdaUri, restStage, success } from '../testing/active-stage.factory';
import { buildV1Event } from './lambda-event.v1';

/** Sends one request with header lines exactly as listed (repeats and casing kept). */
function send(base: string, path: string, headers: string[]): Promise<number> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, headers: [...headers, 'Host', url.host], agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

describe(buildV1Event.name, () => {
  let server: GatewayServer;
  let base: string;
  let invoker: RecordingInvoker;

  beforeAll(async () => {
    const registry = new StageRegistry();
    registry.load(httpStage('httpv1', '$default', [{ routeKey: 'GET /x', integration: { integrationType: 'AWS_PROXY', integrationUri: lambdaUri('f'), payloadFormatVersion: '1.0' } }]));
    registry.load(restStage('restv1', 'prod', [{ path: '/x', method: 'GET', integration: { type: 'AWS_PROXY', uri: lambdaUri('f'), httpMethod: 'POST' } }]));
    invoker = new RecordingInvoker(success({ statusCode: 200 }));
    server = await serveGateway({ registry, invoker });
    base = server.base;
  });

  afterAll(() => server.close());

  it('merges header lines that differ only in case into one header named as first sent (were two keys)', async () => {
    expect(await send(base, '/_aws/execute-api/httpv1/x', ['X-Dup', 'one', 'x-dup', 'two', 'X-DUP', 'three'])).toBe(200);
    const sut = invoker.lastEvent;
    expect(sut.headers['X-Dup']).toBe('three');
    expect(sut.multiValueHeaders['X-Dup']).toEqual(['one', 'two', 'three']);
    expect(Object.keys(sut.headers).filter((k) => k.toLowerCase() === 'x-dup')).toEqual(['X-Dup']);
    expect(Object.keys(sut.multiValueHeaders).filter((k) => k.toLowerCase() === 'x-dup')).toEqual(['X-Dup']);
  });

  it('gives an HTTP API identity no apiKey/apiKeyId members (HTTP APIs have no API keys)', async () => {
    expect(await send(base, '/_aws/execute-api/httpv1/x', ['User-Agent', 'ua'])).toBe(200);
    const sut = invoker.lastEvent.requestContext.identity;
    expect(sut).not.toHaveProperty('apiKey');
    expect(sut).not.toHaveProperty('apiKeyId');
    expect(sut.userAgent).toBe('ua');
  });

  it('keeps apiKey and apiKeyId (null without a key) in a REST identity', async () => {
    expect(await send(base, '/_aws/execute-api/restv1/prod/x', [])).toBe(200);
    const sut = invoker.lastEvent.requestContext.identity;
    expect(sut.apiKey).toBeNull();
    expect(sut.apiKeyId).toBeNull();
  });

  it('treats query parameters and headers named like Object.prototype members as plain names (was a 500)', async () => {
    expect(await send(base, '/_aws/execute-api/restv1/prod/x?constructor=a&__proto__=b&constructor=c', ['Constructor', 'h'])).toBe(200);
    const sut = invoker.lastEvent;
    expect(sut.queryStringParameters).toEqual(JSON.parse('{"constructor":"c","__proto__":"b"}'));
    expect(sut.multiValueQueryStringParameters).toEqual(JSON.parse('{"constructor":["a","c"],"__proto__":["b"]}'));
    expect(sut.headers.Constructor).toBe('h');
    expect(sut.multiValueHeaders.Constructor).toEqual(['h']);
  });
});
