import { request } from 'node:http';
import { ApiGatewayV2Client, CreateApiCommand, CreateRouteCommand, GetApisCommand, GetIntegrationsCommand } from '@aws-sdk/client-apigatewayv2';
import {
  APIGatewayClient,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  PutIntegrationResponseCommand,
} from '@aws-sdk/client-api-gateway';
import { putMockMethod, sdkClientConfig, serviceAddress, startRecordingUpstream, TcpProxy, TEST_DATABASE_URL, TEST_REDIS_URL, untilPasses, type RecordingUpstream, type SdkClientConfig } from '@app/testing';
import { AppProcess, startApp } from './support/app-process';
import { ComposeCluster } from './support/compose-cluster';
import { composeService } from './support/compose-services';

/**
 * The cluster as docker-compose.yml runs it — a control plane and two gateway nodes, each started with its compose
 * service's command and environment — against the machine's real Postgres and Redis (through TCP proxies the test
 * can take down). Only addresses differ from the compose file.
 */
describe('cluster: control plane + two gateway nodes on Postgres and Redis', () => {
  let cluster: ComposeCluster;
  let upstream: RecordingUpstream;
  let ports: { cp: number; gw1: number; gw2: number };
  let pg: TcpProxy;
  let redis: TcpProxy;
  let clientConfig: SdkClientConfig;
  let client: ApiGatewayV2Client;
  let apiId: string;
  let secondGateway: AppProcess;

  const gatewayGet = (port: number, path: string, host = `${apiId}.execute-api.localhost`) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode!, body }));
      });
      req.on('error', reject);
      req.end();
    });
  // Readiness and catch-up after an outage wait on reconnect back-off and the reconcile loop, hence 15 s.
  const eventually = (check: () => Promise<void>) => untilPasses(check, 15_000, 200);

  beforeAll(async () => {
    upstream = await startRecordingUpstream();
    upstream.reply = (req) => ({
      status: 200,
      headers: ['content-type', 'application/json'],
      body: JSON.stringify({ upstream: true, path: req.url }),
      delayMs: req.url.startsWith('/slow') ? 800 : 0,
    });

    const [pgAddress, redisAddress] = [serviceAddress(TEST_DATABASE_URL), serviceAddress(TEST_REDIS_URL)];
    pg = new TcpProxy(pgAddress.port, 0, pgAddress.host);
    redis = new TcpProxy(redisAddress.port, 0, redisAddress.host);
    await Promise.all([pg.start(), redis.start()]);
    cluster = new ComposeCluster({ postgresPort: pg.port, redisPort: redis.port });

    const nodes = await cluster.startControlPlaneAndGateways(2, { SHUTDOWN_GRACE_MS: '5000' });
    ports = { cp: nodes.controlPlane.port, gw1: nodes.gateways[0].port, gw2: nodes.gateways[1].port };
    secondGateway = nodes.gateways[1].app;
    clientConfig = nodes.clientConfig;
    client = new ApiGatewayV2Client(clientConfig);
  }, 60_000);

  afterAll(async () => {
    client?.destroy();
    await cluster?.destroy();
    await Promise.all([pg?.stop(), redis?.stop()]);
    await upstream?.close();
  });

  it('refuses to start with a bad config value, naming the variable', async () => {
    const app = startApp(composeService('gateway').command, cluster.env('gateway', { GATEWAY_PORT: 'eighty' }));
    expect(await app.exited).toBe(78);
    expect(app.output()).toContain('GATEWAY_PORT must be a TCP port');
  });

  it('refuses management requests without a valid SigV4 signature from an admin key', async () => {
    const unsigned = await fetch(`http://127.0.0.1:${ports.cp}/v2/apis`);
    expect(unsigned.status).toBe(403);
    expect(unsigned.headers.get('x-amzn-errortype')).toBe('MissingAuthenticationTokenException');
    expect(await unsigned.json()).toEqual({ message: 'Missing Authentication Token' });

    const endpoint = `http://127.0.0.1:${ports.cp}`;
    const { accessKeyId } = cluster.adminCredentials();
    for (const [credentials, name] of [
      [{ accessKeyId: 'AKIAUNKNOWN000000000', secretAccessKey: 'whatever' }, 'UnrecognizedClientException'],
      [{ accessKeyId, secretAccessKey: 'not-the-secret' }, 'InvalidSignatureException'],
    ] as const) {
      const intruder = new ApiGatewayV2Client({ ...sdkClientConfig(endpoint, credentials), maxAttempts: 1 });
      const error = await intruder.send(new GetApisCommand({})).catch((e: Error) => e);
      intruder.destroy();
      expect((error as Error).name).toBe(name);
    }
    expect((await fetch(`${endpoint}/health/ready`)).status).toBe(200);
  });

  it('a deployment made on the control plane reaches both gateway nodes', async () => {
    const api = await client.send(new CreateApiCommand({ Name: 'cluster', ProtocolType: 'HTTP', Target: `${upstream.url}/hello` }));
    apiId = api.ApiId!;
    expect(api.ApiEndpoint).toBe(`http://${apiId}.execute-api.localhost:${ports.gw1}`);
    for (const port of [ports.gw1, ports.gw2]) {
      await eventually(async () => {
        const res = await gatewayGet(port, '/anything');
        expect(res.status).toBe(200);
        // A $default route forwards the request path after the integration URL's own path.
        expect(JSON.parse(res.body)).toEqual({ upstream: true, path: '/hello/anything' });
      });
      const viaPath = await gatewayGet(port, `/_aws/execute-api/${apiId}/anything`, 'localhost');
      expect(viaPath.status).toBe(200);
    }
  });

  it('answers an unknown API id with the REST-style 403 (the id alone cannot tell REST from HTTP)', async () => {
    const res = await gatewayGet(ports.gw2, '/x', 'nosuchapi.execute-api.localhost');
    expect(res).toEqual({ status: 403, body: '{"message":"Missing Authentication Token"}' });
  });

  it('both nodes serve REST redeploys under continuous load with zero failed requests', async () => {
    const rest = new APIGatewayClient(clientConfig);
    const api = await rest.send(new CreateRestApiCommand({ name: 'redeploy' }));
    const resource = await rest.send(new CreateResourceCommand({ restApiId: api.id, parentId: api.rootResourceId, pathPart: 'version' }));
    const mock = (version: number) =>
      rest.send(
        new PutIntegrationResponseCommand({
          restApiId: api.id,
          resourceId: resource.id,
          httpMethod: 'GET',
          statusCode: '200',
          responseTemplates: { 'application/json': `{"version": ${version}}` },
        }),
      );
    await putMockMethod(rest, { restApiId: api.id!, resourceId: resource.id!, httpMethod: 'GET' }, '{"version": 0}');
    await rest.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'prod' }));
    const get = (port: number) => gatewayGet(port, '/prod/version', `${api.id}.execute-api.localhost`);
    for (const port of [ports.gw1, ports.gw2]) await eventually(async () => expect((await get(port)).status).toBe(200));

    let running = true;
    const failures: string[] = [];
    const seen = new Set<number>();
    const load = async (port: number) => {
      let count = 0;
      while (running) {
        const res = await get(port).catch((e: Error) => ({ status: 0, body: e.message }));
        count++;
        if (res.status !== 200) failures.push(`${port}: ${res.status} ${res.body}`);
        else seen.add(JSON.parse(res.body).version);
      }
      return count;
    };
    const loops = [ports.gw1, ports.gw1, ports.gw2, ports.gw2].map(load);
    for (let version = 1; version <= 5; version++) {
      await mock(version);
      await rest.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'prod' }));
      await new Promise((r) => setTimeout(r, 300));
    }
    running = false;
    const counts = await Promise.all(loops);
    rest.destroy();
    expect(failures).toEqual([]);
    expect(counts.reduce((a, b) => a + b, 0)).toBeGreaterThan(100);
    expect(seen.has(5)).toBe(true);
  });

  it('reports not-ready while Redis is away, recovers, and catches up on changes made meanwhile', async () => {
    redis.down();
    await eventually(async () => expect((await fetch(`http://127.0.0.1:${ports.gw1}/health/ready`)).status).toBe(503));
    // Changed while the nodes cannot hear the bus: they must catch up by reconciliation.
    const integrations = await client.send(new GetIntegrationsCommand({ ApiId: apiId }));
    await client.send(
      new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /added', Target: `integrations/${integrations.Items![0].IntegrationId}` }),
    );
    redis.restore();
    await eventually(async () => expect((await fetch(`http://127.0.0.1:${ports.gw1}/health/ready`)).status).toBe(200));
    for (const port of [ports.gw1, ports.gw2]) {
      await eventually(async () => expect((await gatewayGet(port, '/added')).status).toBe(200));
    }
  });

  it('reports not-ready while Postgres is away and keeps serving the stages it has', async () => {
    pg.down();
    await eventually(async () => expect((await fetch(`http://127.0.0.1:${ports.gw2}/health/ready`)).status).toBe(503));
    expect((await gatewayGet(ports.gw2, '/anything')).status).toBe(200);
    pg.restore();
    await eventually(async () => expect((await fetch(`http://127.0.0.1:${ports.gw2}/health/ready`)).status).toBe(200));
  });

  it('drains in-flight requests on SIGTERM before exiting', async () => {
    const slow = gatewayGet(ports.gw2, '/slow');
    await new Promise((r) => setTimeout(r, 200));
    const exit = secondGateway.stop('SIGTERM');
    const res = await slow;
    expect(res.status).toBe(200);
    expect(await exit).toBe(0);
  });
});
