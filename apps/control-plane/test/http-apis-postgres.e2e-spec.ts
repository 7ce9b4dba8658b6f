import {
  ApiGatewayV2Client,
  CreateApiCommand,
  CreateDeploymentCommand,
  CreateIntegrationCommand,
  CreateRouteCommand,
  CreateStageCommand,
  DeleteApiCommand,
  GetApiCommand,
  GetRoutesCommand,
  GetStageCommand,
  ImportApiCommand,
  UpdateRouteCommand,
} from '@aws-sdk/client-apigatewayv2';
import type { BusEvents } from '@app/contracts';
import { startControlPlaneOnPostgres, type StartedControlPlane } from '@app/testing';

const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:hello';

/** The main flow again, on the real cluster store (Postgres) and bus (Redis). */
describe('apigatewayv2 management API on Postgres + Redis', () => {
  let cp: StartedControlPlane;
  let sut: ApiGatewayV2Client;
  const activated: Array<BusEvents['stage.activated']> = [];

  beforeAll(async () => {
    cp = await startControlPlaneOnPostgres('e2e_v2');
    sut = new ApiGatewayV2Client(cp.clientConfig);
    cp.runtime.bus.subscribe('stage.activated', (event) => void activated.push(event));
  });

  afterAll(async () => {
    sut?.destroy();
    await cp?.close();
  });

  it('quick creates, changes routes with autoDeploy, deploys a named stage, imports and deletes', async () => {
    const api = await sut.send(new CreateApiCommand({ Name: 'pg', ProtocolType: 'HTTP', Target: LAMBDA, Tags: { t: '1' } }));
    const first = await sut.send(new GetStageCommand({ ApiId: api.ApiId, StageName: '$default' }));

    const integration = await sut.send(new CreateIntegrationCommand({ ApiId: api.ApiId, IntegrationType: 'HTTP_PROXY', IntegrationUri: 'https://b.example', IntegrationMethod: 'GET' }));
    const route = await sut.send(new CreateRouteCommand({ ApiId: api.ApiId, RouteKey: 'GET /b', Target: `integrations/${integration.IntegrationId}` }));
    await sut.send(new UpdateRouteCommand({ ApiId: api.ApiId, RouteId: route.RouteId, OperationName: 'b' }));
    expect((await sut.send(new GetRoutesCommand({ ApiId: api.ApiId }))).Items!.map((r) => r.RouteKey).sort()).toEqual(['$default', 'GET /b']);

    const current = (await cp.runtime.store.stages.get(api.ApiId!, '$default'))!;
    expect(current.deploymentId).not.toBe(first.DeploymentId);
    const snapshot = (await cp.runtime.store.deployments.get(api.ApiId!, current.deploymentId!))!.snapshot;
    expect(snapshot.definition).toMatchObject({ routes: expect.arrayContaining([expect.objectContaining({ routeKey: 'GET /b', operationName: 'b' })]) });
    // Redis pub/sub delivers asynchronously.
    for (let i = 0; i < 50 && !activated.some((e) => e.deploymentId === current.deploymentId); i++) await new Promise((r) => setTimeout(r, 20));
    expect(activated).toContainEqual({ v: 1, apiId: api.ApiId, stageName: '$default', deploymentId: current.deploymentId });

    await sut.send(new CreateStageCommand({ ApiId: api.ApiId, StageName: 'prod' }));
    const deployment = await sut.send(new CreateDeploymentCommand({ ApiId: api.ApiId, StageName: 'prod' }));
    expect((await cp.runtime.store.stages.get(api.ApiId!, 'prod'))!.deploymentId).toBe(deployment.DeploymentId);

    const imported = await sut.send(
      new ImportApiCommand({
        Body: JSON.stringify({
          openapi: '3.0.1',
          info: { title: 'imported', version: '1' },
          paths: { '/x': { get: { 'x-amazon-apigateway-integration': { type: 'AWS_PROXY', httpMethod: 'POST', uri: LAMBDA, payloadFormatVersion: '2.0' } } } },
        }),
      }),
    );
    expect((await sut.send(new GetRoutesCommand({ ApiId: imported.ApiId }))).Items!.map((r) => r.RouteKey)).toEqual(['GET /x']);

    await sut.send(new DeleteApiCommand({ ApiId: api.ApiId }));
    await expect(sut.send(new GetApiCommand({ ApiId: api.ApiId }))).rejects.toMatchObject({
      name: 'NotFoundException',
      message: `Invalid API identifier specified 123456789012:${api.ApiId}`,
    });
    expect(await cp.runtime.store.stages.listForApi(api.ApiId!)).toEqual([]);
  });
});
