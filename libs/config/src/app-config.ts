import { ConfigError } from './config-error';
import { ENV_SCHEMA, EnvName, EnvVarSpec } from './env.schema';
import { parseTrustedProxies } from './trusted-proxies';

export type GatewayMode = 'local' | 'cluster';

/** The validated configuration every app receives; built once at boot, never read from process.env again. */
export interface AppConfig {
  mode: GatewayMode;
  ports: { gateway: number; ws: number; controlPlane: number; metricsWorker: number };
  bindHost: string;
  publicGatewayUrl: string;
  publicWsUrl: string;
  databaseUrl?: string;
  databaseSchema: string;
  redisUrl?: string;
  redisKeyPrefix: string;
  dataDir: string;
  region: string;
  accountId: string;
  adminAccessKeys: ReadonlyMap<string, string>;
  /** Access key id → secret, for SigV4-signed invocations of AWS_IAM routes (INVOKE_ACCESS_KEYS). */
  invokeAccessKeys: ReadonlyMap<string, string>;
  /**
   * Issuer of Cognito user pools (COGNITO_ISSUER_URL), a template with `{region}` and `{userPoolId}` placeholders
   * filled from each authorizer's providerARNs; validated at boot so a typo stops the process, not a request.
   */
  cognitoIssuerUrl: string;
  secretKey?: string;
  localAppDir: string;
  /** Where functions not registered here are invoked; undefined when REMOTE_LAMBDA is off. */
  remoteLambda?: { endpoint?: string; region: string; credentials?: { accessKeyId: string; secretAccessKey: string } };
  /** FUNCTION_WORKER_SCHEDULING: the scheduling policy of local function worker threads. */
  functionWorkerScheduling: 'batch' | 'normal';
  logLevel: string;
  shutdownGraceMs: number;
  reconcileIntervalMs: number;
  /** Account-level throttle every gateway node shares (ACCOUNT_THROTTLE_RATE_LIMIT / ACCOUNT_THROTTLE_BURST_LIMIT). */
  accountThrottle: { rateLimit: number; burstLimit: number };
  /**
   * TRUSTED_PROXIES as CIDR ranges (`10.0.0.0/8`, `::1/128`; shorthands expanded): peers whose X-Forwarded-For /
   * -Proto / -Port the gateway believes. Empty: nobody's, the TCP peer is the client.
   */
  trustedProxies: readonly string[];
}

export { ConfigError };

type Env = Record<string, string | undefined>;

/** Parses and validates the environment; throws ConfigError naming the first bad variable. */
export function loadConfig(env: Env = process.env, overrides: Partial<Record<EnvName, string>> = {}): AppConfig {
  const source: Env = { ...env, ...overrides };
  const mode = readRaw(source, 'GATEWAY_MODE') as GatewayMode;
  const get = (name: EnvName): string | undefined => {
    const spec: EnvVarSpec = ENV_SCHEMA[name];
    const raw = readRaw(source, name);
    if (raw === undefined) {
      if (spec.requiredIn?.includes(mode)) throw new ConfigError(name, `is required in ${mode} mode (${spec.doc})`);
      return undefined;
    }
    return raw;
  };
  const num = (name: EnvName) => Number(get(name));

  const secretKey = get('SECRET_KEY');
  if (secretKey !== undefined && secretKey.length < 32) throw new ConfigError('SECRET_KEY', 'must be at least 32 characters');

  return {
    mode,
    ports: {
      gateway: num('GATEWAY_PORT'),
      ws: num('WS_PORT'),
      controlPlane: num('CONTROL_PLANE_PORT'),
      metricsWorker: num('METRICS_WORKER_PORT'),
    },
    bindHost: get('BIND_HOST')!,
    publicGatewayUrl: get('PUBLIC_GATEWAY_URL')!.replace(/\/+$/, ''),
    publicWsUrl: get('PUBLIC_WS_URL')!.replace(/\/+$/, ''),
    databaseUrl: get('DATABASE_URL'),
    databaseSchema: get('DATABASE_SCHEMA')!,
    redisUrl: get('REDIS_URL'),
    redisKeyPrefix: get('REDIS_KEY_PREFIX')!,
    dataDir: get('DATA_DIR')!,
    region: get('AWS_REGION_NAME')!,
    accountId: get('AWS_ACCOUNT_ID')!,
    adminAccessKeys: parseAccessKeys('ADMIN_ACCESS_KEYS', get('ADMIN_ACCESS_KEYS')),
    invokeAccessKeys: parseAccessKeys('INVOKE_ACCESS_KEYS', get('INVOKE_ACCESS_KEYS')),
    cognitoIssuerUrl: cognitoIssuerUrl(get('COGNITO_ISSUER_URL')!),
    secretKey,
    localAppDir: get('LOCAL_APP_DIR') === 'none' ? '' : get('LOCAL_APP_DIR')!,
    remoteLambda: remoteLambda(get),
    functionWorkerScheduling: get('FUNCTION_WORKER_SCHEDULING') as AppConfig['functionWorkerScheduling'],
    logLevel: get('LOG_LEVEL')!,
    shutdownGraceMs: num('SHUTDOWN_GRACE_MS'),
    reconcileIntervalMs: num('RECONCILE_INTERVAL_MS'),
    accountThrottle: { rateLimit: num('ACCOUNT_THROTTLE_RATE_LIMIT'), burstLimit: num('ACCOUNT_THROTTLE_BURST_LIMIT') },
    trustedProxies: parseTrustedProxies(get('TRUSTED_PROXIES')),
  };
}

