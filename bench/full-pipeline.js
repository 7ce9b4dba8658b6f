'use strict';
// The full-pipeline case: every access-control step the gateway has, in front of the hello Lambda, on one REST
// method. AWS offers API keys and usage plans on REST APIs only, and a REST API's JWT authorizer is
// COGNITO_USER_POOLS, so the route is `GET /hello` of a REST API with
//   - a COGNITO_USER_POOLS authorizer (RS256 signature checked with jose against the local pool's JWKS),
//   - apiKeyRequired (x-api-key header), the key in a usage plan with a throttle and a quota (both far above what
//     the machine can send, so the buckets and the quota counter run on every request and never refuse one),
//   - an AWS_PROXY integration to the hello function.
// Set up only with the official SDK v3 clients, as a user would.
const {
  APIGatewayClient,
  CreateApiKeyCommand,
  CreateAuthorizerCommand,
  CreateDeploymentCommand,
  CreateResourceCommand,
  CreateRestApiCommand,
  CreateUsagePlanCommand,
  CreateUsagePlanKeyCommand,
  PutIntegrationCommand,
  PutMethodCommand,
} = require('@aws-sdk/client-api-gateway');
const { request, waitUntil } = require('./processes');

const STAGE = 'bench';
const HIGH = 1_000_000_000;

/**
 * Creates the REST API, deploys it, and creates a key in a usage plan for its stage. Resolves { url, apiKey } once
 * the gateway serves the stage with the key known: a request with the key and `token` answered 200.
 */
async function createFullPipelineApi({ sdkOptions, endpoint, baseUrl, functionArn, poolArn, token, child }) {
  const v1 = new APIGatewayClient({ ...sdkOptions, endpoint });
  try {
    const api = await v1.send(new CreateRestApiCommand({ name: 'bench-full-pipeline' }));
    const restApiId = api.id;
    const { id: authorizerId } = await v1.send(
      new CreateAuthorizerCommand({ restApiId, name: 'bench-pool', type: 'COGNITO_USER_POOLS', providerARNs: [poolArn], identitySource: 'method.request.header.Authorization' }),
    );
    const { id: resourceId } = await v1.send(new CreateResourceCommand({ restApiId, parentId: api.rootResourceId, pathPart: 'hello' }));
    const method = { restApiId, resourceId, httpMethod: 'GET' };
    await v1.send(new PutMethodCommand({ ...method, authorizationType: 'COGNITO_USER_POOLS', authorizerId, apiKeyRequired: true }));
    await v1.send(
      new PutIntegrationCommand({
        ...method,
        type: 'AWS_PROXY',
        integrationHttpMethod: 'POST',
        uri: `arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/${functionArn}/invocations`,
      }),
    );
    await v1.send(new CreateDeploymentCommand({ restApiId, stageName: STAGE }));
    const key = await v1.send(new CreateApiKeyCommand({ name: 'bench-key', enabled: true }));
    const plan = await v1.send(
      new CreateUsagePlanCommand({
        name: 'bench-plan',
        apiStages: [{ apiId: restApiId, stage: STAGE }],
        throttle: { rateLimit: HIGH, burstLimit: HIGH },
        quota: { limit: HIGH, period: 'DAY' },
      }),
    );
    await v1.send(new CreateUsagePlanKeyCommand({ usagePlanId: plan.id, keyId: key.id, keyType: 'API_KEY' }));

    const url = `${baseUrl}/_aws/execute-api/${restApiId}/${STAGE}/hello`;
    let last;
    await waitUntil(
      'full-pipeline API deployed with its key',
      async () => (last = await request(url, { headers: { 'x-api-key': key.value, authorization: token } })).status === 200,
      { child, timeoutMs: 10_000 },
    ).catch((error) => {
      throw new Error(`${error.message}${last ? `\nlast answer: ${last.status} ${last.body}` : ''}`);
    });
    return { url, apiKey: key.value };
  } finally {
    v1.destroy();
  }
}

/**
 * Before anything is measured: the authorised request reaches the handler, and each missing or wrong credential
 * is refused as AWS refuses it, so the run cannot be measuring refusals (wrk's non-2xx count catches the rest).
 * `expectedBody`: the handler's body, parsed. Throws naming the first check that failed; resolves a summary.
 */
async function verifyFullPipeline({ url, apiKey, token, expectedBody }) {
  const forged = token.replace(/\.[^.]+$/, '.AAAA');
  const checks = [
    { what: 'key + token', headers: { 'x-api-key': apiKey, authorization: token }, status: 200, body: expectedBody },
    { what: 'token, no key', headers: { authorization: token }, status: 403, body: { message: 'Forbidden' } },
    { what: 'wrong key + token', headers: { 'x-api-key': `${apiKey}x`, authorization: token }, status: 403, body: { message: 'Forbidden' } },
    { what: 'key, no token', headers: { 'x-api-key': apiKey }, status: 401, body: { message: 'Unauthorized' } },
    { what: 'key + forged token', headers: { 'x-api-key': apiKey, authorization: forged }, status: 401, body: { message: 'Unauthorized' } },
  ];
  for (const check of checks) {
    const res = await request(url, { headers: check.headers });
    let body;
    try {
      body = JSON.parse(res.body);
    } catch {
      body = res.body;
    }
    if (res.status !== check.status || JSON.stringify(body) !== JSON.stringify(check.body)) {
      throw new Error(`${check.what}: expected ${check.status} ${JSON.stringify(check.body)}, got ${res.status} ${res.body}`);
    }
  }
  return checks.map((c) => `${c.what} → ${c.status}`).join(', ');
}

module.exports = { createFullPipelineApi, verifyFullPipeline };
