import {
  APIGatewayClient,
  BadRequestException,
  ConflictException,
  CreateAuthorizerCommand,
  CreateDeploymentCommand,
  CreateModelCommand,
  CreateRequestValidatorCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  CreateStageCommand,
  DeleteDeploymentCommand,
  DeleteGatewayResponseCommand,
  DeleteMethodCommand,
  DeleteModelCommand,
  DeleteResourceCommand,
  DeleteRestApiCommand,
  DeleteStageCommand,
  GetDeploymentsCommand,
  GetGatewayResponseCommand,
  GetGatewayResponsesCommand,
  GetIntegrationCommand,
  GetMethodCommand,
  GetModelsCommand,
  GetResourceCommand,
  GetResourcesCommand,
  GetRestApiCommand,
  GetRestApisCommand,
  GetStageCommand,
  GetStagesCommand,
  GetTagsCommand,
  NotFoundException,
  PutGatewayResponseCommand,
  PutIntegrationCommand,
  PutIntegrationResponseCommand,
  PutMethodCommand,
  PutMethodResponseCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateIntegrationCommand,
  UpdateMethodCommand,
  UpdateResourceCommand,
  UpdateRestApiCommand,
  UpdateStageCommand,
} from '@aws-sdk/client-api-gateway';
import type { BusEvents, RestDefinition } from '@app/contracts';
import { refusal, startControlPlane, startControlPlaneOnPostgres, type StartedControlPlane } from '@app/testing';
const LAMBDA_ARN = 'arn:aws:lambda:us-east-1:123456789012:function:pets';
const LAMBDA_URI = `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${LAMBDA_ARN}/invocations`;
const PET_SCHEMA = JSON.stringify({
  $schema: 'http://json-schema.org/draft-04/schema#',
  type: 'object',
  required: ['name'],
  properties: { name: { type: 'string' }, price: { type: 'number' } },
});

/**
 * Builds a PetStore-like API through the SDK only: MOCK, HTTP, Lambda proxy and Lambda custom integrations, a model,
 * a validator, a Lambda authorizer and a customised gateway response; deploys it to `prod` and patches the stage.
 */
