import { importRestApi } from '../rest/rest-import';
import { OpenApiImportError } from './openapi.errors';

const sut = (input: string | object) => importRestApi(typeof input === 'string' ? input : JSON.stringify(input), { restApiId: 'abc' });
const oas = (paths: object, extra: object = {}) => ({ openapi: '3.0.1', info: { title: 't', version: '1' }, paths, ...extra });
const integration = (value: object) => oas({ '/pets': { get: { 'x-amazon-apigateway-integration': value } } });
const refusal = (input: string | object): OpenApiImportError => {
  try {
    sut(input);
  } catch (err) {
    if (err instanceof OpenApiImportError) return err;
    throw err;
  }
  throw new Error('the import was accepted');
};

describe(OpenApiImportError.name, () => {
  it.each([
    ['OpenAPI 3.1', { openapi: '3.1.0', info: { title: 't' }, paths: {} }, "OpenAPI version '3.1.0' is not supported; use 3.0.x or Swagger 2.0", '$.openapi'],
    ['Swagger 1.2', { swagger: '1.2', info: { title: 't' }, paths: {} }, "Swagger version '1.2' is not supported; use 2.0", '$.swagger'],
    ['no version', { info: { title: 't' }, paths: {} }, "The document declares neither 'swagger: \"2.0\"' nor 'openapi: 3.0.x'", '$'],
    ['missing paths', { openapi: '3.0.1', info: { title: 't' } }, "The document has no 'paths' object", '$.paths'],
    ['missing title', { openapi: '3.0.1', info: {}, paths: {} }, "'info.title' is required: it becomes the API name", '$.info.title'],
    ['a bad integration type', integration({ type: 'lambda', uri: 'x', httpMethod: 'POST' }), "Invalid integration type 'lambda'; expected one of MOCK, HTTP, HTTP_PROXY, AWS, AWS_PROXY", "$.paths['/pets'].get['x-amazon-apigateway-integration'].type"],
    ['a missing uri', integration({ type: 'aws_proxy', httpMethod: 'POST' }), "Integration of type AWS_PROXY requires 'uri'", "$.paths['/pets'].get['x-amazon-apigateway-integration'].uri"],
    ['a missing httpMethod', integration({ type: 'http', uri: 'https://example.com' }), "Integration of type HTTP requires 'httpMethod'", "$.paths['/pets'].get['x-amazon-apigateway-integration'].httpMethod"],
    ['a relative HTTP uri', integration({ type: 'http', uri: '/pets', httpMethod: 'GET' }), "Invalid HTTP endpoint '/pets': the uri must be an absolute http or https URL", "$.paths['/pets'].get['x-amazon-apigateway-integration'].uri"],
    ['a timeout over 29 s', integration({ type: 'mock', timeoutInMillis: 29001 }), 'timeoutInMillis must be an integer between 50 and 29000', "$.paths['/pets'].get['x-amazon-apigateway-integration'].timeoutInMillis"],
    ['two patterns for one status', integration({ type: 'mock', responses: { default: { statusCode: '200' }, '2\\d{2}': { statusCode: '200' } } }), 'Two integration responses map to status code 200', "$.paths['/pets'].get['x-amazon-apigateway-integration'].responses['2\\d{2}']"],
    ['an unresolvable $ref', oas({ '/pets': { get: { responses: { 200: { description: 'x', content: { 'application/json': { schema: { $ref: '#/components/schemas/Nope' } } } } } } } }), "Reference '#/components/schemas/Nope' does not resolve", "$.paths['/pets'].get.responses['200'].content['application/json'].schema['$ref']"],
    ['a remote $ref', oas({ '/pets': { get: { parameters: [{ $ref: 'https://example.com/p.json' }] } } }), "External reference 'https://example.com/p.json' is not supported; only local '#/...' references resolve", "$.paths['/pets'].get.parameters[0]['$ref']"],
    ['a duplicate operationId', oas({ '/a': { get: { operationId: 'list' } }, '/b': { get: { operationId: 'list' } } }), "Duplicate operationId 'list', already used at $.paths['/a'].get", "$.paths['/b'].get.operationId"],
    ['an unknown HTTP method', oas({ '/a': { fetch: {} } }), "Unknown HTTP method 'fetch'", "$.paths['/a'].fetch"],
    ['an invalid path parameter name', oas({ '/pets/{pet id}': { get: {} } }), "Invalid path variable '{pet id}' in '/pets/{pet id}': a variable is a whole segment named with letters, digits, '.', '_' or '-'", "$.paths['/pets/{pet id}']"],
    ['a partial-segment variable', oas({ '/pets/id-{id}': { get: {} } }), "Invalid path variable 'id-{id}' in '/pets/id-{id}': a variable is a whole segment named with letters, digits, '.', '_' or '-'", "$.paths['/pets/id-{id}']"],
    ['a greedy variable before the end', oas({ '/{proxy+}/x': { get: {} } }), "Greedy path variable '{proxy+}' must be the last segment of '/{proxy+}/x'", "$.paths['/{proxy+}/x']"],
    ['sibling variables', oas({ '/pets/{id}': { get: {} }, '/pets/{petId}/toys': { get: {} } }), "A sibling ({id}) of resource '/pets/{petId}' already has a variable path part -- only one is allowed", "$.paths['/pets/{petId}/toys']"],
    ['a path without a leading slash', oas({ pets: { get: {} } }), "Path 'pets' must start with '/'", '$.paths.pets'],
    ['an undeclared path parameter', oas({ '/pets': { get: { parameters: [{ name: 'id', in: 'path', required: true }] } } }), "Path parameter 'id' does not appear in path '/pets'", "$.paths['/pets'].get.parameters[0]"],
    ['an undefined request validator', oas({ '/a': { get: { 'x-amazon-apigateway-request-validator': 'strict' } } }), "Request validator 'strict' is not defined", "$.paths['/a'].get['x-amazon-apigateway-request-validator']"],
    ['an unknown gateway response', oas({}, { 'x-amazon-apigateway-gateway-responses': { NOT_A_TYPE: {} } }), "Invalid gateway response type 'NOT_A_TYPE'", "$['x-amazon-apigateway-gateway-responses'].NOT_A_TYPE"],
    ['a non-alphanumeric model name', oas({}, { components: { schemas: { 'Pet-Response': { type: 'object' } } } }), "Invalid model name 'Pet-Response': model names must be alphanumeric", "$.components.schemas['Pet-Response']"],
    ['an authorizer without a function', oas({}, { components: { securitySchemes: { t: { type: 'apiKey', name: 'A', in: 'header', 'x-amazon-apigateway-authorizer': { type: 'token' } } } } }), "A token authorizer requires 'authorizerUri'", "$.components.securitySchemes.t['x-amazon-apigateway-authorizer'].authorizerUri"],
    ['an invalid API key source', oas({}, { 'x-amazon-apigateway-api-key-source': 'QUERY' }), "Invalid API key source 'QUERY'; expected HEADER or AUTHORIZER", "$['x-amazon-apigateway-api-key-source']"],
  ])('refuses %s', (_case, input, message, path) => {
    const err = refusal(input);
    expect({ message: err.message, path: err.path }).toEqual({ message, path });
  });

  it('refuses bad YAML and names the line', () => {
    const err = refusal('openapi: 3.0.1\ninfo:\n  title: t\npaths:\n  /pets:\n    get: [unclosed\n');
    expect(err.path).toBe('$');
    expect(err.message).toMatch(/^Invalid YAML at line 7, column 1: /);
  });

  it('refuses duplicate YAML keys and names the line', () => {
    const err = refusal('openapi: 3.0.1\ninfo:\n  title: t\npaths:\n  /pets: {}\n  /pets: {}\n');
    expect(err.message).toMatch(/^Invalid YAML at line 6, column 3: Map keys must be unique/);
  });

  it('refuses bad JSON and names the line', () => {
    const err = refusal('{\n  "openapi": "3.0.1",\n  "paths": {,}\n}');
    expect(err.message).toMatch(/^Invalid JSON: .* at line 3, column 13$/);
  });

  it('refuses an empty body', () => {
    expect(refusal('  ').message).toBe('The document is empty');
  });

  it('turns warnings into an error with failOnWarnings and returns them otherwise', () => {
    const input = JSON.stringify(oas({ '/a': { get: { 'x-amazon-apigateway-foo': 1 } } }));
    expect(sut(input).warnings).toEqual(["Unsupported extension 'x-amazon-apigateway-foo'; ignored (at $.paths['/a'].get['x-amazon-apigateway-foo'])"]);
    expect(() => importRestApi(input, { restApiId: 'abc', failOnWarnings: true })).toThrow(
      expect.objectContaining({ message: "Warnings found during import:\n\tUnsupported extension 'x-amazon-apigateway-foo'; ignored (at $.paths['/a'].get['x-amazon-apigateway-foo'])", path: '$' }),
    );
  });
});
