import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  APIGatewayClient,
  BadRequestException,
  CreateDeploymentCommand,
  GetExportCommand,
  GetResourcesCommand,
  GetRestApisCommand,
  ImportRestApiCommand,
  NotFoundException,
  PutRestApiCommand,
} from '@aws-sdk/client-api-gateway';
import { parse } from 'yaml';
import { refusal, startControlPlane, type StartedControlPlane } from '@app/testing';

const PETSTORE = readFileSync(join(__dirname, '../../../libs/openapi/src/fixtures/petstore.swagger2.json'));

const oas = (paths: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  Buffer.from(JSON.stringify({ openapi: '3.0.1', info: { title: 'small', version: '1' }, paths, ...extra }));
const mockGet = (template = '{"statusCode":200}') => ({
  get: {
    responses: { '200': { description: 'ok' } },
    'x-amazon-apigateway-integration': { type: 'mock', requestTemplates: { 'application/json': template }, responses: { default: { statusCode: '200' } } },
  },
});

describe('ImportRestApi / PutRestApi / GetExport through @aws-sdk/client-api-gateway', () => {
  let cp: StartedControlPlane;
  let sut: APIGatewayClient;

  beforeAll(async () => {
    cp = await startControlPlane();
    sut = new APIGatewayClient(cp.clientConfig);
  });

  afterAll(async () => {
    sut?.destroy();
    await cp?.close();
  });

  it('imports the PetStore Swagger document, deploys it and exports it as OpenAPI 3 JSON and YAML', async () => {
    const api = await sut.send(new ImportRestApiCommand({ body: PETSTORE }));
    expect(api.name).toBe('PetStore');
    expect(api.endpointConfiguration).toEqual({ types: ['EDGE'] });
    const resources = await sut.send(new GetResourcesCommand({ restApiId: api.id, embed: ['methods'] }));
    expect(resources.items!.map((r) => r.path).sort()).toEqual(['/', '/pets', '/pets/{petId}']);
    expect(resources.items!.find((r) => r.path === '/pets')!.resourceMethods!.GET.methodIntegration!.type).toBe('HTTP');

    await sut.send(new CreateDeploymentCommand({ restApiId: api.id, stageName: 'prod' }));
    const json = await sut.send(new GetExportCommand({ restApiId: api.id, stageName: 'prod', exportType: 'oas30', accepts: 'application/json', parameters: { extensions: 'integrations' } }));
    expect(json.contentType).toBe('application/json');
    const doc = JSON.parse(Buffer.from(json.body!).toString('utf8'));
    expect(doc.openapi).toMatch(/^3\.0/);
    expect(Object.keys(doc.paths).sort()).toEqual(['/', '/pets', '/pets/{petId}']);
    expect(doc.paths['/pets'].get['x-amazon-apigateway-integration']).toBeDefined();

    const yaml = await sut.send(new GetExportCommand({ restApiId: api.id, stageName: 'prod', exportType: 'swagger', accepts: 'application/yaml' }));
    expect(yaml.contentType).toBe('application/yaml');
    expect(parse(Buffer.from(yaml.body!).toString('utf8')).swagger).toBe('2.0');
  });

  it('merges into and overwrites an existing API', async () => {
    const api = await sut.send(new ImportRestApiCommand({ body: oas({ '/a': mockGet() }) }));
    const merged = await sut.send(new PutRestApiCommand({ restApiId: api.id, mode: 'merge', body: oas({ '/b': mockGet() }) }));
    expect(merged.id).toBe(api.id);
    const afterMerge = await sut.send(new GetResourcesCommand({ restApiId: api.id }));
    expect(afterMerge.items!.map((r) => r.path).sort()).toEqual(['/', '/a', '/b']);
    await sut.send(new PutRestApiCommand({ restApiId: api.id, mode: 'overwrite', body: oas({ '/c': mockGet() }) }));
    const afterOverwrite = await sut.send(new GetResourcesCommand({ restApiId: api.id }));
    expect(afterOverwrite.items!.map((r) => r.path).sort()).toEqual(['/', '/c']);
  });

  it('refuses an invalid document with the library message and JSON path, storing nothing', async () => {
    const before = (await sut.send(new GetRestApisCommand({ limit: 500 }))).items!.length;
    const error = await refusal(
      sut.send(new ImportRestApiCommand({ body: oas({ '/x': { get: { responses: { '200': { description: 'ok' } }, 'x-amazon-apigateway-integration': { type: 'bogus' } } } }) })),
    );
    expect(error).toBeInstanceOf(BadRequestException);
    expect(error.message).toMatch(/\(at \$\.paths\['\/x'\]\.get/);
    expect((await sut.send(new GetRestApisCommand({ limit: 500 }))).items!.length).toBe(before);
  });

  it('refuses a document with warnings when failOnWarnings is set', async () => {
    const body = oas({ '/w': mockGet() }, { 'x-amazon-apigateway-cors': { allowOrigins: ['*'] } });
    const error = await refusal(sut.send(new ImportRestApiCommand({ body, failOnWarnings: true })));
    expect(error).toBeInstanceOf(BadRequestException);
    expect(error.message).toMatch(/^Warnings found during import:/);
    const imported = await sut.send(new ImportRestApiCommand({ body }));
    expect(imported.warnings).toEqual([expect.stringContaining('x-amazon-apigateway-cors')]);
  });

  it('refuses JSON that does not parse, an unknown mode and an export of an unknown stage', async () => {
    const garbage = await refusal(sut.send(new ImportRestApiCommand({ body: Buffer.from('{not json') })));
    expect(garbage).toBeInstanceOf(BadRequestException);
    const api = await sut.send(new ImportRestApiCommand({ body: oas({ '/a': mockGet() }) }));
    const mode = await refusal(sut.send(new PutRestApiCommand({ restApiId: api.id, mode: 'replace' as never, body: oas({}) })));
    expect(mode).toBeInstanceOf(BadRequestException);
    expect(mode.message).toBe("Invalid mode: 'replace'. Must be one of: [merge, overwrite]");
    const stage = await refusal(sut.send(new GetExportCommand({ restApiId: api.id, stageName: 'nope', exportType: 'oas30' })));
    expect(stage).toBeInstanceOf(NotFoundException);
    expect(stage.message).toBe('Invalid Stage identifier specified');
    const type = await refusal(sut.send(new GetExportCommand({ restApiId: api.id, stageName: 'nope', exportType: 'raml' })));
    expect(type).toBeInstanceOf(BadRequestException);
    expect(type.message).toBe("Invalid export type: 'raml'. Must be one of: [oas30, swagger]");
  });
});
