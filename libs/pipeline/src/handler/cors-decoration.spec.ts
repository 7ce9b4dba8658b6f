import { request } from 'undici';
import { StageRegistry } from '../registry/stage.registry';
import { RecordingInvoker, httpStage, lambdaUri, success } from '../testing/active-stage.factory';
import { serveGateway, type GatewayServer } from '../testing/gateway-server';

describe('CORS headers on HTTP API responses', () => {
  let server: GatewayServer;
  let base: string;
  const ORIGIN = 'https://app.example';

  beforeAll(async () => {
    const registry = new StageRegistry();
    const lambda = { integrationType: 'AWS_PROXY' as const, integrationUri: lambdaUri('f'), payloadFormatVersion: '2.0' };
    registry.load(httpStage('cors1', '$default', [{ routeKey: 'DELETE /x', integration: lambda }], { cors: { allowOrigins: [ORIGIN], exposeHeaders: ['x-a'] } }));
    server = await serveGateway({ registry, invoker: new RecordingInvoker(success({ statusCode: 204, headers: { 'access-control-allow-origin': '*' } })) });
    base = `${server.base}/_aws/execute-api/cors1`;
  });

  afterAll(() => server.close());

  it('decorates an integration 204 (was skipped for every 204, leaving the backend CORS headers in place)', async () => {
    const res = await request(`${base}/x`, { method: 'DELETE', headers: { origin: ORIGIN } });
    await res.body.dump();
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(res.headers['access-control-expose-headers']).toBe('x-a');
  });

  it('leaves the preflight answer as the policy made it', async () => {
    const res = await request(`${base}/x`, { method: 'OPTIONS', headers: { origin: ORIGIN, 'access-control-request-method': 'DELETE' } });
    await res.body.dump();
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(ORIGIN);
    expect(res.headers['access-control-max-age']).toBeUndefined();
  });
});
