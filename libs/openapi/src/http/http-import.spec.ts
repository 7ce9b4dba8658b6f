import { importHttpApi } from './http-import';
import { fixture } from '../testing.fixtures';

const sut = importHttpApi;

describe(importHttpApi.name, () => {
  describe('the Example Pet Store of http-api-open-api.md', () => {
    const result = sut(fixture('http-petstore.oas30.json'));
    const targetOf = (routeKey: string) => {
      const target = result.routes.find((r) => r.routeKey === routeKey)!.target!;
      return result.integrations.find((i) => `integrations/${i.integrationId}` === target)!;
    };

    it('creates one route per operation, named by operationId', () => {
      expect(result.routes.map((r) => [r.routeKey, r.operationName, r.authorizationType])).toEqual([
        ['GET /pets', 'GET HTTP', 'NONE'],
        ['POST /pets', 'Create Pet', 'NONE'],
        ['GET /pets/{petId}', 'Get Pet', 'NONE'],
      ]);
      expect(result.api).toMatchObject({ name: 'Example Pet Store', description: 'A Pet Store API.', version: '1.0', protocolType: 'HTTP' });
    });

    it('reads HTTP_PROXY integrations, turning the number 1.0 into "1.0"', () => {
      const { integrationId, ...integration } = targetOf('GET /pets/{petId}');
      expect(integrationId).toEqual(expect.any(String));
      expect(integration).toEqual({
        integrationType: 'HTTP_PROXY',
        integrationMethod: 'GET',
        integrationUri: 'http://petstore.execute-api.us-west-1.amazonaws.com/petstore/pets/{petId}',
        payloadFormatVersion: '1.0',
      });
    });

    it('maps x-amazon-apigateway-cors to the CORS configuration', () => {
      expect(result.api.corsConfiguration).toEqual({
        allowOrigins: ['*'],
        allowMethods: ['GET', 'OPTIONS', 'POST'],
        allowHeaders: ['x-amzm-header', 'x-apigateway-header', 'x-api-key', 'authorization', 'x-amz-date', 'content-type'],
      });
    });

    it('reports the ignored request body and schemas as import info, not warnings', () => {
      expect(result.warnings).toEqual([]);
      expect(result.importInfo).toEqual([
        "HTTP APIs do not validate request bodies; requestBody ignored (at $.paths['/pets'].post.requestBody)",
        'HTTP APIs do not use models; components.schemas ignored (at $.components.schemas)',
      ]);
      expect(result.models).toEqual([]);
    });
  });

  describe('Lambda proxy routes with authorizers (YAML)', () => {
    const result = sut(fixture('http-lambda-auth.oas30.yaml'));
    const route = (key: string) => result.routes.find((r) => r.routeKey === key)!;
    const authorizerName = (key: string) => result.authorizers.find((a) => a.authorizerId === route(key).authorizerId)?.name;

    it('creates the $default route and the greedy ANY route', () => {
      expect(result.routes.map((r) => r.routeKey)).toEqual([
        'GET /orders',
        'POST /orders',
        'DELETE /orders/{orderId}',
        'ANY /{proxy+}',
        '$default',
      ]);
    });

    it('shares an integration referenced from components and defaults the Lambda method to POST', () => {
      expect(route('GET /orders').target).toBe(route('POST /orders').target);
      expect(result.integrations).toHaveLength(4);
      const del = result.integrations.find((i) => i.integrationUri?.endsWith('DeleteOrder'))!;
      expect(del).toMatchObject({ integrationType: 'AWS_PROXY', integrationMethod: 'POST', payloadFormatVersion: '1.0', timeoutInMillis: 12000 });
      const proxy = result.integrations.find((i) => i.integrationType === 'HTTP_PROXY')!;
      expect(proxy.requestParameters).toEqual({ 'append:header.x-from': 'gateway' });
      expect(proxy.responseParameters).toEqual({ '404': { 'overwrite:statuscode': '410' } });
    });

    it('maps security to JWT with scopes, CUSTOM and AWS_IAM', () => {
      expect(route('GET /orders')).toMatchObject({ authorizationType: 'JWT', authorizationScopes: ['orders/read'] });
      expect(authorizerName('GET /orders')).toBe('jwt-authorizer-oauth');
      expect(route('POST /orders').authorizationType).toBe('CUSTOM');
      expect(authorizerName('POST /orders')).toBe('lambda-authorizer');
      expect(route('DELETE /orders/{orderId}').authorizationType).toBe('AWS_IAM');
      expect(route('$default').authorizationType).toBe('NONE');
    });

    it('reads JWT and Lambda authorizers', () => {
      const strip = result.authorizers.map(({ authorizerId: _id, ...rest }) => rest);
      expect(strip).toEqual([
        {
          name: 'jwt-authorizer-oauth',
          authorizerType: 'JWT',
          jwtConfiguration: { issuer: 'https://cognito-idp.us-east-2.amazonaws.com/userPoolId', audience: ['audience1', 'audience2'] },
          identitySource: ['$request.header.Authorization'],
        },
        {
          name: 'lambda-authorizer',
          authorizerType: 'REQUEST',
          authorizerUri:
            'arn:aws:apigateway:us-east-2:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-2:123456789012:function:Auth/invocations',
          authorizerPayloadFormatVersion: '2.0',
          enableSimpleResponses: true,
          authorizerResultTtlInSeconds: 300,
          identitySource: ['$request.header.Authorization'],
        },
      ]);
    });

    it('applies basepath prepend and split to the server path', () => {
      expect(sut(fixture('http-lambda-auth.oas30.yaml'), { basePath: 'prepend' }).routes.map((r) => r.routeKey)).toContain('GET /v1/orders');
      expect(sut(fixture('http-lambda-auth.oas30.yaml'), { basePath: 'split' }).routes.map((r) => r.routeKey)).toContain('GET /orders');
    });
  });

  describe('warnings and refusals', () => {
    const doc = (integration: object, extra: object = {}) =>
      JSON.stringify({ openapi: '3.0.1', info: { title: 't' }, paths: { '/': { get: { 'x-amazon-apigateway-integration': integration } } }, ...extra });

    it('accepts a greedy path parameter declared with its plus sign, as AWS exports write it', () => {
      const exported = {
        openapi: '3.0.1',
        info: { title: 't' },
        paths: {
          '/up/{proxy+}': {
            'x-amazon-apigateway-any-method': {
              parameters: [{ name: 'proxy+', in: 'path', required: true, schema: { type: 'string' } }],
              'x-amazon-apigateway-integration': { type: 'http_proxy', httpMethod: 'ANY', uri: 'http://example.test/{proxy}', payloadFormatVersion: '1.0' },
            },
          },
        },
      };
      expect(sut(JSON.stringify(exported)).routes.map((r) => r.routeKey)).toEqual(['ANY /up/{proxy+}']);
    });

    it('warns about integration types HTTP APIs cannot run and leaves the route without a target', () => {
      const result = sut(doc({ type: 'AWS', httpMethod: 'POST', uri: 'arn:aws:lambda:us-east-2:123456789012:function:F' }));
      expect(result.routes[0].target).toBeUndefined();
      expect(result.warnings).toEqual([
        "HTTP APIs support only AWS_PROXY and HTTP_PROXY integrations; the AWS integration is ignored (at $.paths['/'].get['x-amazon-apigateway-integration'].type)",
      ]);
      expect(() => sut(doc({ type: 'AWS', httpMethod: 'POST', uri: 'x' }), { failOnWarnings: true })).toThrow(/Warnings found during import/);
    });

    it.each([
      [{ swagger: '2.0', info: { title: 't' }, paths: {} }, 'HTTP APIs support only OpenAPI 3.0 definitions', '$.swagger'],
      [JSON.parse(doc({ type: 'HTTP_PROXY', httpMethod: 'GET', uri: 'http://x', payloadFormatVersion: '2.0' })), 'HTTP_PROXY integrations support only payloadFormatVersion 1.0', "$.paths['/'].get['x-amazon-apigateway-integration'].payloadFormatVersion"],
      [JSON.parse(doc({ type: 'AWS_PROXY', httpMethod: 'POST', uri: 'arn', timeoutInMillis: 30001 })), 'timeoutInMillis must be an integer between 50 and 30000', "$.paths['/'].get['x-amazon-apigateway-integration'].timeoutInMillis"],
      [JSON.parse(doc({ type: 'HTTP_PROXY', httpMethod: 'GET', uri: 'http://x', requestParameters: { 'header.x': 'y' } })), "Invalid request parameter mapping 'header.x'; expected append|overwrite|remove:header.<name>, querystring.<name> or path", "$.paths['/'].get['x-amazon-apigateway-integration'].requestParameters['header.x']"],
      [
        JSON.parse(doc({ type: 'AWS_PROXY', uri: 'arn' }, { security: [{ a: [] }, { b: [] }], components: { securitySchemes: { a: { type: 'apiKey', name: 'A', in: 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' }, b: { type: 'apiKey', name: 'A', in: 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' } } } })),
        'HTTP APIs support only one security requirement per operation: IAM, a Lambda authorizer or a JWT authorizer',
        '$.security',
      ],
      [JSON.parse(doc({ type: 'AWS_PROXY', uri: 'arn' }, { 'x-amazon-apigateway-cors': { allowOrigins: ['*'], allowCredentials: true } })), "allowCredentials cannot be true when allowOrigins contains '*'", "$['x-amazon-apigateway-cors']"],
      [JSON.parse(doc({ type: 'AWS_PROXY', uri: 'arn' }, { components: { securitySchemes: { j: { type: 'oauth2', 'x-amazon-apigateway-authorizer': { type: 'jwt' } } } } })), "A JWT authorizer requires 'jwtConfiguration.issuer' or an openIdConnectUrl", "$.components.securitySchemes.j['x-amazon-apigateway-authorizer'].jwtConfiguration"],
      [JSON.parse(doc({ type: 'AWS_PROXY', uri: 'arn' }, { components: { securitySchemes: { l: { type: 'apiKey', name: 'A', in: 'header', 'x-amazon-apigateway-authorizer': { type: 'request', authorizerUri: 'arn', authorizerPayloadFormatVersion: '1.0', enableSimpleResponses: true } } } } })), 'enableSimpleResponses requires authorizerPayloadFormatVersion 2.0', "$.components.securitySchemes.l['x-amazon-apigateway-authorizer'].enableSimpleResponses"],
    ])('refuses %#', (input, message, path) => {
      expect(() => sut(input)).toThrow(expect.objectContaining({ name: 'OpenApiImportError', message, path }));
    });
  });
});
