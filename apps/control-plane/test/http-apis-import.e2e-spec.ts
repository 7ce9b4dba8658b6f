import {
  ApiGatewayV2Client,
  CreateApiCommand,
  ExportApiCommand,
  GetApisCommand,
  GetIntegrationsCommand,
  GetRoutesCommand,
  GetStageCommand,
  ImportApiCommand,
  ReimportApiCommand,
} from '@aws-sdk/client-apigatewayv2';
import { parse as parseYaml } from 'yaml';
import { refusal as sdkRefusal, startControlPlane, type StartedControlPlane } from '@app/testing';

const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:pets';

function openapi(paths: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ openapi: '3.0.1', info: { title: 'Pets', version: '1.0' }, paths, ...extra });
}

const PETS = openapi({
  '/pets': {
    get: { 'x-amazon-apigateway-integration': { type: 'HTTP_PROXY', httpMethod: 'GET', uri: 'https://backend.example/pets', payloadFormatVersion: '1.0' } },
  },
  '/pets/{petId}': {
    get: { 'x-amazon-apigateway-integration': { type: 'AWS_PROXY', httpMethod: 'POST', uri: LAMBDA, payloadFormatVersion: '2.0' } },
  },
});

/** The SDK exception as these assertions compare it: class name and AWS's message. */
async function refusal(promise: Promise<unknown>): Promise<{ name: string; message: string }> {
  const { name, message } = await sdkRefusal(promise);
  return { name, message };
}