async function buildPetStore(sut: APIGatewayClient) {
  const api = await sut.send(new CreateRestApiCommand({ name: 'PetStore', description: 'pets', binaryMediaTypes: ['image/png'], tags: { team: 'pets' } }));
  const restApiId = api.id!;
  const pets = await sut.send(new CreateResourceCommand({ restApiId, parentId: api.rootResourceId, pathPart: 'pets' }));
  const pet = await sut.send(new CreateResourceCommand({ restApiId, parentId: pets.id, pathPart: '{petId}' }));
  const proxy = await sut.send(new CreateResourceCommand({ restApiId, parentId: api.rootResourceId, pathPart: '{proxy+}' }));
  const model = await sut.send(new CreateModelCommand({ restApiId, name: 'Pet', contentType: 'application/json', schema: PET_SCHEMA }));
  const validator = await sut.send(new CreateRequestValidatorCommand({ restApiId, name: 'all', validateRequestBody: true, validateRequestParameters: true }));
  const authorizer = await sut.send(
    new CreateAuthorizerCommand({ restApiId, name: 'tok', type: 'TOKEN', authorizerUri: LAMBDA_URI, identitySource: 'method.request.header.Authorization' }),
  );

  // GET /pets: MOCK with a response template.
  await sut.send(new PutMethodCommand({ restApiId, resourceId: pets.id, httpMethod: 'GET', authorizationType: 'NONE', requestParameters: { 'method.request.querystring.page': false } }));
  await sut.send(new PutIntegrationCommand({ restApiId, resourceId: pets.id, httpMethod: 'GET', type: 'MOCK', requestTemplates: { 'application/json': '{"statusCode": 200}' } }));
  await sut.send(new PutMethodResponseCommand({ restApiId, resourceId: pets.id, httpMethod: 'GET', statusCode: '200', responseParameters: { 'method.response.header.X-Page': false } }));
  await sut.send(
    new PutIntegrationResponseCommand({
      restApiId,
      resourceId: pets.id,
      httpMethod: 'GET',
      statusCode: '200',
      responseParameters: { 'method.response.header.X-Page': "'1'" },
      responseTemplates: { 'application/json': '[{"name":"rex"}]' },
    }),
  );
  // POST /pets: Lambda custom (AWS) with model, validator and authorizer.
  await sut.send(
    new PutMethodCommand({
      restApiId,
      resourceId: pets.id,
      httpMethod: 'POST',
      authorizationType: 'CUSTOM',
      authorizerId: authorizer.id,
      requestModels: { 'application/json': 'Pet' },
      requestValidatorId: validator.id,
      operationName: 'createPet',
    }),
  );
  await sut.send(new PutIntegrationCommand({ restApiId, resourceId: pets.id, httpMethod: 'POST', type: 'AWS', integrationHttpMethod: 'POST', uri: LAMBDA_URI }));
  await sut.send(new PutMethodResponseCommand({ restApiId, resourceId: pets.id, httpMethod: 'POST', statusCode: '201' }));
  await sut.send(new PutIntegrationResponseCommand({ restApiId, resourceId: pets.id, httpMethod: 'POST', statusCode: '201', selectionPattern: '' }));
  // GET /pets/{petId}: HTTP with a path mapping.
  await sut.send(new PutMethodCommand({ restApiId, resourceId: pet.id, httpMethod: 'GET', authorizationType: 'NONE', requestParameters: { 'method.request.path.petId': true } }));
  await sut.send(
    new PutIntegrationCommand({
      restApiId,
      resourceId: pet.id,
      httpMethod: 'GET',
      type: 'HTTP',
      integrationHttpMethod: 'GET',
      uri: 'http://petstore.example.com/pets/{id}',
      requestParameters: { 'integration.request.path.id': 'method.request.path.petId' },
      timeoutInMillis: 5000,
    }),
  );
  // ANY /{proxy+}: Lambda proxy.
  await sut.send(new PutMethodCommand({ restApiId, resourceId: proxy.id, httpMethod: 'ANY', authorizationType: 'NONE' }));
  await sut.send(new PutIntegrationCommand({ restApiId, resourceId: proxy.id, httpMethod: 'ANY', type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: LAMBDA_URI }));

  await sut.send(
    new PutGatewayResponseCommand({
      restApiId,
      responseType: 'MISSING_AUTHENTICATION_TOKEN',
      statusCode: '404',
      responseTemplates: { 'application/json': '{"error":"not here"}' },
      responseParameters: { 'gatewayresponse.header.X-Why': "'missing'" },
    }),
  );

  const deployment = await sut.send(new CreateDeploymentCommand({ restApiId, stageName: 'prod', description: 'v1', variables: { env: 'prod' } }));
  const stage = await sut.send(
    new UpdateStageCommand({
      restApiId,
      stageName: 'prod',
      patchOperations: [
        { op: 'replace', path: '/*/*/throttling/rateLimit', value: '100' },
        { op: 'replace', path: '/*/*/throttling/burstLimit', value: '50' },
        { op: 'replace', path: '/~1pets/GET/logging/loglevel', value: 'INFO' },
        { op: 'replace', path: '/variables/backend', value: 'petstore.example.com' },
      ],
    }),
  );
  return { api, restApiId, pets, pet, proxy, model, validator, authorizer, deployment, stage };
}