function remoteLambda(get: (name: EnvName) => string | undefined): AppConfig['remoteLambda'] {
  if (get('REMOTE_LAMBDA') !== 'on') return undefined;
  const accessKeyId = get('REMOTE_LAMBDA_ACCESS_KEY_ID');
  const secretAccessKey = get('REMOTE_LAMBDA_SECRET_ACCESS_KEY');
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) {
    throw new ConfigError(accessKeyId ? 'REMOTE_LAMBDA_SECRET_ACCESS_KEY' : 'REMOTE_LAMBDA_ACCESS_KEY_ID', 'must be set together with its pair');
  }
  return {
    endpoint: get('REMOTE_LAMBDA_ENDPOINT'),
    region: get('REMOTE_LAMBDA_REGION')!,
    credentials: accessKeyId ? { accessKeyId, secretAccessKey: secretAccessKey! } : undefined,
  };
}

function cognitoIssuerUrl(template: string): string {
  if (!template.includes('{userPoolId}')) throw new ConfigError('COGNITO_ISSUER_URL', `must contain the {userPoolId} placeholder, got "${template}"`);
  const sample = template.replaceAll('{region}', 'us-east-1').replaceAll('{userPoolId}', 'us-east-1_abc');
  if (!/^https?:\/\//.test(sample) || !URL.canParse(sample)) throw new ConfigError('COGNITO_ISSUER_URL', `must be an http(s) URL template, got "${template}"`);
  return template.replace(/\/+$/, '');
}

function readRaw(env: Env, name: EnvName): string | undefined {
  const spec: EnvVarSpec = ENV_SCHEMA[name];
  const value = env[name] === undefined || env[name] === '' ? spec.default : env[name];
  if (value === undefined) return undefined;
  validate(name, spec, value);
  return value;
}

function validate(name: string, spec: EnvVarSpec, value: string): void {
  switch (spec.kind) {
    case 'port': {
      const n = Number(value);
      if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ConfigError(name, `must be a TCP port (0-65535), got "${value}"`);
      return;
    }
    case 'int':
      if (!/^\d+$/.test(value)) throw new ConfigError(name, `must be a non-negative integer, got "${value}"`);
      return;
    case 'bool':
      if (!['true', 'false', '1', '0'].includes(value)) throw new ConfigError(name, `must be true or false, got "${value}"`);
      return;
    case 'enum':
      if (!spec.values!.includes(value)) throw new ConfigError(name, `must be one of ${spec.values!.join(', ')}, got "${value}"`);
      return;
    case 'url':
      if (!URL.canParse(value)) throw new ConfigError(name, `must be a URL, got "${value}"`);
      return;
    case 'list':
    case 'string':
      return;
  }
}

function parseAccessKeys(name: 'ADMIN_ACCESS_KEYS' | 'INVOKE_ACCESS_KEYS', value: string | undefined): ReadonlyMap<string, string> {
  const keys = new Map<string, string>();
  if (!value) return keys;
  for (const pair of value.split(',')) {
    const trimmed = pair.trim();
    const colon = trimmed.indexOf(':');
    if (colon <= 0 || colon === trimmed.length - 1) {
      throw new ConfigError(name, 'must be comma-separated ACCESS_KEY_ID:SECRET_ACCESS_KEY pairs');
    }
    keys.set(trimmed.slice(0, colon), trimmed.slice(colon + 1));
  }
  return keys;
}
