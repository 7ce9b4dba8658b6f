/**
 * Every environment variable the apps read, declared once with its type, default and meaning. The README's
 * configuration table is this list. Parsing happens once at boot (`loadConfig`); a bad value stops the process
 * with the variable's name.
 */
export type EnvKind = 'string' | 'port' | 'int' | 'bool' | 'url' | 'enum' | 'list';

export interface EnvVarSpec {
  kind: EnvKind;
  /** Used when the variable is unset; `undefined` means required (in the modes listed by `requiredIn`). */
  default?: string;
  requiredIn?: readonly ('local' | 'cluster')[];
  values?: readonly string[];
  doc: string;
}

export const ENV_SCHEMA = {
  GATEWAY_MODE: {
    kind: 'enum',
    values: ['local', 'cluster'],
    default: 'cluster',
    doc: '`local`: embedded store, in-memory bus/counters/queue, admin requests accepted unsigned. `cluster`: Postgres + Redis, SigV4-signed admin requests. `npm start` sets local.',
  },
  GATEWAY_PORT: { kind: 'port', default: '8080', doc: 'Data plane for REST and HTTP API invocations.' },
  WS_PORT: { kind: 'port', default: '8081', doc: 'WebSocket upgrades and the `@connections` API.' },
  CONTROL_PLANE_PORT: { kind: 'port', default: '9000', doc: 'Management REST (AWS wire protocol), console, metrics API.' },
  METRICS_WORKER_PORT: { kind: 'port', default: '9100', doc: 'Health endpoints of the metrics worker.' },
  BIND_HOST: { kind: 'string', default: '0.0.0.0', doc: 'Interface every server listens on (`127.0.0.1` to keep it local).' },
  PUBLIC_GATEWAY_URL: {
    kind: 'url',
    default: 'http://localhost:8080',
    doc: 'Base URL clients reach gateway nodes at. `ApiEndpoint`s put `{apiId}.execute-api.` in front of its host (`http://abc123.execute-api.localhost:8080`); the path form is `{PUBLIC_GATEWAY_URL}/_aws/execute-api/{apiId}`.',
  },
  PUBLIC_WS_URL: { kind: 'url', default: 'ws://localhost:8081', doc: 'Base URL of the WebSocket nodes, for WebSocket `ApiEndpoint`s.' },
  DATABASE_URL: {
    kind: 'url',
    requiredIn: ['cluster'],
    doc: 'Postgres connection string, e.g. `postgres://gateway:secret@postgres:5432/gateway`. Cluster mode only.',
  },
  DATABASE_SCHEMA: { kind: 'string', default: 'public', doc: 'Postgres schema holding the tables (tests use one per run).' },
  REDIS_URL: { kind: 'url', requiredIn: ['cluster'], doc: 'Redis for the bus, throttling, caches, connections, queues, e.g. `redis://redis:6379`. Cluster mode only.' },
  REDIS_KEY_PREFIX: { kind: 'string', default: 'apigw:', doc: 'Prefix of every Redis key and channel, so several gateways can share one Redis.' },
  DATA_DIR: { kind: 'string', default: '.data', doc: 'Local mode: where the embedded SQL file and cached function code live. Cluster: function code cache.' },
  AWS_REGION_NAME: { kind: 'string', default: 'us-east-1', doc: 'Region written into ARNs and events (`requestContext`, function ARNs).' },
  AWS_ACCOUNT_ID: { kind: 'string', default: '123456789012', doc: 'Account id written into ARNs and events.' },
  ADMIN_ACCESS_KEYS: {
    kind: 'list',
    requiredIn: ['cluster'],
    doc: 'Comma-separated `ACCESS_KEY_ID:SECRET_ACCESS_KEY` pairs allowed to call the management API (SigV4-verified). Cluster mode only; local mode accepts any request.',
  },
  INVOKE_ACCESS_KEYS: {
    kind: 'list',
    doc: 'Comma-separated `ACCESS_KEY_ID:SECRET_ACCESS_KEY` pairs whose SigV4 signatures (service `execute-api`) `AWS_IAM` routes accept; the caller identity reported to the integration is that access key. Unset: every `AWS_IAM` route answers 403 to every caller.',
  },
  COGNITO_ISSUER_URL: {
    kind: 'string',
    default: 'https://cognito-idp.{region}.amazonaws.com/{userPoolId}',
    doc: 'Issuer of the user pools `COGNITO_USER_POOLS` authorizers name, as a template: `{region}` and `{userPoolId}` come from each `providerARNs` entry (`arn:aws:cognito-idp:{region}:{account}:userpool/{userPoolId}`). Tokens must carry this `iss`; keys are read from `{issuer}/.well-known/jwks.json`. Point it at a local issuer for tests or air-gapped hosts, e.g. `http://127.0.0.1:9229/{userPoolId}`.',
  },
  SECRET_KEY: {
    kind: 'string',
    requiredIn: ['cluster'],
    doc: 'At least 32 characters; keys the API-key hashes and encrypts secrets at rest. Local mode derives one and keeps it in DATA_DIR.',
  },
  LOCAL_APP_DIR: { kind: 'string', default: 'examples/pets-api', doc: 'Local mode: folder of the serverless app loaded at start (`gateway-app.json` + OpenAPI document + function folders); `none` to load nothing.' },
  REMOTE_LAMBDA: {
    kind: 'enum',
    values: ['off', 'on'],
    default: 'off',
    doc: '`on`: functions not registered here are invoked on a remote Lambda (AWS or a Lambda-compatible endpoint) with the SDK. `off`: they are 404 ResourceNotFoundException.',
  },
  REMOTE_LAMBDA_ENDPOINT: { kind: 'url', doc: 'Lambda-compatible endpoint for remote functions; unset = the AWS endpoint of REMOTE_LAMBDA_REGION.' },
  REMOTE_LAMBDA_REGION: { kind: 'string', default: 'us-east-1', doc: 'Region of the remote Lambda endpoint.' },
  REMOTE_LAMBDA_ACCESS_KEY_ID: { kind: 'string', doc: "Credentials for remote invocations; unset = the AWS SDK's default provider chain." },
  REMOTE_LAMBDA_SECRET_ACCESS_KEY: { kind: 'string', doc: 'Secret of REMOTE_LAMBDA_ACCESS_KEY_ID.' },
  FUNCTION_WORKER_SCHEDULING: {
    kind: 'enum',
    values: ['batch', 'normal'],
    default: 'batch',
    doc: "Linux scheduling policy of the threads that run local functions. `batch` (SCHED_BATCH, set with util-linux `chrt`): a worker woken by new invocations does not preempt the gateway's event loop mid-turn, so fewer, larger batches cross between them; it keeps its fair share of the CPU. `normal`: the default policy. Without `chrt` the workers keep the default and one warning is logged.",
  },
  LOG_LEVEL: { kind: 'enum', values: ['fatal', 'error', 'warn', 'info', 'debug', 'trace'], default: 'info', doc: 'Log level of every app.' },
  SHUTDOWN_GRACE_MS: { kind: 'int', default: '10000', doc: 'On SIGTERM, how long in-flight requests may take to finish before the process exits.' },
  ACCOUNT_THROTTLE_RATE_LIMIT: {
    kind: 'int',
    default: '10000',
    doc: 'Account-level throttle: steady requests per second across all APIs and nodes (AWS default 10,000). Exceeding it answers 429 `{"message":"Too Many Requests"}`.',
  },
  ACCOUNT_THROTTLE_BURST_LIMIT: {
    kind: 'int',
    default: '5000',
    doc: 'Account-level throttle: bucket size, the requests admitted at once (AWS default 5,000).',
  },
  RECONCILE_INTERVAL_MS: {
    kind: 'int',
    default: '30000',
    doc: 'How often gateway nodes compare their stages with the store, catching bus messages missed while Redis was away.',
  },
  TRUSTED_PROXIES: {
    kind: 'list',
    doc: 'Comma-separated addresses and CIDR ranges of the load balancers / TLS terminators in front of the gateway nodes (e.g. `10.0.0.0/8,192.0.2.7`), or the shorthands `loopback`, `private` (10/8, 172.16/12, 192.168/16, fc00::/7) and `linklocal`. A request from one of them has its client address taken from `X-Forwarded-For` (right to left, skipping trusted addresses) and its scheme and port from `X-Forwarded-Proto` / `X-Forwarded-Port`. Unset: nobody is trusted; the TCP peer is the client and only TLS to the node is secure transport.',
  },
} as const satisfies Record<string, EnvVarSpec>;

export type EnvName = keyof typeof ENV_SCHEMA;
