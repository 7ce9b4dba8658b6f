import { fixture } from '../testing.fixtures';
import { httpShape } from '../testing.normalize';
import { serializeOpenApi } from '../export/openapi.serialize';
import { exportHttpApi } from './http-export';
import { importHttpApi } from './http-import';
import { newHttpDefinition, reimportHttpDefinition } from './http-reimport';

const sut = exportHttpApi;
const baseUrl = 'http://127.0.0.1:4000';
const load = (name: string) => newHttpDefinition(importHttpApi(fixture(name)), 'api1', '2024-05-01T10:00:00.000Z');

describe(exportHttpApi.name, () => {
  it.each(['http-petstore.oas30.json', 'http-lambda-auth.oas30.yaml'])('round-trips %s through export and import', (name) => {
    const first = load(name);
    const again = importHttpApi(serializeOpenApi(sut(first, { baseUrl, exportVersion: '1.0' }), 'json'));
    expect(httpShape(again)).toEqual(httpShape(first));
  });

  it('exports $default as /$default with isDefaultRoute, path parameters and the importexport version', () => {
    const doc = sut(load('http-lambda-auth.oas30.yaml'), { baseUrl, stageName: '$default' }) as any;
    expect(doc.paths['/$default']['x-amazon-apigateway-any-method']).toMatchObject({ isDefaultRoute: true });
    expect(doc.paths['/orders/{orderId}'].delete.parameters).toEqual([{ name: 'orderId', in: 'path', required: true, schema: { type: 'string' } }]);
    expect(doc.paths['/orders/{orderId}'].delete['x-amazon-apigateway-integration']).toEqual({
      type: 'aws_proxy',
      httpMethod: 'POST',
      uri: 'arn:aws:lambda:us-east-2:123456789012:function:DeleteOrder',
      payloadFormatVersion: '1.0',
      timeoutInMillis: 12000,
    });
    expect(doc.servers).toEqual([{ url: 'http://127.0.0.1:4000/{basePath}', variables: { basePath: { default: '' } } }]);
    expect(doc['x-amazon-apigateway-importexport-version']).toBe('1.0');
    expect(doc.info).toEqual({ title: 'Orders', version: '2024-01-01' });
  });

  it('leaves extensions out with includeExtensions false', () => {
    const text = serializeOpenApi(sut(load('http-petstore.oas30.json'), { baseUrl, includeExtensions: false }), 'yaml');
    expect(text).not.toContain('x-amazon-apigateway');
  });

  it('refuses WebSocket APIs and unknown export versions', () => {
    const def = load('http-petstore.oas30.json');
    expect(() => sut({ ...def, protocolType: 'WEBSOCKET' }, { baseUrl })).toThrow('ExportApi supports HTTP APIs only');
    expect(() => sut(def, { baseUrl, exportVersion: '2.0' as '1.0' })).toThrow("Unsupported exportVersion '2.0'; expected 1.0");
  });
});

describe(reimportHttpDefinition.name, () => {
  it('replaces the routes but keeps the API id, and route and authorizer ids by key and name', () => {
    const existing = load('http-lambda-auth.oas30.yaml');
    const result = reimportHttpDefinition(existing, importHttpApi(fixture('http-lambda-auth.oas30.yaml')));
    expect(result.api).toMatchObject({ apiId: 'api1', createdDate: '2024-05-01T10:00:00.000Z', name: 'Orders' });
    expect(result.routes.map((r) => r.routeId)).toEqual(existing.routes.map((r) => r.routeId));
    expect(result.authorizers.map((a) => a.authorizerId)).toEqual(existing.authorizers.map((a) => a.authorizerId));
    expect(result.routes.find((r) => r.routeKey === 'GET /orders')!.authorizerId).toBe(existing.authorizers[0].authorizerId);
  });
});