describe('apigatewayv2 ImportApi / ReimportApi / ExportApi (official SDK)', () => {
  let cp: StartedControlPlane;
  let sut: ApiGatewayV2Client;

  beforeAll(async () => {
    cp = await startControlPlane();
    sut = new ApiGatewayV2Client(cp.clientConfig);
  });

  afterAll(async () => {
    sut.destroy();
    await cp.close();
  });

  it('imports an OpenAPI 3.0 document into routes and integrations', async () => {
    const api = await sut.send(new ImportApiCommand({ Body: PETS }));
    expect(['${request.method} ${request.path}', '$request.method $request.path']).toContain(api.RouteSelectionExpression);
    expect(api).toMatchObject({ Name: 'Pets', ProtocolType: 'HTTP', ApiEndpoint: `http://${api.ApiId}.execute-api.localhost:8080` });
    const { Items: routes } = await sut.send(new GetRoutesCommand({ ApiId: api.ApiId }));
    expect(routes!.map((r) => r.RouteKey).sort()).toEqual(['GET /pets', 'GET /pets/{petId}']);
    const { Items: integrations } = await sut.send(new GetIntegrationsCommand({ ApiId: api.ApiId }));
    expect(integrations).toHaveLength(2);
    expect(integrations).toContainEqual(expect.objectContaining({ IntegrationType: 'AWS_PROXY', IntegrationUri: LAMBDA, PayloadFormatVersion: '2.0', TimeoutInMillis: 30000 }));
    for (const route of routes!) expect(integrations!.map((i) => `integrations/${i.IntegrationId}`)).toContain(route.Target);
  });

  it('refuses a bad document with the library message and path, and stores nothing', async () => {
    const before = (await sut.send(new GetApisCommand({}))).Items!.length;
    expect(await refusal(sut.send(new ImportApiCommand({ Body: JSON.stringify({ swagger: '2.0', info: { title: 'x', version: '1' }, paths: {} }) })))).toEqual({
      name: 'BadRequestException',
      message: 'HTTP APIs support only OpenAPI 3.0 definitions (at $.swagger)',
    });
    const warned = await refusal(
      sut.send(new ImportApiCommand({ Body: openapi({ '/a': { get: { 'x-amazon-apigateway-foo': 1, 'x-amazon-apigateway-integration': { type: 'HTTP_PROXY', httpMethod: 'GET', uri: 'https://b.example', payloadFormatVersion: '1.0' } } } }), FailOnWarnings: true })),
    );
    expect(warned.name).toBe('BadRequestException');
    expect(warned.message).toMatch(/^Warnings found during import:\n\tUnsupported extension 'x-amazon-apigateway-foo'; ignored \(at \$\.paths\['\/a'\]\.get\['x-amazon-apigateway-foo'\]\) \(at \$\)$/);
    expect(await refusal(sut.send(new ImportApiCommand({ Body: PETS, Basepath: 'drop' })))).toEqual({
      name: 'BadRequestException',
      message: "Invalid value for 'basepath': drop. Valid values are ignore, prepend, split",
    });
    expect((await sut.send(new GetApisCommand({}))).Items!.length).toBe(before);
  });

  it('reimports over a quick-created API and redeploys its autoDeploy stage', async () => {
    const api = await sut.send(new CreateApiCommand({ Name: 'quick', ProtocolType: 'HTTP', Target: LAMBDA }));
    const before = await sut.send(new GetStageCommand({ ApiId: api.ApiId, StageName: '$default' }));
    const reimported = await sut.send(new ReimportApiCommand({ ApiId: api.ApiId, Body: PETS }));
    expect(reimported).toMatchObject({ ApiId: api.ApiId, Name: 'Pets' });
    const { Items: routes } = await sut.send(new GetRoutesCommand({ ApiId: api.ApiId }));
    expect(routes!.map((r) => r.RouteKey).sort()).toEqual(['GET /pets', 'GET /pets/{petId}']);
    const after = await sut.send(new GetStageCommand({ ApiId: api.ApiId, StageName: '$default' }));
    expect(after.DeploymentId).not.toBe(before.DeploymentId);
    const snapshot = (await cp.runtime.store.deployments.get(api.ApiId!, after.DeploymentId!))!.snapshot;
    expect(snapshot.definition).toMatchObject({ routes: expect.arrayContaining([expect.objectContaining({ routeKey: 'GET /pets' })]) });
  });

  it('refuses ReimportApi of a WebSocket API and of an unknown API', async () => {
    const ws = await sut.send(new CreateApiCommand({ Name: 'ws', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' }));
    expect(await refusal(sut.send(new ReimportApiCommand({ ApiId: ws.ApiId, Body: PETS })))).toEqual({ name: 'BadRequestException', message: 'ReimportApi supports only HTTP APIs' });
    expect(await refusal(sut.send(new ReimportApiCommand({ ApiId: 'nope000000', Body: PETS })))).toEqual({
      name: 'NotFoundException',
      message: 'Invalid API identifier specified 123456789012:nope000000',
    });
  });

  it('exports JSON and YAML that import back to the same routes', async () => {
    const api = await sut.send(new ImportApiCommand({ Body: PETS }));
    const json = await sut.send(new ExportApiCommand({ ApiId: api.ApiId, Specification: 'OAS30', OutputType: 'JSON' }));
    const doc = JSON.parse(Buffer.from(json.body!).toString('utf8'));
    expect(doc.openapi).toMatch(/^3\.0/);
    expect(Object.keys(doc.paths).sort()).toEqual(['/pets', '/pets/{petId}']);
    expect(doc.paths['/pets/{petId}'].get['x-amazon-apigateway-integration']).toMatchObject({ type: 'aws_proxy', uri: LAMBDA });

    const yaml = await sut.send(new ExportApiCommand({ ApiId: api.ApiId, Specification: 'OAS30', OutputType: 'YAML', IncludeExtensions: false }));
    const fromYaml = parseYaml(Buffer.from(yaml.body!).toString('utf8'));
    expect(Object.keys(fromYaml.paths).sort()).toEqual(['/pets', '/pets/{petId}']);
    expect(fromYaml.paths['/pets'].get['x-amazon-apigateway-integration']).toBeUndefined();

    const again = await sut.send(new ImportApiCommand({ Body: Buffer.from(json.body!).toString('utf8') }));
    const { Items } = await sut.send(new GetRoutesCommand({ ApiId: again.ApiId }));
    expect(Items!.map((r) => r.RouteKey).sort()).toEqual(['GET /pets', 'GET /pets/{petId}']);

    expect(await refusal(sut.send(new ExportApiCommand({ ApiId: api.ApiId, Specification: 'RAML', OutputType: 'JSON' })))).toEqual({
      name: 'BadRequestException',
      message: "Invalid value for 'specification': RAML. Valid values are OAS30",
    });
    expect(await refusal(sut.send(new ExportApiCommand({ ApiId: api.ApiId, Specification: 'OAS30', OutputType: 'XML' })))).toEqual({
      name: 'BadRequestException',
      message: "Invalid value for 'outputType': XML. Valid values are JSON, YAML",
    });
  });
});