describe('apigateway (v1) REST API management through @aws-sdk/client-api-gateway', () => {
  let cp: StartedControlPlane;
  let sut: APIGatewayClient;
  const activated: Array<BusEvents['stage.activated']> = [];

  beforeAll(async () => {
    cp = await startControlPlane();
    sut = new APIGatewayClient(cp.clientConfig);
    cp.runtime.bus.subscribe('stage.activated', (event) => void activated.push(event));
  });

  afterAll(async () => {
    sut?.destroy();
    await cp?.close();
  });

  describe('the PetStore flow', () => {
    let built: Awaited<ReturnType<typeof buildPetStore>>;

    beforeAll(async () => {
      built = await buildPetStore(sut);
    });

    it('creates the API with its root resource, defaults and the AWS default models', async () => {
      const api = await sut.send(new GetRestApiCommand({ restApiId: built.restApiId }));
      expect(api).toMatchObject({
        id: built.restApiId,
        name: 'PetStore',
        description: 'pets',
        binaryMediaTypes: ['image/png'],
        apiKeySource: 'HEADER',
        endpointConfiguration: { types: ['EDGE'] },
        disableExecuteApiEndpoint: false,
        tags: { team: 'pets' },
      });
      expect(api.createdDate).toBeInstanceOf(Date);
      expect(Math.abs(api.createdDate!.getTime() - Date.now())).toBeLessThan(60_000);
      const models = await sut.send(new GetModelsCommand({ restApiId: built.restApiId }));
      expect(models.items!.map((m) => m.name).sort()).toEqual(['Empty', 'Error', 'Pet']);
    });

    it('computes resource paths and lists methods, embedded or not', async () => {
      const plain = await sut.send(new GetResourcesCommand({ restApiId: built.restApiId }));
      expect(plain.items!.map((r) => r.path)).toEqual(['/', '/pets', '/pets/{petId}', '/{proxy+}']);
      expect(plain.items!.find((r) => r.path === '/pets')!.resourceMethods).toEqual({ GET: {}, POST: {} });
      const embedded = await sut.send(new GetResourcesCommand({ restApiId: built.restApiId, embed: ['methods'] }));
      const pets = embedded.items!.find((r) => r.path === '/pets')!;
      expect(pets.resourceMethods!.GET.methodIntegration).toMatchObject({
        type: 'MOCK',
        passthroughBehavior: 'WHEN_NO_MATCH',
        timeoutInMillis: 29000,
        integrationResponses: { '200': { statusCode: '200', responseTemplates: { 'application/json': '[{"name":"rex"}]' } } },
      });
      const one = await sut.send(new GetResourceCommand({ restApiId: built.restApiId, resourceId: built.pet.id, embed: ['methods'] }));
      expect(one).toMatchObject({ id: built.pet.id, parentId: built.pets.id, pathPart: '{petId}', path: '/pets/{petId}' });
      expect(one.resourceMethods!.GET.methodIntegration).toMatchObject({
        type: 'HTTP',
        httpMethod: 'GET',
        uri: 'http://petstore.example.com/pets/{id}',
        timeoutInMillis: 5000,
        requestParameters: { 'integration.request.path.id': 'method.request.path.petId' },
      });
    });

    it('returns methods and integrations as AWS does', async () => {
      const post = await sut.send(new GetMethodCommand({ restApiId: built.restApiId, resourceId: built.pets.id, httpMethod: 'POST' }));
      expect(post).toMatchObject({
        httpMethod: 'POST',
        authorizationType: 'CUSTOM',
        authorizerId: built.authorizer.id,
        apiKeyRequired: false,
        requestValidatorId: built.validator.id,
        requestModels: { 'application/json': 'Pet' },
        operationName: 'createPet',
        methodResponses: { '201': { statusCode: '201' } },
        methodIntegration: { type: 'AWS', httpMethod: 'POST', uri: LAMBDA_URI },
      });
      const proxy = await sut.send(new GetIntegrationCommand({ restApiId: built.restApiId, resourceId: built.proxy.id, httpMethod: 'ANY' }));
      expect(proxy).toMatchObject({ type: 'AWS_PROXY', httpMethod: 'POST', uri: LAMBDA_URI, cacheNamespace: built.proxy.id, cacheKeyParameters: [] });
    });

    it('lists every gateway response type, the customised one not default', async () => {
      const all = await sut.send(new GetGatewayResponsesCommand({ restApiId: built.restApiId, limit: 500 }));
      expect(all.items).toHaveLength(21);
      expect(all.items!.find((r) => r.responseType === 'THROTTLED')).toEqual({
        responseType: 'THROTTLED',
        statusCode: '429',
        responseParameters: {},
        responseTemplates: { 'application/json': '{"message":$context.error.messageString}' },
        defaultResponse: true,
      });
      expect(all.items!.find((r) => r.responseType === 'MISSING_AUTHENTICATION_TOKEN')).toMatchObject({ statusCode: '404', defaultResponse: false });
    });

    it('deploys to a stage whose snapshot holds what was built, announces it, and patches the stage', async () => {
      expect(activated).toContainEqual({ v: 1, apiId: built.restApiId, stageName: 'prod', deploymentId: built.deployment.id });
      expect(built.deployment).toMatchObject({ id: expect.any(String), description: 'v1' });
      expect(built.stage).toMatchObject({
        stageName: 'prod',
        deploymentId: built.deployment.id,
        variables: { env: 'prod', backend: 'petstore.example.com' },
        methodSettings: {
          '*/*': { throttlingRateLimit: 100, throttlingBurstLimit: 50 },
          '~1pets/GET': { loggingLevel: 'INFO' },
        },
      });
      const stored = await cp.runtime.store.deployments.get(built.restApiId, built.deployment.id!);
      const definition = stored!.snapshot.definition as RestDefinition;
      expect(definition.protocolType).toBe('REST');
      expect(definition.resources.map((r) => r.path).sort()).toEqual(['/', '/pets', '/pets/{petId}', '/{proxy+}']);
      expect(Object.keys(definition.resources.find((r) => r.path === '/pets')!.resourceMethods!).sort()).toEqual(['GET', 'POST']);
      expect(definition.models.map((m) => m.name).sort()).toEqual(['Empty', 'Error', 'Pet']);
      expect(definition.requestValidators).toEqual([built.validator].map(({ $metadata: _m, ...v }) => v));
      expect(definition.authorizers.map((a) => a.name)).toEqual(['tok']);
      expect(definition.gatewayResponses).toEqual([
        {
          responseType: 'MISSING_AUTHENTICATION_TOKEN',
          statusCode: '404',
          responseParameters: { 'gatewayresponse.header.X-Why': "'missing'" },
          responseTemplates: { 'application/json': '{"error":"not here"}' },
          defaultResponse: false,
        },
      ]);
      // The stage patch was announced too, pointing at the same deployment.
      expect(activated.filter((e) => e.stageName === 'prod').length).toBeGreaterThanOrEqual(2);
    });

    it('re-activates a stage whose deploymentId is patched and refuses deleting a deployment in use', async () => {
      const second = await sut.send(new CreateDeploymentCommand({ restApiId: built.restApiId, description: 'v2' }));
      const stage = await sut.send(
        new UpdateStageCommand({ restApiId: built.restApiId, stageName: 'prod', patchOperations: [{ op: 'replace', path: '/deploymentId', value: second.id }] }),
      );
      expect(stage.deploymentId).toBe(second.id);
      expect(activated).toContainEqual({ v: 1, apiId: built.restApiId, stageName: 'prod', deploymentId: second.id });
      const error = await refusal(sut.send(new DeleteDeploymentCommand({ restApiId: built.restApiId, deploymentId: second.id! })));
      expect(error).toBeInstanceOf(BadRequestException);
      expect(error.message).toBe('Active stages pointing to this deployment must be moved or deleted');
      await sut.send(new DeleteDeploymentCommand({ restApiId: built.restApiId, deploymentId: built.deployment.id! }));
      const left = await sut.send(new GetDeploymentsCommand({ restApiId: built.restApiId }));
      expect(left.items!.map((d) => d.id)).toEqual([second.id]);
    });

    it('creates, lists and deletes a stage of its own', async () => {
      const created = await sut.send(
        new CreateStageCommand({ restApiId: built.restApiId, stageName: 'dev', deploymentId: (await sut.send(new GetStageCommand({ restApiId: built.restApiId, stageName: 'prod' }))).deploymentId, variables: { a: 'b' } }),
      );
      expect(created).toMatchObject({ stageName: 'dev', variables: { a: 'b' }, tracingEnabled: false, cacheClusterEnabled: false });
      expect(created.createdDate).toBeInstanceOf(Date);
      const dup = await refusal(sut.send(new CreateStageCommand({ restApiId: built.restApiId, stageName: 'dev', deploymentId: created.deploymentId })));
      expect(dup).toBeInstanceOf(ConflictException);
      expect(dup.message).toBe('Stage already exists');
      const stages = await sut.send(new GetStagesCommand({ restApiId: built.restApiId }));
      expect(stages.item!.map((s) => s.stageName)).toEqual(['dev', 'prod']);
      await sut.send(new DeleteStageCommand({ restApiId: built.restApiId, stageName: 'dev' }));
      const gone = await refusal(sut.send(new GetStageCommand({ restApiId: built.restApiId, stageName: 'dev' })));
      expect(gone).toBeInstanceOf(NotFoundException);
      expect(gone.message).toBe('Invalid Stage identifier specified');
    });

    it('tags and untags the API and a stage by ARN', async () => {
      const apiArn = `arn:aws:apigateway:us-east-1::/restapis/${built.restApiId}`;
      await sut.send(new TagResourceCommand({ resourceArn: apiArn, tags: { env: 'prod' } }));
      expect((await sut.send(new GetTagsCommand({ resourceArn: apiArn }))).tags).toEqual({ team: 'pets', env: 'prod' });
      await sut.send(new UntagResourceCommand({ resourceArn: apiArn, tagKeys: ['team', 'env'] }));
      expect((await sut.send(new GetTagsCommand({ resourceArn: apiArn }))).tags).toEqual({});
      const stageArn = `${apiArn}/stages/prod`;
      await sut.send(new TagResourceCommand({ resourceArn: stageArn, tags: { owner: 'me' } }));
      expect((await sut.send(new GetStageCommand({ restApiId: built.restApiId, stageName: 'prod' }))).tags).toEqual({ owner: 'me' });
      const bad = await refusal(sut.send(new GetTagsCommand({ resourceArn: 'arn:aws:s3:::bucket' })));
      expect(bad).toBeInstanceOf(BadRequestException);
      expect(bad.message).toBe('Invalid resource ARN specified: arn:aws:s3:::bucket');
    });

    it('updates the API with patch operations, binary media types included', async () => {
      const updated = await sut.send(
        new UpdateRestApiCommand({
          restApiId: built.restApiId,
          patchOperations: [
            { op: 'add', path: '/binaryMediaTypes/image~1jpeg' },
            { op: 'remove', path: '/binaryMediaTypes/image~1png' },
            { op: 'replace', path: '/name', value: 'PetStore2' },
            { op: 'replace', path: '/minimumCompressionSize', value: '1024' },
            { op: 'replace', path: '/disableExecuteApiEndpoint', value: 'true' },
          ],
        }),
      );
      expect(updated).toMatchObject({ name: 'PetStore2', binaryMediaTypes: ['image/jpeg'], minimumCompressionSize: 1024, disableExecuteApiEndpoint: true });
      const error = await refusal(sut.send(new UpdateRestApiCommand({ restApiId: built.restApiId, patchOperations: [{ op: 'replace', path: '/nope', value: 'x' }] })));
      expect(error).toBeInstanceOf(BadRequestException);
      expect(error.message).toMatch(/^Invalid patch path {2}'\/nope' specified for op 'replace'\. Must be one of: \[\/name, /);
    });

    it('updates methods and integrations with patch operations', async () => {
      const method = await sut.send(
        new UpdateMethodCommand({
          restApiId: built.restApiId,
          resourceId: built.pets.id,
          httpMethod: 'GET',
          patchOperations: [
            { op: 'add', path: '/requestParameters/method.request.header.x-id', value: 'true' },
            { op: 'replace', path: '/apiKeyRequired', value: 'true' },
          ],
        }),
      );
      expect(method.requestParameters).toEqual({ 'method.request.querystring.page': false, 'method.request.header.x-id': true });
      expect(method.apiKeyRequired).toBe(true);
      const integration = await sut.send(
        new UpdateIntegrationCommand({
          restApiId: built.restApiId,
          resourceId: built.pets.id,
          httpMethod: 'GET',
          patchOperations: [
            { op: 'add', path: '/requestTemplates/application~1xml', value: '<a/>' },
            { op: 'add', path: '/requestParameters/integration.request.header.x-id', value: 'method.request.header.x-id' },
          ],
        }),
      );
      expect(integration.requestTemplates).toEqual({ 'application/json': '{"statusCode": 200}', 'application/xml': '<a/>' });
      const badTimeout = await refusal(
        sut.send(
          new UpdateIntegrationCommand({
            restApiId: built.restApiId,
            resourceId: built.pets.id,
            httpMethod: 'GET',
            patchOperations: [{ op: 'replace', path: '/timeoutInMillis', value: '30000' }],
          }),
        ),
      );
      expect(badTimeout).toBeInstanceOf(BadRequestException);
      expect(badTimeout.message).toBe('Timeout should be between 50 ms and 29000 ms');
    });

    it('resets a customised gateway response to its default on delete', async () => {
      await sut.send(new DeleteGatewayResponseCommand({ restApiId: built.restApiId, responseType: 'MISSING_AUTHENTICATION_TOKEN' }));
      const reset = await sut.send(new GetGatewayResponseCommand({ restApiId: built.restApiId, responseType: 'MISSING_AUTHENTICATION_TOKEN' }));
      expect(reset).toMatchObject({ statusCode: '403', defaultResponse: true });
    });

    it('moves a resource and its subtree, then deletes the subtree', async () => {
      const store = await sut.send(new CreateResourceCommand({ restApiId: built.restApiId, parentId: built.api.rootResourceId, pathPart: 'store' }));
      const moved = await sut.send(
        new UpdateResourceCommand({ restApiId: built.restApiId, resourceId: built.pets.id, patchOperations: [{ op: 'replace', path: '/parentId', value: store.id }] }),
      );
      expect(moved.path).toBe('/store/pets');
      const child = await sut.send(new GetResourceCommand({ restApiId: built.restApiId, resourceId: built.pet.id }));
      expect(child.path).toBe('/store/pets/{petId}');
      await sut.send(new DeleteResourceCommand({ restApiId: built.restApiId, resourceId: store.id! }));
      const gone = await refusal(sut.send(new GetResourceCommand({ restApiId: built.restApiId, resourceId: built.pet.id })));
      expect(gone).toBeInstanceOf(NotFoundException);
      expect(gone.message).toBe('Invalid Resource identifier specified');
    });
  });

  describe('refusals', () => {
    let restApiId: string;
    let rootId: string;
    let itemsId: string;

    beforeAll(async () => {
      const api = await sut.send(new CreateRestApiCommand({ name: 'refusals' }));
      restApiId = api.id!;
      rootId = api.rootResourceId!;
      itemsId = (await sut.send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: 'items' }))).id!;
      await sut.send(new PutMethodCommand({ restApiId, resourceId: itemsId, httpMethod: 'GET', authorizationType: 'NONE' }));
    });

    const cases: Array<[string, () => Promise<unknown>, new (...args: never[]) => Error, string]> = [
      ['an unknown API', () => sut.send(new GetRestApiCommand({ restApiId: 'nope' })), NotFoundException, 'Invalid API identifier specified'],
      ['an unknown resource', () => sut.send(new GetResourceCommand({ restApiId, resourceId: 'nope' })), NotFoundException, 'Invalid Resource identifier specified'],
      ['an unknown method', () => sut.send(new GetMethodCommand({ restApiId, resourceId: itemsId, httpMethod: 'PUT' })), NotFoundException, 'Invalid Method identifier specified'],
      ['a missing integration', () => sut.send(new GetIntegrationCommand({ restApiId, resourceId: itemsId, httpMethod: 'GET' })), NotFoundException, 'Invalid Integration identifier specified'],
      ['a duplicate path part', () => sut.send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: 'items' })), ConflictException, 'Another resource with the same parent already has this name: items'],
      [
        'an invalid path part',
        () => sut.send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: 'a b' })),
        BadRequestException,
        "Resource's path part only allow a-zA-Z0-9._- and curly braces at the beginning and the end and an optional plus sign before the closing brace.",
      ],
      ['a duplicate method', () => sut.send(new PutMethodCommand({ restApiId, resourceId: itemsId, httpMethod: 'GET', authorizationType: 'NONE' })), ConflictException, 'Method already exists for this resource'],
      ['an invalid HTTP method', () => sut.send(new PutMethodCommand({ restApiId, resourceId: itemsId, httpMethod: 'FETCH', authorizationType: 'NONE' })), BadRequestException, 'Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY'],
      ['an invalid authorization type', () => sut.send(new PutMethodCommand({ restApiId, resourceId: itemsId, httpMethod: 'PUT', authorizationType: 'MAGIC' })), BadRequestException, "Invalid value for authorizationType: 'MAGIC'. Must be one of: [NONE, AWS_IAM, CUSTOM, COGNITO_USER_POOLS]"],
      ['CUSTOM without an authorizer', () => sut.send(new PutMethodCommand({ restApiId, resourceId: itemsId, httpMethod: 'PUT', authorizationType: 'CUSTOM' })), BadRequestException, 'Invalid authorizer ID specified: authorizationType CUSTOM requires an authorizerId'],
      ['an unknown authorizer', () => sut.send(new PutMethodCommand({ restApiId, resourceId: itemsId, httpMethod: 'PUT', authorizationType: 'CUSTOM', authorizerId: 'nope' })), BadRequestException, 'Invalid authorizer ID specified'],
      ['an unknown model', () => sut.send(new PutMethodCommand({ restApiId, resourceId: itemsId, httpMethod: 'PUT', authorizationType: 'NONE', requestModels: { 'application/json': 'Nope' } })), BadRequestException, 'Invalid model identifier specified: Nope'],
      ['an unknown validator', () => sut.send(new PutMethodCommand({ restApiId, resourceId: itemsId, httpMethod: 'PUT', authorizationType: 'NONE', requestValidatorId: 'nope' })), BadRequestException, 'Invalid Request Validator identifier specified'],
      ['an HTTP integration without a method', () => sut.send(new PutIntegrationCommand({ restApiId, resourceId: itemsId, httpMethod: 'GET', type: 'HTTP', uri: 'http://x.example' })), BadRequestException, 'Enumeration value for HttpMethod must be non-empty'],
      ['an HTTP integration without a URI', () => sut.send(new PutIntegrationCommand({ restApiId, resourceId: itemsId, httpMethod: 'GET', type: 'HTTP', integrationHttpMethod: 'GET' })), BadRequestException, 'Invalid request: uri is required for integrations of type HTTP'],
      ['a bad HTTP URI', () => sut.send(new PutIntegrationCommand({ restApiId, resourceId: itemsId, httpMethod: 'GET', type: 'HTTP', integrationHttpMethod: 'GET', uri: 'ftp://x' })), BadRequestException, "Invalid HTTP endpoint specified for URI: 'ftp://x'"],
      [
        'a bad Lambda proxy URI',
        () => sut.send(new PutIntegrationCommand({ restApiId, resourceId: itemsId, httpMethod: 'GET', type: 'AWS_PROXY', integrationHttpMethod: 'POST', uri: 'arn:aws:lambda:us-east-1:123456789012:function:x' })),
        BadRequestException,
        "Invalid Lambda function URI specified: 'arn:aws:lambda:us-east-1:123456789012:function:x'. Must be arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{functionArn}/invocations",
      ],
      ['a timeout out of range', () => sut.send(new PutIntegrationCommand({ restApiId, resourceId: itemsId, httpMethod: 'GET', type: 'MOCK', timeoutInMillis: 10 })), BadRequestException, 'Timeout should be between 50 ms and 29000 ms'],
      [
        'a mapping from an undeclared parameter',
        () => sut.send(new PutIntegrationCommand({ restApiId, resourceId: itemsId, httpMethod: 'GET', type: 'MOCK', requestParameters: { 'integration.request.header.x': 'method.request.header.x' } })),
        BadRequestException,
        'Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression parameter specified: method.request.header.x]',
      ],
      [
        'a malformed mapping expression',
        () => sut.send(new PutIntegrationCommand({ restApiId, resourceId: itemsId, httpMethod: 'GET', type: 'MOCK', requestParameters: { 'integration.request.body': "'x'" } })),
        BadRequestException,
        'Invalid mapping expression specified: Validation Result: warnings : [], errors : [Invalid mapping expression specified: integration.request.body]',
      ],
      ['an integration response on a missing integration', () => sut.send(new PutIntegrationResponseCommand({ restApiId, resourceId: itemsId, httpMethod: 'GET', statusCode: '200' })), NotFoundException, 'Invalid Integration identifier specified'],
      ['a method response with a bad status', () => sut.send(new PutMethodResponseCommand({ restApiId, resourceId: itemsId, httpMethod: 'GET', statusCode: '99' })), NotFoundException, 'Invalid Response status code specified'],
      ['a non-alphanumeric model name', () => sut.send(new CreateModelCommand({ restApiId, name: 'my-model', contentType: 'application/json', schema: '{}' })), BadRequestException, 'Model name must be alphanumeric'],
      ['a model schema that is not JSON', () => sut.send(new CreateModelCommand({ restApiId, name: 'Bad', contentType: 'application/json', schema: '{nope' })), BadRequestException, expect.stringMatching(/^Invalid model specified: Validation Result: warnings : \[\], errors : \[Invalid model schema specified: /) as unknown as string],
      ['a duplicate model', () => sut.send(new CreateModelCommand({ restApiId, name: 'Empty', contentType: 'application/json', schema: '{}' })), ConflictException, 'Another Model with the same name already exists'],
      ['a TOKEN authorizer without identity source', () => sut.send(new CreateAuthorizerCommand({ restApiId, name: 'a', type: 'TOKEN', authorizerUri: LAMBDA_URI })), BadRequestException, 'Invalid identity source specified: (missing). TOKEN authorizers take one method.request.header.{name}'],
      ['a Cognito authorizer without pools', () => sut.send(new CreateAuthorizerCommand({ restApiId, name: 'c', type: 'COGNITO_USER_POOLS', identitySource: 'method.request.header.Authorization' })), BadRequestException, 'providerARNs are required for authorizers of type COGNITO_USER_POOLS'],
      ['an unknown gateway response type', () => sut.send(new PutGatewayResponseCommand({ restApiId, responseType: 'NOPE' as never })), BadRequestException, expect.stringMatching(/^Invalid response type specified: NOPE\. Must be one of: \[ACCESS_DENIED, /) as unknown as string],
      ['deploying an API whose method has no integration', () => sut.send(new CreateDeploymentCommand({ restApiId, stageName: 'x' })), BadRequestException, 'No integration defined for method'],
      ['a stage on an unknown deployment', () => sut.send(new CreateStageCommand({ restApiId, stageName: 'x', deploymentId: 'nope' })), NotFoundException, 'Invalid Deployment identifier specified'],
      ['an unknown stage', () => sut.send(new UpdateStageCommand({ restApiId, stageName: 'nope', patchOperations: [] })), NotFoundException, 'Invalid Stage identifier specified'],
      ['a page limit out of range', () => sut.send(new GetRestApisCommand({ limit: 501 })), BadRequestException, "Invalid limit: '501'. Must be between 1 and 500"],
      ['an unknown patch op', () => sut.send(new UpdateRestApiCommand({ restApiId, patchOperations: [{ op: 'frob' as never, path: '/name', value: 'x' }] })), BadRequestException, "Invalid patch operation specified: 'frob'. Must be one of: [add, remove, replace, move, copy, test]"],
      ['a patch value of the wrong type', () => sut.send(new UpdateRestApiCommand({ restApiId, patchOperations: [{ op: 'replace', path: '/disableExecuteApiEndpoint', value: 'maybe' }] })), BadRequestException, "Invalid value 'maybe' for /disableExecuteApiEndpoint: must be true or false"],
    ];

    it.each(cases)('refuses %s', async (_name, call, type, message) => {
      const error = await refusal(call());
      expect(error).toBeInstanceOf(type);
      expect(error.message).toEqual(message);
    });

    it('refuses a child under a greedy path variable and a second variable sibling', async () => {
      const proxy = await sut.send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: '{proxy+}' }));
      const child = await refusal(sut.send(new CreateResourceCommand({ restApiId, parentId: proxy.id, pathPart: 'x' })));
      expect(child).toBeInstanceOf(BadRequestException);
      expect(child.message).toBe('Cannot create a child of a resource with a greedy path variable: /{proxy+}');
      const sibling = await refusal(sut.send(new CreateResourceCommand({ restApiId, parentId: rootId, pathPart: '{id}' })));
      expect(sibling).toBeInstanceOf(BadRequestException);
      expect(sibling.message).toBe('A sibling ({proxy+}) of this resource already has a variable path part -- only one is allowed');
    });

    it('refuses deleting a model a method uses and an API without methods deploying', async () => {
      await sut.send(new CreateModelCommand({ restApiId, name: 'Item', contentType: 'application/json', schema: '{"type":"object"}' }));
      await sut.send(new UpdateMethodCommand({ restApiId, resourceId: itemsId, httpMethod: 'GET', patchOperations: [{ op: 'add', path: '/requestModels/application~1json', value: 'Item' }] }));
      const inUse = await refusal(sut.send(new DeleteModelCommand({ restApiId, modelName: 'Item' })));
      expect(inUse).toBeInstanceOf(BadRequestException);
      expect(inUse.message).toBe("Cannot delete model 'Item', is referenced in method request: /items:GET");
      await sut.send(new DeleteMethodCommand({ restApiId, resourceId: itemsId, httpMethod: 'GET' }));
      const empty = await refusal(sut.send(new CreateDeploymentCommand({ restApiId })));
      expect(empty).toBeInstanceOf(BadRequestException);
      expect(empty.message).toBe("The REST API doesn't contain any methods");
    });

    it('refuses an invalid stage method-setting path', async () => {
      await sut.send(new PutMethodCommand({ restApiId, resourceId: itemsId, httpMethod: 'GET', authorizationType: 'NONE' }));
      await sut.send(new PutIntegrationCommand({ restApiId, resourceId: itemsId, httpMethod: 'GET', type: 'MOCK' }));
      await sut.send(new CreateDeploymentCommand({ restApiId, stageName: 's' }));
      const error = await refusal(
        sut.send(new UpdateStageCommand({ restApiId, stageName: 's', patchOperations: [{ op: 'replace', path: '/items/GET/throttling/rateLimit', value: '5' }] })),
      );
      expect(error).toBeInstanceOf(BadRequestException);
      expect(error.message).toBe('Invalid method setting path: /items/GET. Must be /*/* or /{resourcePath}/{httpMethod} with ~1 for each / in the resource path');
    });

    it('pages through REST APIs with position and limit', async () => {
      const first = await sut.send(new GetRestApisCommand({ limit: 1 }));
      expect(first.items).toHaveLength(1);
      expect(first.position).toEqual(expect.any(String));
      const second = await sut.send(new GetRestApisCommand({ limit: 1, position: first.position }));
      expect(second.items![0].id).not.toBe(first.items![0].id);
    });

    it('deletes an API and everything under it', async () => {
      const api = await sut.send(new CreateRestApiCommand({ name: 'doomed' }));
      await sut.send(new DeleteRestApiCommand({ restApiId: api.id }));
      const error = await refusal(sut.send(new GetRestApiCommand({ restApiId: api.id })));
      expect(error).toBeInstanceOf(NotFoundException);
      expect(await cp.runtime.store.components.list(api.id!, 'resource')).toEqual([]);
    });
  });
});

