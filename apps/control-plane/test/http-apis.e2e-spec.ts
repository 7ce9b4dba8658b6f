import {
  ApiGatewayV2Client,
  CreateApiCommand,
  CreateAuthorizerCommand,
  type CreateAuthorizerCommandInput,
  CreateDeploymentCommand,
  CreateIntegrationCommand,
  CreateIntegrationResponseCommand,
  CreateModelCommand,
  CreateRouteCommand,
  CreateRouteResponseCommand,
  CreateStageCommand,
  DeleteApiCommand,
  DeleteAuthorizerCommand,
  DeleteCorsConfigurationCommand,
  DeleteDeploymentCommand,
  DeleteIntegrationCommand,
  DeleteModelCommand,
  DeleteRouteCommand,
  DeleteStageCommand,
  GetApiCommand,
  GetApisCommand,
  GetAuthorizerCommand,
  GetDeploymentCommand,
  GetDeploymentsCommand,
  GetIntegrationCommand,
  GetIntegrationResponsesCommand,
  GetIntegrationsCommand,
  GetModelCommand,
  GetModelsCommand,
  GetRouteCommand,
  GetRouteResponsesCommand,
  GetRoutesCommand,
  GetStageCommand,
  GetStagesCommand,
  GetTagsCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateApiCommand,
  UpdateAuthorizerCommand,
  UpdateIntegrationCommand,
  UpdateModelCommand,
  UpdateRouteCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-apigatewayv2';
import type { BusEvents } from '@app/contracts';
import { refusal as sdkRefusal, startControlPlane, type StartedControlPlane } from '@app/testing';

const LAMBDA = 'arn:aws:lambda:us-east-1:123456789012:function:hello';

/** The SDK exception as these assertions compare it: class name, AWS's message and HTTP status. */
async function refusal(promise: Promise<unknown>): Promise<{ name: string; message: string; status?: number }> {
  const e = await sdkRefusal(promise);
  return { name: e.name, message: e.message, status: e.$metadata?.httpStatusCode };
}

describe('apigatewayv2 management API (official @aws-sdk/client-apigatewayv2)', () => {
  let cp: StartedControlPlane;
  let sut: ApiGatewayV2Client;
  const activated: Array<BusEvents['stage.activated']> = [];

  beforeAll(async () => {
    cp = await startControlPlane();
    sut = new ApiGatewayV2Client(cp.clientConfig);
    cp.runtime.bus.subscribe('stage.activated', (event) => void activated.push(event));
  });

  afterAll(async () => {
    sut.destroy();
    await cp.close();
  });

  describe('quick create', () => {
    it('creates route, AWS_PROXY integration and an auto-deployed $default stage for a Lambda target', async () => {
      const api = await sut.send(new CreateApiCommand({ Name: 'quick', ProtocolType: 'HTTP', Target: LAMBDA }));
      expect(api).toMatchObject({
        Name: 'quick',
        ProtocolType: 'HTTP',
        RouteSelectionExpression: '${request.method} ${request.path}',
        ApiKeySelectionExpression: '$request.header.x-api-key',
        DisableExecuteApiEndpoint: false,
        ApiEndpoint: `http://${api.ApiId}.execute-api.localhost:8080`,
      });
      expect(api.ApiId).toMatch(/^[a-z0-9]{10}$/);
      expect(api.CreatedDate).toBeInstanceOf(Date);

      const { Items: routes } = await sut.send(new GetRoutesCommand({ ApiId: api.ApiId }));
      const { Items: integrations } = await sut.send(new GetIntegrationsCommand({ ApiId: api.ApiId }));
      expect(routes).toEqual([expect.objectContaining({ RouteKey: '$default', Target: `integrations/${integrations![0].IntegrationId}`, ApiGatewayManaged: true })]);
      expect(integrations).toEqual([
        expect.objectContaining({ IntegrationType: 'AWS_PROXY', IntegrationUri: LAMBDA, PayloadFormatVersion: '2.0', TimeoutInMillis: 30000 }),
      ]);
      const stage = await sut.send(new GetStageCommand({ ApiId: api.ApiId, StageName: '$default' }));
      expect(stage).toMatchObject({ StageName: '$default', AutoDeploy: true, ApiGatewayManaged: true });
      expect(stage.DeploymentId).toBeDefined();
      const stored = await cp.runtime.store.stages.get(api.ApiId!, '$default');
      expect(stored?.deploymentId).toBe(stage.DeploymentId);
      expect(activated).toContainEqual({ v: 1, apiId: api.ApiId, stageName: '$default', deploymentId: stage.DeploymentId });
      const deployment = await sut.send(new GetDeploymentCommand({ ApiId: api.ApiId, DeploymentId: stage.DeploymentId }));
      expect(deployment).toMatchObject({ DeploymentStatus: 'DEPLOYED', AutoDeployed: true });
    });

    it('makes an HTTP_PROXY integration with method ANY and payload 1.0 for a URL target, on the given route key', async () => {
      const api = await sut.send(new CreateApiCommand({ Name: 'proxy', ProtocolType: 'HTTP', Target: 'https://example.com/api', RouteKey: 'GET /pets' }));
      const { Items: integrations } = await sut.send(new GetIntegrationsCommand({ ApiId: api.ApiId }));
      expect(integrations![0]).toMatchObject({ IntegrationType: 'HTTP_PROXY', IntegrationMethod: 'ANY', PayloadFormatVersion: '1.0', IntegrationUri: 'https://example.com/api' });
      const { Items: routes } = await sut.send(new GetRoutesCommand({ ApiId: api.ApiId }));
      expect(routes![0].RouteKey).toBe('GET /pets');
    });

    it.each([
      [{ Name: 'x', ProtocolType: 'HTTP' as const, Target: 'not a target' }, "Invalid value for 'target': not a target must be a Lambda function ARN or an http(s) URL"],
      [{ Name: 'x', ProtocolType: 'HTTP' as const, RouteKey: 'GET /a' }, "'routeKey' and 'credentialsArn' are part of quick create and need 'target'"],
      [{ Name: 'x', ProtocolType: 'HTTP' as const, Target: LAMBDA, RouteKey: 'FETCH /a' }, "Invalid routeKey 'FETCH /a': must be $default or 'METHOD /path' with METHOD one of ANY, DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"],
      [{ Name: 'x', ProtocolType: 'WEBSOCKET' as const, RouteSelectionExpression: '$request.body.action', Target: LAMBDA }, 'Quick create (target, routeKey, credentialsArn) is supported only for HTTP APIs'],
      [{ Name: 'x', ProtocolType: 'WEBSOCKET' as const }, "Missing required member 'routeSelectionExpression': WebSocket APIs need one, e.g. $request.body.action"],
      [{ Name: 'x', ProtocolType: 'HTTP' as const, RouteSelectionExpression: '$request.body.action' }, "Invalid value for 'routeSelectionExpression': HTTP APIs support only ${request.method} ${request.path}"],
      [{ Name: 'x', ProtocolType: 'GRPC' as never }, "Invalid value for 'protocolType': GRPC. Valid values are HTTP, WEBSOCKET"],
      [{ Name: '', ProtocolType: 'HTTP' as const }, "Invalid value for 'name': must not be empty"],
      [{ Name: 'x', ProtocolType: 'HTTP' as const, CorsConfiguration: { AllowCredentials: true, AllowOrigins: ['*'] } }, "Invalid CORS configuration: allowCredentials cannot be true when allowOrigins includes '*'"],
      [{ Name: 'x', ProtocolType: 'HTTP' as const, CorsConfiguration: { MaxAge: 90000 } }, "Invalid value for 'corsConfiguration.maxAge': 90000 must be between -1 and 86400"],
      [{ Name: 'x', ProtocolType: 'WEBSOCKET' as const, RouteSelectionExpression: '$request.body.action', CorsConfiguration: { AllowOrigins: ['*'] } }, 'CORS configuration is supported only for HTTP APIs'],
    ])('refuses CreateApi %j', async (input, message) => {
      expect(await refusal(sut.send(new CreateApiCommand(input)))).toEqual({ name: 'BadRequestException', message, status: 400 });
    });
  });

  describe('apis', () => {
    it('updates with a partial body, deletes CORS, pages GetApis and deletes', async () => {
      const api = await sut.send(
        new CreateApiCommand({ Name: 'cors', ProtocolType: 'HTTP', Description: 'd', CorsConfiguration: { AllowOrigins: ['https://a.example'], MaxAge: 60 }, Tags: { team: 'x' } }),
      );
      expect(api.CorsConfiguration).toEqual({ AllowOrigins: ['https://a.example'], MaxAge: 60 });
      const updated = await sut.send(new UpdateApiCommand({ ApiId: api.ApiId, Version: 'v2', DisableExecuteApiEndpoint: true }));
      expect(updated).toMatchObject({ Name: 'cors', Description: 'd', Version: 'v2', DisableExecuteApiEndpoint: true, Tags: { team: 'x' } });
      expect(updated.CorsConfiguration).toEqual({ AllowOrigins: ['https://a.example'], MaxAge: 60 });
      await sut.send(new DeleteCorsConfigurationCommand({ ApiId: api.ApiId }));
      expect((await sut.send(new GetApiCommand({ ApiId: api.ApiId }))).CorsConfiguration).toBeUndefined();

      await sut.send(new CreateApiCommand({ Name: 'another', ProtocolType: 'HTTP' }));
      const first = await sut.send(new GetApisCommand({ MaxResults: '1' }));
      expect(first.Items).toHaveLength(1);
      expect(first.NextToken).toBeDefined();
      const all: string[] = [];
      let nextToken: string | undefined;
      do {
        const page = await sut.send(new GetApisCommand({ MaxResults: '1', NextToken: nextToken }));
        expect(page.Items).toHaveLength(1);
        all.push(page.Items![0].ApiId!);
        nextToken = page.NextToken;
      } while (nextToken);
      expect(all).toContain(api.ApiId);
      expect(new Set(all).size).toBe(all.length);

      await sut.send(new DeleteApiCommand({ ApiId: api.ApiId }));
      expect(await refusal(sut.send(new GetApiCommand({ ApiId: api.ApiId })))).toEqual({
        name: 'NotFoundException',
        message: `Invalid API identifier specified 123456789012:${api.ApiId}`,
        status: 404,
      });
    });

    it('refuses a bad page token and page size', async () => {
      expect(await refusal(sut.send(new GetApisCommand({ NextToken: 'garbage!' })))).toMatchObject({ name: 'BadRequestException', message: "Invalid value for 'nextToken': garbage!" });
      expect(await refusal(sut.send(new GetApisCommand({ MaxResults: '0' })))).toMatchObject({ name: 'BadRequestException', message: "Invalid value for 'maxResults': 0 must be an integer between 1 and 500" });
    });

    it('refuses UpdateApi of a quick-create target on an API made without one', async () => {
      const api = await sut.send(new CreateApiCommand({ Name: 'plain', ProtocolType: 'HTTP' }));
      expect(await refusal(sut.send(new UpdateApiCommand({ ApiId: api.ApiId, Target: LAMBDA })))).toMatchObject({
        name: 'BadRequestException',
        message: 'This API was not made with quick create: target, routeKey and credentialsArn cannot be updated',
      });
    });

    it('changes a quick-created target through UpdateApi', async () => {
      const api = await sut.send(new CreateApiCommand({ Name: 'retarget', ProtocolType: 'HTTP', Target: LAMBDA }));
      await sut.send(new UpdateApiCommand({ ApiId: api.ApiId, Target: 'http://backend.internal:8080' }));
      const { Items } = await sut.send(new GetIntegrationsCommand({ ApiId: api.ApiId }));
      expect(Items).toEqual([expect.objectContaining({ IntegrationType: 'HTTP_PROXY', IntegrationUri: 'http://backend.internal:8080', IntegrationMethod: 'ANY' })]);
    });
  });

  describe('routes, integrations, authorizers and autoDeploy', () => {
    let apiId: string;
    let integrationId: string;

    beforeAll(async () => {
      apiId = (await sut.send(new CreateApiCommand({ Name: 'crud', ProtocolType: 'HTTP' }))).ApiId!;
      await sut.send(new CreateStageCommand({ ApiId: apiId, StageName: '$default', AutoDeploy: true }));
    });

    it('creates, gets, updates and lists integrations', async () => {
      const created = await sut.send(new CreateIntegrationCommand({ ApiId: apiId, IntegrationType: 'AWS_PROXY', IntegrationUri: 'hello', PayloadFormatVersion: '1.0' }));
      integrationId = created.IntegrationId!;
      expect(created).toMatchObject({ IntegrationType: 'AWS_PROXY', IntegrationUri: 'hello', PayloadFormatVersion: '1.0', TimeoutInMillis: 30000, ConnectionType: 'INTERNET' });
      const updated = await sut.send(
        new UpdateIntegrationCommand({
          ApiId: apiId,
          IntegrationId: integrationId,
          TimeoutInMillis: 5000,
          RequestParameters: { 'append:header.x-from': '$request.header.host', 'overwrite:path': '/v1$request.path' },
          ResponseParameters: { '404': { 'overwrite:statuscode': '410', 'remove:header.server': "''" } },
        }),
      );
      expect(updated).toMatchObject({ IntegrationUri: 'hello', PayloadFormatVersion: '1.0', TimeoutInMillis: 5000 });
      expect(updated.ResponseParameters).toEqual({ '404': { 'overwrite:statuscode': '410', 'remove:header.server': "''" } });
      expect((await sut.send(new GetIntegrationCommand({ ApiId: apiId, IntegrationId: integrationId }))).TimeoutInMillis).toBe(5000);
    });

    it.each([
      [{ IntegrationType: 'AWS_PROXY' as const, IntegrationUri: LAMBDA }, "Missing required member 'payloadFormatVersion': HTTP APIs need 1.0 or 2.0 for AWS_PROXY integrations"],
      [{ IntegrationType: 'AWS_PROXY' as const, IntegrationUri: 'https://x', PayloadFormatVersion: '2.0' }, "Invalid value for 'integrationUri': https://x is not a Lambda function ARN, invocation ARN or function name"],
      [{ IntegrationType: 'HTTP_PROXY' as const, IntegrationUri: 'https://x.example' }, "Missing required member 'integrationMethod' for HTTP_PROXY integrations"],
      [{ IntegrationType: 'HTTP_PROXY' as const, IntegrationUri: 'ftp://x', IntegrationMethod: 'GET' }, "Invalid value for 'integrationUri': ftp://x is not an http(s) URL"],
      [{ IntegrationType: 'HTTP_PROXY' as const, IntegrationUri: 'https://x.example', IntegrationMethod: 'GET', PayloadFormatVersion: '2.0' }, "Invalid value for 'payloadFormatVersion': HTTP_PROXY integrations support only 1.0"],
      [{ IntegrationType: 'MOCK' as const }, "Invalid value for 'integrationType': MOCK. Valid values are AWS_PROXY, HTTP_PROXY"],
      [{ IntegrationType: 'AWS_PROXY' as const, IntegrationUri: LAMBDA, PayloadFormatVersion: '2.0', TimeoutInMillis: 30001 }, "Invalid value for 'timeoutInMillis': 30001 must be between 50 and 30000"],
      [{ IntegrationType: 'AWS_PROXY' as const, IntegrationUri: LAMBDA, PayloadFormatVersion: '2.0', TimeoutInMillis: 49 }, "Invalid value for 'timeoutInMillis': 49 must be between 50 and 30000"],
      [{ IntegrationType: 'AWS_PROXY' as const, IntegrationUri: LAMBDA, PayloadFormatVersion: '3.0' }, "Invalid value for 'payloadFormatVersion': 3.0. Valid values are 1.0, 2.0"],
      [
        { IntegrationType: 'AWS_PROXY' as const, IntegrationUri: LAMBDA, PayloadFormatVersion: '2.0', RequestParameters: { 'replace:header.x': 'y' } },
        "Invalid mapping key in 'requestParameters': replace:header.x. Expected overwrite:|append:|remove: followed by header.{name} or querystring.{name}, or overwrite:path",
      ],
      [
        { IntegrationType: 'AWS_PROXY' as const, IntegrationUri: LAMBDA, PayloadFormatVersion: '2.0', RequestParameters: { 'append:path': '/x' } },
        "Invalid mapping key in 'requestParameters': append:path. Expected overwrite:|append:|remove: followed by header.{name} or querystring.{name}, or overwrite:path",
      ],
      [
        { IntegrationType: 'AWS_PROXY' as const, IntegrationUri: LAMBDA, PayloadFormatVersion: '2.0', ResponseParameters: { '600': { 'overwrite:statuscode': '200' } } },
        "Invalid status code in 'responseParameters': 600 must be between 200 and 599",
      ],
      [
        { IntegrationType: 'AWS_PROXY' as const, IntegrationUri: LAMBDA, PayloadFormatVersion: '2.0', ResponseParameters: { '200': { 'overwrite:body': 'x' } } },
        "Invalid mapping key in 'responseParameters.200': overwrite:body. Expected overwrite:|append:|remove:header.{name} or overwrite:statuscode",
      ],
    ])('refuses CreateIntegration %j', async (input, message) => {
      expect(await refusal(sut.send(new CreateIntegrationCommand({ ApiId: apiId, ...input })))).toEqual({ name: 'BadRequestException', message, status: 400 });
    });

    it('creates routes, refuses bad keys, duplicates and dangling targets, and redeploys the autoDeploy stage on each change', async () => {
      const before = (await cp.runtime.store.stages.get(apiId, '$default'))!.deploymentId;
      const route = await sut.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /pets/{id}', Target: `integrations/${integrationId}` }));
      expect(route).toMatchObject({ RouteKey: 'GET /pets/{id}', AuthorizationType: 'NONE', ApiKeyRequired: false });

      const after = (await cp.runtime.store.stages.get(apiId, '$default'))!.deploymentId;
      expect(after).not.toBe(before);
      const snapshot = (await cp.runtime.store.deployments.get(apiId, after!))!.snapshot;
      expect(snapshot.definition).toMatchObject({ routes: [expect.objectContaining({ routeKey: 'GET /pets/{id}' })] });
      expect(activated).toContainEqual({ v: 1, apiId, stageName: '$default', deploymentId: after });

      expect(await refusal(sut.send(new CreateRouteCommand({ ApiId: apiId, RouteKey: 'GET /pets/{id}' })))).toEqual({
        name: 'ConflictException',
        message: `Unable to create route GET /pets/{id}: a route with this key already exists in API ${apiId}`,
        status: 409,
      });
      const updated = await sut.send(new UpdateRouteCommand({ ApiId: apiId, RouteId: route.RouteId, OperationName: 'getPet' }));
      expect(updated).toMatchObject({ RouteKey: 'GET /pets/{id}', OperationName: 'getPet', Target: `integrations/${integrationId}` });
      expect((await sut.send(new GetRouteCommand({ ApiId: apiId, RouteId: route.RouteId }))).OperationName).toBe('getPet');
    });

    it.each([
      [{ RouteKey: 'GET pets' }, "Invalid routeKey 'GET pets': must be $default or 'METHOD /path' with METHOD one of ANY, DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"],
      [{ RouteKey: 'GET /a//b' }, "Invalid routeKey 'GET /a//b': empty path segment"],
      [{ RouteKey: 'GET /{proxy+}/x' }, "Invalid routeKey 'GET /{proxy+}/x': a greedy path variable {proxy+} must be the last segment"],
      [{ RouteKey: '$connect' }, "Invalid routeKey '$connect': must be $default or 'METHOD /path' with METHOD one of ANY, DELETE, GET, HEAD, OPTIONS, PATCH, POST, PUT"],
      [{ RouteKey: 'GET /t1', Target: 'lambda/hello' }, "Invalid value for 'target': lambda/hello must be integrations/{integrationId}"],
      [{ RouteKey: 'GET /t2', Target: 'integrations/nope123' }, "Invalid value for 'target': integration nope123 does not exist in API {api}"],
      [{ RouteKey: 'GET /t3', AuthorizationType: 'JWT' as const }, "Missing required member 'authorizerId' for authorizationType JWT"],
      [{ RouteKey: 'GET /t4', AuthorizationType: 'JWT' as const, AuthorizerId: 'nope12' }, "Invalid value for 'authorizerId': authorizer nope12 does not exist in API {api}"],
      [{ RouteKey: 'GET /t5', AuthorizationScopes: ['read'] }, "'authorizationScopes' can be set only when authorizationType is JWT"],
      [{ RouteKey: 'GET /t6', AuthorizationType: 'NONE' as const, AuthorizerId: 'abc' }, "'authorizerId' cannot be set when authorizationType is NONE"],
      [{ RouteKey: 'GET /t7', ApiKeyRequired: true }, "'apiKeyRequired' is supported only for WebSocket APIs"],
      [{ RouteKey: 'GET /t8', AuthorizationType: 'BASIC' as never }, "Invalid value for 'authorizationType': BASIC. Valid values are NONE, AWS_IAM, CUSTOM, JWT"],
    ])('refuses CreateRoute %j', async (input, message) => {
      expect(await refusal(sut.send(new CreateRouteCommand({ ApiId: apiId, ...input })))).toEqual({ name: 'BadRequestException', message: message.replace('{api}', apiId), status: 400 });
    });

    it('attaches JWT and Lambda authorizers to routes and refuses mismatches', async () => {
      const jwt = await sut.send(
        new CreateAuthorizerCommand({
          ApiId: apiId,
          Name: 'jwt',
          AuthorizerType: 'JWT',
          IdentitySource: ['$request.header.Authorization'],
          JwtConfiguration: { Issuer: 'https://issuer.example', Audience: ['app'] },
        }),
      );
      const lambda = await sut.send(
        new CreateAuthorizerCommand({
          ApiId: apiId,
          Name: 'lambda',
          AuthorizerType: 'REQUEST',
          AuthorizerUri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${LAMBDA}/invocations`,
          AuthorizerPayloadFormatVersion: '2.0',
          EnableSimpleResponses: true,
          IdentitySource: ['$request.header.x-token'],
          AuthorizerResultTtlInSeconds: 300,
        }),
      );
      expect(lambda).toMatchObject({ AuthorizerType: 'REQUEST', EnableSimpleResponses: true, AuthorizerResultTtlInSeconds: 300 });
      const route = await sut.send(
        new CreateRouteCommand({ ApiId: apiId, RouteKey: 'POST /pets', AuthorizationType: 'JWT', AuthorizerId: jwt.AuthorizerId, AuthorizationScopes: ['pets:write'] }),
      );
      expect(route).toMatchObject({ AuthorizationType: 'JWT', AuthorizerId: jwt.AuthorizerId, AuthorizationScopes: ['pets:write'] });
      expect(await refusal(sut.send(new UpdateRouteCommand({ ApiId: apiId, RouteId: route.RouteId, AuthorizationType: 'CUSTOM' })))).toMatchObject({
        name: 'BadRequestException',
        message: `authorizationType CUSTOM needs a REQUEST authorizer; ${jwt.AuthorizerId} is JWT`,
      });
      const custom = await sut.send(new UpdateRouteCommand({ ApiId: apiId, RouteId: route.RouteId, AuthorizationType: 'CUSTOM', AuthorizerId: lambda.AuthorizerId }));
      expect(custom).toMatchObject({ AuthorizationType: 'CUSTOM', AuthorizerId: lambda.AuthorizerId });
      expect(custom.AuthorizationScopes).toBeUndefined();

      expect(await refusal(sut.send(new DeleteAuthorizerCommand({ ApiId: apiId, AuthorizerId: lambda.AuthorizerId })))).toMatchObject({
        name: 'ConflictException',
        message: `Unable to delete authorizer ${lambda.AuthorizerId}: it is attached to route(s) POST /pets`,
      });
      const renamed = await sut.send(new UpdateAuthorizerCommand({ ApiId: apiId, AuthorizerId: jwt.AuthorizerId, JwtConfiguration: { Audience: ['app', 'cli'] } }));
      expect(renamed.JwtConfiguration).toEqual({ Issuer: 'https://issuer.example', Audience: ['app', 'cli'] });
      await sut.send(new DeleteAuthorizerCommand({ ApiId: apiId, AuthorizerId: jwt.AuthorizerId }));
      expect(await refusal(sut.send(new GetAuthorizerCommand({ ApiId: apiId, AuthorizerId: jwt.AuthorizerId })))).toMatchObject({
        name: 'NotFoundException',
        message: `Invalid Authorizer identifier specified 123456789012:${jwt.AuthorizerId}`,
      });
      await sut.send(new DeleteRouteCommand({ ApiId: apiId, RouteId: route.RouteId }));
    });

    it.each([
      [{ Name: 'a', AuthorizerType: 'JWT' as const, IdentitySource: ['$request.header.Authorization'] }, "Missing required member 'jwtConfiguration.issuer' for JWT authorizers"],
      [{ Name: 'a', AuthorizerType: 'JWT' as const, IdentitySource: ['$request.header.A'], JwtConfiguration: { Issuer: 'https://i' } }, "Missing required member 'jwtConfiguration.audience' for JWT authorizers"],
      [{ Name: 'a', AuthorizerType: 'JWT' as const, IdentitySource: ['Authorization'], JwtConfiguration: { Issuer: 'https://i', Audience: ['x'] } }, "Invalid value for 'identitySource': JWT authorizers need exactly one $request.header.{name} or $request.querystring.{name}"],
      [{ Name: 'a', AuthorizerType: 'REQUEST' as const, AuthorizerPayloadFormatVersion: '2.0' }, "Missing required member 'authorizerUri' for REQUEST authorizers"],
      [{ Name: 'a', AuthorizerType: 'REQUEST' as const, AuthorizerUri: LAMBDA }, "Missing required member 'authorizerPayloadFormatVersion' (1.0 or 2.0) for REQUEST authorizers of HTTP APIs"],
      [{ Name: 'a', AuthorizerType: 'REQUEST' as const, AuthorizerUri: LAMBDA, AuthorizerPayloadFormatVersion: '1.0', EnableSimpleResponses: true }, "'enableSimpleResponses' can be true only when authorizerPayloadFormatVersion is 2.0"],
      [{ Name: 'a', AuthorizerType: 'REQUEST' as const, AuthorizerUri: LAMBDA, AuthorizerPayloadFormatVersion: '2.0', AuthorizerResultTtlInSeconds: 3601 }, "Invalid value for 'authorizerResultTtlInSeconds': 3601 must be between 0 and 3600"],
      [{ Name: 'a', AuthorizerType: 'REQUEST' as const, AuthorizerUri: LAMBDA, AuthorizerPayloadFormatVersion: '2.0', AuthorizerResultTtlInSeconds: 60 }, "Missing required member 'identitySource': caching (authorizerResultTtlInSeconds > 0) keys results by identity sources"],
      [{ Name: 'a', AuthorizerType: 'REQUEST' as const, AuthorizerUri: 'https://auth', AuthorizerPayloadFormatVersion: '2.0' }, "Invalid value for 'authorizerUri': https://auth is not a Lambda function invocation ARN"],
    ])('refuses CreateAuthorizer %j', async (input, message) => {
      expect(await refusal(sut.send(new CreateAuthorizerCommand({ ApiId: apiId, ...input } as CreateAuthorizerCommandInput)))).toEqual({ name: 'BadRequestException', message, status: 400 });
    });

    it('refuses to delete an integration a route targets, then deletes it once free', async () => {
      const { Items } = await sut.send(new GetRoutesCommand({ ApiId: apiId }));
      const route = Items!.find((r) => r.RouteKey === 'GET /pets/{id}')!;
      expect(await refusal(sut.send(new DeleteIntegrationCommand({ ApiId: apiId, IntegrationId: integrationId })))).toEqual({
        name: 'ConflictException',
        message: `Unable to delete integration ${integrationId}: it is the target of route(s) GET /pets/{id}`,
        status: 409,
      });
      await sut.send(new DeleteRouteCommand({ ApiId: apiId, RouteId: route.RouteId }));
      await sut.send(new DeleteIntegrationCommand({ ApiId: apiId, IntegrationId: integrationId }));
      expect(await refusal(sut.send(new GetRouteCommand({ ApiId: apiId, RouteId: route.RouteId })))).toMatchObject({
        name: 'NotFoundException',
        message: `Invalid Route identifier specified 123456789012:${route.RouteId}`,
      });
      expect(await refusal(sut.send(new GetIntegrationCommand({ ApiId: apiId, IntegrationId: integrationId })))).toMatchObject({
        name: 'NotFoundException',
        message: `Invalid Integration identifier specified 123456789012:${integrationId}`,
      });
    });

    it('answers NotFoundException for an unknown API under every sub-resource', async () => {
      for (const call of [
        sut.send(new GetRoutesCommand({ ApiId: 'nope000000' })),
        sut.send(new CreateIntegrationCommand({ ApiId: 'nope000000', IntegrationType: 'HTTP_PROXY' })),
        sut.send(new GetStagesCommand({ ApiId: 'nope000000' })),
        sut.send(new CreateDeploymentCommand({ ApiId: 'nope000000' })),
      ]) {
        expect(await refusal(call)).toEqual({ name: 'NotFoundException', message: 'Invalid API identifier specified 123456789012:nope000000', status: 404 });
      }
    });
  });

  describe('models', () => {
    it('creates, updates, lists and deletes models, refusing bad schemas and duplicate names', async () => {
      const apiId = (await sut.send(new CreateApiCommand({ Name: 'models', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' }))).ApiId!;
      const model = await sut.send(new CreateModelCommand({ ApiId: apiId, Name: 'Pet', Schema: '{"type":"object"}' }));
      expect(model).toMatchObject({ Name: 'Pet', ContentType: 'application/json', Schema: '{"type":"object"}' });
      expect((await sut.send(new UpdateModelCommand({ ApiId: apiId, ModelId: model.ModelId, Description: 'a pet' }))).Schema).toBe('{"type":"object"}');
      expect((await sut.send(new GetModelCommand({ ApiId: apiId, ModelId: model.ModelId }))).Description).toBe('a pet');
      expect(await refusal(sut.send(new CreateModelCommand({ ApiId: apiId, Name: 'Pet', Schema: '{}' })))).toMatchObject({ name: 'ConflictException', message: `Model name Pet already exists in API ${apiId}` });
      expect(await refusal(sut.send(new CreateModelCommand({ ApiId: apiId, Name: 'Bad', Schema: '{nope' })))).toMatchObject({ name: 'BadRequestException', message: expect.stringMatching(/^Invalid value for 'schema': not valid JSON/) });
      expect(await refusal(sut.send(new CreateModelCommand({ ApiId: apiId, Name: 'bad-name', Schema: '{}' })))).toMatchObject({ name: 'BadRequestException', message: "Invalid value for 'name': bad-name must be alphanumeric" });
      expect((await sut.send(new GetModelsCommand({ ApiId: apiId }))).Items).toHaveLength(1);
      await sut.send(new DeleteModelCommand({ ApiId: apiId, ModelId: model.ModelId }));
      expect(await refusal(sut.send(new GetModelCommand({ ApiId: apiId, ModelId: model.ModelId })))).toMatchObject({ name: 'NotFoundException' });
    });
  });

  describe('WebSocket APIs', () => {
    it('accepts $connect/$disconnect/custom keys, route and integration responses, and refuses what HTTP-only', async () => {
      const api = await sut.send(new CreateApiCommand({ Name: 'chat', ProtocolType: 'WEBSOCKET', RouteSelectionExpression: '$request.body.action' }));
      expect(api.ApiEndpoint).toBe(`ws://${api.ApiId}.execute-api.localhost:8081`);
      const integration = await sut.send(new CreateIntegrationCommand({ ApiId: api.ApiId, IntegrationType: 'MOCK', RequestTemplates: { $default: '{"statusCode":200}' } }));
      expect(integration).toMatchObject({ TimeoutInMillis: 29000, PassthroughBehavior: 'WHEN_NO_MATCH' });
      for (const key of ['$connect', '$disconnect', '$default', 'sendMessage']) {
        await sut.send(new CreateRouteCommand({ ApiId: api.ApiId, RouteKey: key, Target: `integrations/${integration.IntegrationId}` }));
      }
      const route = (await sut.send(new GetRoutesCommand({ ApiId: api.ApiId }))).Items!.find((r) => r.RouteKey === 'sendMessage')!;
      await sut.send(new CreateRouteResponseCommand({ ApiId: api.ApiId, RouteId: route.RouteId, RouteResponseKey: '$default' }));
      expect((await sut.send(new GetRouteResponsesCommand({ ApiId: api.ApiId, RouteId: route.RouteId }))).Items).toEqual([expect.objectContaining({ RouteResponseKey: '$default' })]);
      await sut.send(new CreateIntegrationResponseCommand({ ApiId: api.ApiId, IntegrationId: integration.IntegrationId, IntegrationResponseKey: '/2\\d\\d/' }));
      expect((await sut.send(new GetIntegrationResponsesCommand({ ApiId: api.ApiId, IntegrationId: integration.IntegrationId }))).Items).toEqual([
        expect.objectContaining({ IntegrationResponseKey: '/2\\d\\d/' }),
      ]);

      expect(await refusal(sut.send(new CreateRouteCommand({ ApiId: api.ApiId, RouteKey: '$custom' })))).toMatchObject({
        name: 'BadRequestException',
        message: "Invalid routeKey '$custom': keys starting with $ are reserved; use $connect, $disconnect or $default",
      });
      expect(await refusal(sut.send(new CreateIntegrationCommand({ ApiId: api.ApiId, IntegrationType: 'HTTP_PROXY', IntegrationUri: 'https://x.example', IntegrationMethod: 'GET', TimeoutInMillis: 29001 })))).toMatchObject({
        message: "Invalid value for 'timeoutInMillis': 29001 must be between 50 and 29000",
      });
      expect(await refusal(sut.send(new CreateStageCommand({ ApiId: api.ApiId, StageName: '$default' })))).toMatchObject({ message: 'The $default stage is supported only for HTTP APIs' });
      expect(await refusal(sut.send(new CreateStageCommand({ ApiId: api.ApiId, StageName: 'prod', AutoDeploy: true })))).toMatchObject({ message: "'autoDeploy' is supported only for HTTP APIs" });
      expect(await refusal(sut.send(new CreateRouteResponseCommand({ ApiId: api.ApiId, RouteId: route.RouteId, RouteResponseKey: 'other' })))).toMatchObject({
        message: "Invalid value for 'routeResponseKey': other. Only $default is supported",
      });
    });

    it('refuses route responses on HTTP APIs', async () => {
      const api = await sut.send(new CreateApiCommand({ Name: 'h', ProtocolType: 'HTTP', Target: LAMBDA }));
      const { Items } = await sut.send(new GetRoutesCommand({ ApiId: api.ApiId }));
      expect(await refusal(sut.send(new CreateRouteResponseCommand({ ApiId: api.ApiId, RouteId: Items![0].RouteId, RouteResponseKey: '$default' })))).toEqual({
        name: 'BadRequestException',
        message: 'Route responses are supported only for WebSocket APIs',
        status: 400,
      });
    });
  });

  describe('stages and deployments', () => {
    let apiId: string;

    beforeAll(async () => {
      apiId = (await sut.send(new CreateApiCommand({ Name: 'stages', ProtocolType: 'HTTP', Target: LAMBDA, RouteKey: 'GET /x' }))).ApiId!;
    });

    it('creates a deployment into a stage, updates the stage partially, and protects deployments in use', async () => {
      const stage = await sut.send(
        new CreateStageCommand({
          ApiId: apiId,
          StageName: 'prod',
          StageVariables: { backend: 'https://b.example' },
          DefaultRouteSettings: { ThrottlingBurstLimit: 10, ThrottlingRateLimit: 5 },
          AccessLogSettings: { DestinationArn: 'arn:aws:logs:us-east-1:123456789012:log-group:x', Format: '$context.requestId $context.status' },
          Tags: { env: 'prod' },
        }),
      );
      expect(stage).toMatchObject({ StageName: 'prod', StageVariables: { backend: 'https://b.example' }, DefaultRouteSettings: { ThrottlingBurstLimit: 10, ThrottlingRateLimit: 5, DetailedMetricsEnabled: false } });
      expect(stage.DeploymentId).toBeUndefined();
      expect(await refusal(sut.send(new CreateStageCommand({ ApiId: apiId, StageName: 'prod' })))).toEqual({ name: 'ConflictException', message: 'Stage prod already exists', status: 409 });

      const deployment = await sut.send(new CreateDeploymentCommand({ ApiId: apiId, StageName: 'prod', Description: 'first' }));
      expect(deployment).toMatchObject({ DeploymentStatus: 'DEPLOYED', Description: 'first', AutoDeployed: false });
      expect((await cp.runtime.store.stages.get(apiId, 'prod'))!.deploymentId).toBe(deployment.DeploymentId);
      expect(activated).toContainEqual({ v: 1, apiId, stageName: 'prod', deploymentId: deployment.DeploymentId });

      const updated = await sut.send(new UpdateStageCommand({ ApiId: apiId, StageName: 'prod', Description: 'live', RouteSettings: { 'GET /x': { ThrottlingRateLimit: 1 } } }));
      expect(updated).toMatchObject({ Description: 'live', DeploymentId: deployment.DeploymentId, StageVariables: { backend: 'https://b.example' }, RouteSettings: { 'GET /x': { ThrottlingRateLimit: 1 } } });
      expect(await refusal(sut.send(new UpdateStageCommand({ ApiId: apiId, StageName: 'prod', RouteSettings: { 'GET /nope': { ThrottlingRateLimit: 1 } } })))).toEqual({
        name: 'NotFoundException',
        message: 'Unable to find Route by key GET /nope within the provided RouteSettings',
        status: 404,
      });

      expect(await refusal(sut.send(new DeleteDeploymentCommand({ ApiId: apiId, DeploymentId: deployment.DeploymentId })))).toEqual({
        name: 'BadRequestException',
        message: 'Active stages pointing to this deployment must be moved or deleted: prod',
        status: 400,
      });
      const { Items: deployments } = await sut.send(new GetDeploymentsCommand({ ApiId: apiId }));
      expect(deployments!.map((d) => d.DeploymentId)).toContain(deployment.DeploymentId);
      expect((await sut.send(new GetStagesCommand({ ApiId: apiId }))).Items!.map((s) => s.StageName)).toEqual(['$default', 'prod']);

      await sut.send(new DeleteStageCommand({ ApiId: apiId, StageName: 'prod' }));
      await sut.send(new DeleteDeploymentCommand({ ApiId: apiId, DeploymentId: deployment.DeploymentId }));
      expect(await refusal(sut.send(new GetDeploymentCommand({ ApiId: apiId, DeploymentId: deployment.DeploymentId })))).toMatchObject({
        name: 'NotFoundException',
        message: `Invalid Deployment identifier specified 123456789012:${deployment.DeploymentId}`,
      });
      expect(await refusal(sut.send(new GetStageCommand({ ApiId: apiId, StageName: 'prod' })))).toMatchObject({
        name: 'NotFoundException',
        message: 'Invalid Stage identifier specified 123456789012:prod',
      });
    });

    it.each([
      [{ StageName: 'bad name' }, "Invalid value for 'stageName': bad name may contain only letters, digits, hyphens and underscores"],
      [{ StageName: 's1', StageVariables: { 'bad-name': 'x' } }, "Invalid stage variable name 'bad-name': use letters, digits and underscores"],
      [{ StageName: 's2', StageVariables: { ok: 'sp ace' } }, "Invalid value for stage variable 'ok': allowed characters are A-Z a-z 0-9 - . _ ~ : / ? # & = ,"],
      [{ StageName: 's3', AccessLogSettings: { DestinationArn: 'arn:x', Format: '$context.status' } }, "Invalid value for 'accessLogSettings.format': it must include $context.requestId or $context.extendedRequestId"],
      [{ StageName: 's4', DefaultRouteSettings: { ThrottlingBurstLimit: -1 } }, "Invalid value for 'defaultRouteSettings.throttlingBurstLimit': -1 must be between 0 and 2147483647"],
      [{ StageName: 's5', DefaultRouteSettings: { LoggingLevel: 'INFO' as const } }, "'defaultRouteSettings.dataTraceEnabled' and 'loggingLevel' are supported only for WebSocket APIs"],
    ])('refuses CreateStage %j', async (input, message) => {
      expect(await refusal(sut.send(new CreateStageCommand({ ApiId: apiId, ...input })))).toEqual({ name: 'BadRequestException', message, status: 400 });
    });

    it('refuses a deployment id that does not exist and a manual deployment into an autoDeploy stage', async () => {
      expect(await refusal(sut.send(new CreateStageCommand({ ApiId: apiId, StageName: 'x1', DeploymentId: 'zzzzzz' })))).toMatchObject({
        name: 'NotFoundException',
        message: 'Invalid Deployment identifier specified 123456789012:zzzzzz',
      });
      expect(await refusal(sut.send(new CreateDeploymentCommand({ ApiId: apiId, StageName: '$default' })))).toMatchObject({
        name: 'BadRequestException',
        message: 'Stage $default has autoDeploy enabled; its deployments are made automatically',
      });
      expect(await refusal(sut.send(new CreateDeploymentCommand({ ApiId: apiId, StageName: 'nope' })))).toMatchObject({
        name: 'NotFoundException',
        message: 'Invalid Stage identifier specified 123456789012:nope',
      });
    });

    it('deploys a stage the moment autoDeploy is switched on', async () => {
      await sut.send(new CreateStageCommand({ ApiId: apiId, StageName: 'beta' }));
      const updated = await sut.send(new UpdateStageCommand({ ApiId: apiId, StageName: 'beta', AutoDeploy: true }));
      expect(updated.DeploymentId).toBeDefined();
      expect((await cp.runtime.store.stages.get(apiId, 'beta'))!.deploymentId).toBe(updated.DeploymentId);
    });
  });

  describe('tags', () => {
    it('tags, lists and untags APIs and stages by ARN', async () => {
      const api = await sut.send(new CreateApiCommand({ Name: 'tagged', ProtocolType: 'HTTP', Target: LAMBDA, Tags: { a: '1' } }));
      const arn = `arn:aws:apigateway:us-east-1::/apis/${api.ApiId}`;
      await sut.send(new TagResourceCommand({ ResourceArn: arn, Tags: { b: '2', c: '3' } }));
      expect((await sut.send(new GetTagsCommand({ ResourceArn: arn }))).Tags).toEqual({ a: '1', b: '2', c: '3' });
      await sut.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: ['a', 'c'] }));
      expect((await sut.send(new GetTagsCommand({ ResourceArn: arn }))).Tags).toEqual({ b: '2' });
      expect((await sut.send(new GetApiCommand({ ApiId: api.ApiId }))).Tags).toEqual({ b: '2' });

      const stageArn = `${arn}/stages/$default`;
      await sut.send(new TagResourceCommand({ ResourceArn: stageArn, Tags: { env: 'dev' } }));
      expect((await sut.send(new GetStageCommand({ ApiId: api.ApiId, StageName: '$default' }))).Tags).toEqual({ env: 'dev' });

      expect(await refusal(sut.send(new GetTagsCommand({ ResourceArn: 'arn:aws:apigateway:us-east-1::/restapis/x' })))).toMatchObject({ name: 'BadRequestException' });
      expect(await refusal(sut.send(new GetTagsCommand({ ResourceArn: 'arn:aws:apigateway:us-east-1::/apis/nope000000' })))).toMatchObject({
        name: 'NotFoundException',
        message: 'Invalid API identifier specified 123456789012:nope000000',
      });
      expect(await refusal(sut.send(new TagResourceCommand({ ResourceArn: arn, Tags: { 'aws:x': '1' } })))).toMatchObject({
        name: 'BadRequestException',
        message: "Invalid tag key: 'aws:x'. The aws: prefix is reserved",
      });
      const tooMany = Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, 'v']));
      expect(await refusal(sut.send(new CreateApiCommand({ Name: 'over-tagged', ProtocolType: 'HTTP', Tags: tooMany })))).toMatchObject({
        name: 'BadRequestException',
        message: 'Too many tags: a resource can have at most 50',
      });
    });
  });
});
