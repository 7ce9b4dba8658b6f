import type { RestStageDoc } from '@app/contracts';
import { parse } from 'yaml';
import { serializeOpenApi } from '../export/openapi.serialize';
import { fixture } from '../testing.fixtures';
import { restShape } from '../testing.normalize';
import { exportRestApi } from './rest-export';
import { importRestApi } from './rest-import';
import { newRestDefinition } from './rest-merge';

const sut = exportRestApi;
const stage: RestStageDoc = { stageName: 'test', deploymentId: 'd1', createdDate: 1_700_000_000, lastUpdatedDate: 1_700_000_000 };
const baseUrl = 'http://127.0.0.1:4000/restapis/abc123';
const load = (name: string) => newRestDefinition(importRestApi(fixture(name), { restApiId: 'abc123' }), 1_700_000_000);

describe(exportRestApi.name, () => {
  describe.each(['petstore.swagger2.json', 'request-validators.swagger2.json', 'rest-features.oas30.yaml'])('round trip of %s', (name) => {
    it.each(['oas30', 'swagger'] as const)('import → export %s with extensions → import gives the same definition', (exportType) => {
      const first = load(name);
      const exported = sut(first, stage, { exportType, extensions: 'apigateway', baseUrl });
      const again = importRestApi(serializeOpenApi(exported, 'yaml'), { restApiId: 'abc123' });
      expect(restShape(again)).toEqual(restShape(first));
    });
  });

  describe('the features document', () => {
    const def = load('rest-features.oas30.yaml');

    it('imports what each extension says', () => {
      const shape = restShape(def) as { api: unknown; resources: { path: string; methods: Record<string, Record<string, unknown>> }[] };
      expect(def.api).toMatchObject({
        binaryMediaTypes: ['image/png', 'application/octet-stream'],
        apiKeySource: 'AUTHORIZER',
        minimumCompressionSize: 1024,
      });
      expect(JSON.parse(def.api.policy!).Statement[0].Action).toBe('execute-api:Invoke');
      expect(shape.resources.map((r) => r.path)).toEqual(['/', '/admin', '/admin/reports', '/admin/reports/{reportId}', '/orders', '/{proxy+}']);
      const report = shape.resources[3].methods;
      expect(report.GET).toMatchObject({ authorizationType: 'CUSTOM', authorizer: 'token-auth', apiKeyRequired: true, operationName: 'getReport' });
      expect(report.GET.requestParameters).toEqual({ 'method.request.path.reportId': true, 'method.request.header.X-Trace': true });
      expect(report.DELETE).toMatchObject({ authorizationType: 'AWS_IAM', apiKeyRequired: false });
      expect(shape.resources[4].methods.POST).toMatchObject({
        authorizationType: 'COGNITO_USER_POOLS',
        authorizer: 'cognito',
        authorizationScopes: ['orders/write'],
        requestModels: { 'application/json': 'PostOrdersRequest' },
      });
      expect(shape.resources[5].methods.ANY.methodIntegration).toMatchObject({ type: 'HTTP_PROXY', httpMethod: 'ANY', passthroughBehavior: 'WHEN_NO_MATCH' });
      expect(def.gatewayResponses).toEqual([
        {
          responseType: 'MISSING_AUTHENTICATION_TOKEN',
          defaultResponse: false,
          statusCode: '404',
          responseParameters: { 'gatewayresponse.header.x-reason': "'not-found'" },
          responseTemplates: { 'application/json': '{"message": "No such route"}' },
        },
        { responseType: 'DEFAULT_4XX', defaultResponse: false, responseParameters: { 'gatewayresponse.header.Access-Control-Allow-Origin': "'*'" } },
      ]);
      const inline = def.models.find((m) => m.name === 'PostOrdersRequest')!;
      expect(JSON.parse(inline.schema!).properties.items.items).toEqual({ $ref: 'https://apigateway.amazonaws.com/restapis/abc123/models/Report' });
    });

    it('writes servers with the stage as basePath (OpenAPI 3) and host/basePath (Swagger)', () => {
      const oas = sut(def, stage, { exportType: 'oas30', baseUrl });
      expect(oas.servers).toEqual([{ url: 'http://127.0.0.1:4000/restapis/abc123/{basePath}', variables: { basePath: { default: 'test' } } }]);
      const swagger = sut(def, stage, { exportType: 'swagger', baseUrl });
      expect(swagger).toMatchObject({ swagger: '2.0', host: '127.0.0.1:4000', basePath: '/restapis/abc123/test', schemes: ['http'] });
    });

    it('leaves every x-amazon-apigateway extension out unless asked for (ANY has no other spelling)', () => {
      const text = serializeOpenApi(sut(def, stage, { exportType: 'oas30', baseUrl }), 'json');
      expect(text.match(/x-amazon-apigateway-[a-z-]+/g)).toEqual(['x-amazon-apigateway-any-method']);
      const doc = JSON.parse(text);
      expect(doc.paths['/admin/reports/{reportId}'].get.security).toEqual([{ 'token-auth': [] }, { api_key: [] }]);
      expect(doc.components.schemas.Report.properties.rows).toEqual({ type: 'array', items: { type: 'number' } });
    });

    it('exports ANY as x-amazon-apigateway-any-method and model URLs as local references', () => {
      const doc = parse(serializeOpenApi(sut(def, stage, { exportType: 'oas30', extensions: 'integrations', baseUrl }), 'yaml'));
      expect(Object.keys(doc.paths['/{proxy+}'])).toEqual(['x-amazon-apigateway-any-method']);
      expect(doc.components.schemas.PostOrdersRequest.properties.items.items).toEqual({ $ref: '#/components/schemas/Report' });
      expect(doc.paths['/admin/reports/{reportId}'].delete['x-amazon-apigateway-integration'].responses).toEqual({
        '2\\d{2}': { statusCode: '204' },
        '4\\d{2}': { statusCode: '400', responseTemplates: { 'application/json': `{"error": "$input.path('$.message')"}` } },
      });
      expect(doc.info).toEqual({ title: 'Features', description: 'Every REST extension we import', version: '3' });
    });

    it('dates the version from the stage when the API has none', () => {
      const petstore = sut(load('petstore.swagger2.json'), stage, { exportType: 'oas30', baseUrl });
      expect(petstore.info).toMatchObject({ title: 'PetStore', version: '2023-11-14T22:13:20Z' });
    });
  });
});
