'use strict';
// The system under test: the all-in-one app (`dist/`, built by `npm run bench`) as a child process in local mode,
// on a temp DATA_DIR with no example app, set up only through its management API with the official AWS SDK v3
// clients, exactly as a user would.
const fs = require('node:fs');
const path = require('node:path');
const { zipSync, strToU8 } = require('fflate');
const { ApiGatewayV2Client, CreateApiCommand } = require('@aws-sdk/client-apigatewayv2');
const { LambdaClient, CreateFunctionCommand, UpdateFunctionConfigurationCommand } = require('@aws-sdk/client-lambda');
const { spawnPinned, stop, tempDir, freePort, request, waitUntil } = require('./processes');
const { HELLO_HANDLER } = require('./upstream');
const { createFullPipelineApi } = require('./full-pipeline');

const MAIN = path.resolve(__dirname, '..', 'dist', 'apps', 'all-in-one', 'src', 'main.js');
// The node flags `npm start` runs the all-in-one app with (package.json), so the bench measures what users run.
const START_NODE_FLAGS = startNodeFlags(require('../package.json').scripts.start);

function startNodeFlags(script) {
  const match = /\bnode((?: --\S+)*) dist\/apps\/all-in-one\//.exec(script);
  if (!match) throw new Error(`package.json "start" no longer runs \`node [flags] dist/apps/all-in-one/...\`: ${script}`);
  return match[1].split(' ').filter(Boolean);
}

// Local mode accepts any signature; the SDK still wants credentials to sign with.
const SDK_OPTIONS = { region: 'us-east-1', credentials: { accessKeyId: 'AKIDBENCH', secretAccessKey: 'bench-secret' } };

/**
 * Starts the gateway pinned to cpus. `nodeArgs` go to node (e.g. `--cpu-prof`). `cognitoIssuerUrl`: the
 * COGNITO_ISSUER_URL template of a local user pool (bench/user-pool.js). Resolves an object with the data-plane base
 * URL and the set-up operations the cases need.
 */
async function startGateway(cpus, { nodeArgs = [], dist, cognitoIssuerUrl } = {}) {
  // `dist`: another build to run (e.g. a baseline kept under bench/out/, where node_modules still resolves).
  const main = dist ? path.join(path.resolve(dist), 'apps', 'all-in-one', 'src', 'main.js') : MAIN;
  if (!fs.existsSync(main)) throw new Error(`${main} is missing: run \`npm run bench\` (it builds first) or \`npm run build\``);
  const dataDir = tempDir('bench-gateway-');
  const [gatewayPort, controlPlanePort, wsPort, metricsPort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    GATEWAY_MODE: 'local',
    DATA_DIR: dataDir,
    LOCAL_APP_DIR: 'none',
    BIND_HOST: '127.0.0.1',
    GATEWAY_PORT: String(gatewayPort),
    CONTROL_PLANE_PORT: String(controlPlanePort),
    WS_PORT: String(wsPort),
    METRICS_WORKER_PORT: String(metricsPort),
    PUBLIC_GATEWAY_URL: `http://127.0.0.1:${gatewayPort}`,
    // nginx runs with access_log off; the gateway gets the same: no per-request log lines.
    LOG_LEVEL: 'warn',
    SHUTDOWN_GRACE_MS: '3000',
    // The account throttle (AWS default 10,000 rps) would answer 429 above that rate, cheaply, and the targets ask for
    // more: the buckets still run on every request, they just never run dry.
    ACCOUNT_THROTTLE_RATE_LIMIT: '1000000000',
    ACCOUNT_THROTTLE_BURST_LIMIT: '1000000000',
    ...(cognitoIssuerUrl ? { COGNITO_ISSUER_URL: cognitoIssuerUrl } : {}),
    // Passed through for A/B runs of the worker threads' scheduling policy (default: the gateway's, batch).
    ...(process.env.FUNCTION_WORKER_SCHEDULING ? { FUNCTION_WORKER_SCHEDULING: process.env.FUNCTION_WORKER_SCHEDULING } : {}),
  };
  const child = spawnPinned(cpus, process.execPath, [...START_NODE_FLAGS, ...nodeArgs, main], { env, cwd: path.resolve(__dirname, '..') });
  const baseUrl = `http://127.0.0.1:${gatewayPort}`;
  const endpoint = `http://127.0.0.1:${controlPlanePort}`;
  await waitUntil('gateway', async () => (await request(`${baseUrl}/health/ready`)).status === 200, { child });
  await waitUntil('control plane', async () => (await request(`${endpoint}/v2/apis`)).status === 200, { child });

  const apis = new ApiGatewayV2Client({ ...SDK_OPTIONS, endpoint });
  const lambda = new LambdaClient({ ...SDK_OPTIONS, endpoint });

  /** Quick create (`Target`): one `$default` route, auto-deployed `$default` stage. Resolves the invoke URL. */
  async function quickCreate(name, target) {
    const api = await apis.send(new CreateApiCommand({ Name: name, ProtocolType: 'HTTP', Target: target }));
    const url = `${baseUrl}/_aws/execute-api/${api.ApiId}/hello`;
    await waitUntil(`${name} deployed`, async () => (await request(url)).status === 200, { child, timeoutMs: 10_000 });
    return url;
  }

  /** Deploys bench/lambda/hello.js as `functionName` with VARIANT=variant; resolves its ARN. */
  async function createHelloFunction(functionName, variant) {
    const zip = zipSync({ 'index.js': strToU8(fs.readFileSync(HELLO_HANDLER, 'utf8')) });
    const fn = await lambda.send(
      new CreateFunctionCommand({
        FunctionName: functionName,
        Runtime: 'nodejs20.x',
        Role: 'arn:aws:iam::123456789012:role/bench',
        Handler: 'index.handler',
        Code: { ZipFile: zip },
        Environment: { Variables: { VARIANT: variant } },
      }),
    );
    return fn.FunctionArn;
  }

  return {
    child,
    baseUrl,
    /** An HTTP API whose `$default` route proxies (HTTP_PROXY) to `upstreamUrl`. */
    createHttpProxyApi: (upstreamUrl) => quickCreate('bench-http-proxy', upstreamUrl),
    /** Deploys bench/lambda/hello.js as a function and an HTTP API routing to it (AWS_PROXY, payload 2.0). */
    createLambdaApi: async (functionName) => quickCreate('bench-lambda', await createHelloFunction(functionName, 'initial')),
    /**
     * Deploys bench/lambda/hello.js as `functionName` (VARIANT=variant) behind the full-pipeline REST API
     * (bench/full-pipeline.js) whose authorizer trusts `pool`; resolves { url, apiKey }.
     */
    createFullPipelineApi: async (functionName, variant, pool, token) =>
      createFullPipelineApi({
        sdkOptions: SDK_OPTIONS,
        endpoint,
        baseUrl,
        functionArn: await createHelloFunction(functionName, variant),
        poolArn: pool.poolArn,
        token,
        child,
      }),
    /** Changes the function's environment, which retires its warm workers: the next invocation is a cold start. */
    setVariant: (functionName, variant) =>
      lambda.send(new UpdateFunctionConfigurationCommand({ FunctionName: functionName, Environment: { Variables: { VARIANT: variant } } })),
    async close() {
      apis.destroy();
      lambda.destroy();
      await stop(child, 8000);
    },
  };
}

module.exports = { startGateway };
