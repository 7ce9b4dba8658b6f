import { importRestApi } from './rest-import';
import { fixture } from '../testing.fixtures';

const sut = importRestApi;

describe(importRestApi.name, () => {
  describe('the PetStore example (Swagger 2.0)', () => {
    const result = sut(fixture('petstore.swagger2.json'), { restApiId: 'abc123' });
    const byPath = (path: string) => result.resources.find((r) => r.path === path)!;

    it('names the API from info and reports no warnings', () => {
      expect(result.api.name).toBe('PetStore');
      expect(result.api.description).toMatch(/^Your first API with Amazon API Gateway/);
      expect(result.warnings).toEqual([]);
    });

    it('builds the resource tree with the root first and parents linked', () => {
      expect(result.resources.map((r) => [r.path, r.pathPart])).toEqual([
        ['/', undefined],
        ['/pets', 'pets'],
        ['/pets/{petId}', '{petId}'],
      ]);
      expect(result.api.rootResourceId).toBe(byPath('/').id);
      expect(byPath('/pets').parentId).toBe(byPath('/').id);
      expect(byPath('/pets/{petId}').parentId).toBe(byPath('/pets').id);
      expect(Object.keys(byPath('/pets').resourceMethods!).sort()).toEqual(['GET', 'OPTIONS', 'POST']);
    });

    it('imports GET / as a MOCK integration with its text/html response template', () => {
      const get = byPath('/').resourceMethods!.GET;
      expect(get.authorizationType).toBe('NONE');
      expect(get.methodIntegration).toMatchObject({
        type: 'MOCK',
        passthroughBehavior: 'WHEN_NO_MATCH',
        requestTemplates: { 'application/json': '{"statusCode": 200}' },
      });
      expect(get.methodIntegration!.integrationResponses!['200'].responseTemplates!['text/html']).toContain('Welcome to your Pet Store API');
      expect(get.methodResponses).toEqual({
        '200': { statusCode: '200', responseParameters: { 'method.response.header.Content-Type': false } },
      });
    });

    it('imports query parameters, the HTTP integration and its parameter mappings', () => {
      const get = byPath('/pets').resourceMethods!.GET;
      expect(get.requestParameters).toEqual({ 'method.request.querystring.type': false, 'method.request.querystring.page': false });
      expect(get.methodIntegration).toEqual({
        type: 'HTTP',
        httpMethod: 'GET',
        uri: 'http://petstore.execute-api.us-east-1.amazonaws.com/petstore/pets',
        passthroughBehavior: 'WHEN_NO_MATCH',
        requestParameters: {
          'integration.request.querystring.page': 'method.request.querystring.page',
          'integration.request.querystring.type': 'method.request.querystring.type',
        },
        integrationResponses: {
          '200': { statusCode: '200', responseParameters: { 'method.response.header.Access-Control-Allow-Origin': "'*'" } },
        },
      });
      expect(get.methodResponses!['200'].responseModels).toEqual({ 'application/json': 'Pets' });
    });

    it('maps the body parameter to a request model and operationId to operationName', () => {
      const post = byPath('/pets').resourceMethods!.POST;
      expect(post.operationName).toBe('CreatePet');
      expect(post.requestModels).toEqual({ 'application/json': 'NewPet' });
      expect(byPath('/pets/{petId}').resourceMethods!.GET.requestParameters).toEqual({ 'method.request.path.petId': true });
    });

    it('turns definitions into draft-4 models whose references are model URLs', () => {
      expect(result.models.map((m) => m.name)).toEqual(['Pets', 'Empty', 'NewPetResponse', 'Pet', 'NewPet', 'PetType']);
      const pets = result.models.find((m) => m.name === 'Pets')!;
      expect(pets.contentType).toBe('application/json');
      expect(JSON.parse(pets.schema!)).toEqual({
        type: 'array',
        items: { $ref: 'https://apigateway.amazonaws.com/restapis/abc123/models/Pet' },
      });
    });
  });

  describe('the request validation sample (Swagger 2.0)', () => {
    const result = sut(fixture('request-validators.swagger2.json'), { restApiId: 'abc123' });
    const resource = result.resources.find((r) => r.path === '/validation')!;
    const validatorName = (id?: string) => result.requestValidators.find((v) => v.id === id)?.name;

    it('creates the validators and applies the API default and the per-method one', () => {
      expect(result.requestValidators.map(({ name, validateRequestBody, validateRequestParameters }) => ({ name, validateRequestBody, validateRequestParameters }))).toEqual([
        { name: 'all', validateRequestBody: true, validateRequestParameters: true },
        { name: 'params-only', validateRequestBody: false, validateRequestParameters: true },
      ]);
      expect(validatorName(resource.resourceMethods!.POST.requestValidatorId)).toBe('all');
      expect(validatorName(resource.resourceMethods!.GET.requestValidatorId)).toBe('params-only');
    });

    it('ignores basePath by default and prepends or splits it on request', () => {
      expect(result.resources.map((r) => r.path)).toEqual(['/', '/validation']);
      const prepended = sut(fixture('request-validators.swagger2.json'), { restApiId: 'a', basePath: 'prepend' });
      expect(prepended.resources.map((r) => r.path)).toEqual(['/', '/v1', '/v1/validation']);
      const split = sut(fixture('request-validators.swagger2.json'), { restApiId: 'a', basePath: 'split' });
      expect(split.resources.map((r) => r.path)).toEqual(['/', '/validation']);
    });

    it('requires the API key from the undefined api_key scheme, with a warning', () => {
      expect(resource.resourceMethods!.GET.apiKeyRequired).toBe(true);
      expect(result.warnings).toEqual([
        "Security scheme 'api_key' is not defined; taken as the API key (at $.paths['/validation'].post.security[0].api_key)",
      ]);
      expect(() => sut(fixture('request-validators.swagger2.json'), { restApiId: 'a', failOnWarnings: true })).toThrow(
        /^Warnings found during import/,
      );
    });

    it('keys integration responses by status code with the selection pattern inside', () => {
      expect(resource.resourceMethods!.POST.methodIntegration!.integrationResponses).toEqual({
        '200': { statusCode: '200', selectionPattern: '2\\d{2}' },
        '400': {
          statusCode: '400',
          responseParameters: { 'method.response.header.test-method-response-header': "'static value'" },
          responseTemplates: { 'application/json': 'json 400 response template', 'application/xml': 'xml 400 response template' },
        },
      });
      // The 400 integration response needs a method response; AWS creates it.
      expect(Object.keys(resource.resourceMethods!.POST.methodResponses!)).toEqual(['200', '400']);
      expect(resource.resourceMethods!.POST.requestParameters).toEqual({ 'method.request.header.h1': true });
    });
  });
});