/** The main flow once more on the cluster's real stores: Postgres and the Redis bus. */
describe('apigateway (v1) REST API management on Postgres + Redis', () => {
  let cp: StartedControlPlane;
  let sut: APIGatewayClient;
  const activated: Array<BusEvents['stage.activated']> = [];

  beforeAll(async () => {
    cp = await startControlPlaneOnPostgres('e2e_rest');
    sut = new APIGatewayClient(cp.clientConfig);
    await cp.runtime.bus.subscribe('stage.activated', (event) => void activated.push(event));
  });

  afterAll(async () => {
    sut?.destroy();
    await cp?.close();
  });

  it('builds, deploys and patches the PetStore, announcing over Redis', async () => {
    const built = await buildPetStore(sut);
    expect(built.stage.methodSettings!['*/*']).toEqual({ throttlingRateLimit: 100, throttlingBurstLimit: 50 });
    const stored = await cp.runtime.store.deployments.get(built.restApiId, built.deployment.id!);
    expect((stored!.snapshot.definition as RestDefinition).resources.map((r) => r.path).sort()).toEqual(['/', '/pets', '/pets/{petId}', '/{proxy+}']);
    const deadline = Date.now() + 5000;
    while (!activated.some((e) => e.apiId === built.restApiId) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(activated).toContainEqual({ v: 1, apiId: built.restApiId, stageName: 'prod', deploymentId: built.deployment.id });
    await sut.send(new DeleteRestApiCommand({ restApiId: built.restApiId }));
    expect(await cp.runtime.store.apis.getById(built.restApiId)).toBeNull();
  });
});
