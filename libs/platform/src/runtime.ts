import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import Redis from 'ioredis';
import type { AppConfig } from '@app/config';
import { EventBus, InMemoryEventBus, RedisEventBus } from '@app/bus';
import { createDataSource, openStore, Store } from '@app/store';
import type { ReadinessCheck } from '@app/health';
import { Logger } from '@nestjs/common';
import type { LambdaInvoker } from '@app/contracts';
import { LocalFunctionRuntime, RemoteLambdaInvoker, RoutingLambdaInvoker } from '@app/functions';
import { CachedFunctionResolver } from './cached-function.resolver';
import { InMemoryAuthorizerCache, JwksRegistry, RedisAuthorizerCache, type AuthorizerCache } from '@app/auth';
import {
  InMemoryQuotaCounter,
  InMemoryRateLimiter,
  LeasedRateLimiter,
  RedisQuotaCounter,
  RedisRateLimiter,
  type QuotaCounter,
  type RateLimiter,
} from '@app/throttle';

/**
 * The stateful adapters one process uses, built once at boot from the validated config: Postgres + Redis in the
 * cluster, the embedded store + in-memory bus locally. The all-in-one process builds one Runtime and hands it to
 * all four apps, so they share one store and one bus exactly as separate processes share Postgres and Redis.
 */
export interface Runtime {
  config: AppConfig;
  store: Store;
  bus: EventBus;
  /** Shared ioredis connection for counters and caches; undefined in local mode. */
  redis?: Redis;
  /**
   * Throttle buckets and usage-plan quotas: shared by all nodes through Redis in the cluster (leased buckets keep
   * Redis off most requests), in memory in the all-in-one process.
   */
  counters: { rateLimiter: RateLimiter; quotas: QuotaCounter };
  /**
   * Lambda authorizer results: in Redis in the cluster, so one authorizer call serves every node for the TTL; in
   * memory in the all-in-one process.
   */
  authorizerCache: AuthorizerCache;
  /** JWT authorizers' issuer keys (OIDC discovery + JWKS), fetched and rotated per node. */
  jwks: JwksRegistry;
  /** Runs Lambda handlers: every app of the process shares one warm worker pool. */
  invoker: LambdaInvoker;
  /** Secret keying API-key hashes and encrypting secrets at rest. */
  secretKey: string;
  readiness: ReadinessCheck[];
  close(): Promise<void>;
}

export interface RuntimeOptions {
  /** Only the control plane (or the all-in-one process) runs migrations. */
  migrate: boolean;
  /** Nodes start even while Postgres is down and catch up when it returns; the control plane must connect. */
  requireStore: boolean;
}

const logger = new Logger('Runtime');

export async function createRuntime(config: AppConfig, options: RuntimeOptions): Promise<Runtime> {
  return config.mode === 'cluster' ? createClusterRuntime(config, options) : createLocalRuntime(config);
}

async function createClusterRuntime(config: AppConfig, options: RuntimeOptions): Promise<Runtime> {
  const dataSource = createDataSource(config);
  const store = new Store(dataSource);
  await connectStore(store, options);

  const redis = new Redis(config.redisUrl!, {
    keyPrefix: undefined,
    // Fail fast while Redis is away (no queueing, no retries): callers fall back or answer, then recover.
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: (times) => Math.min(times * 200, 2000),
    lazyConnect: false,
  });
  redis.on('error', () => undefined); // reconnects on its own; readiness reports the outage

  const bus = new RedisEventBus({
    url: config.redisUrl!,
    prefix: `${config.redisKeyPrefix}bus:`,
    onInvalid: (reason) => logger.warn(reason),
  });
  await bus.start();
  const functions = createFunctionRuntime(config, store, bus);

  return {
    config,
    store,
    bus,
    redis,
    counters: {
      rateLimiter: new LeasedRateLimiter({
        store: new RedisRateLimiter({
          redis,
          keyPrefix: `${config.redisKeyPrefix}tb:`,
          onUnavailable: (error) => logger.warn(`Redis unavailable for throttling, using local buckets: ${(error as Error).message}`),
        }),
      }),
      quotas: new RedisQuotaCounter({ redis, keyPrefix: `${config.redisKeyPrefix}quota:` }),
    },
    authorizerCache: new RedisAuthorizerCache({ redis, keyPrefix: `${config.redisKeyPrefix}authz:` }),
    jwks: new JwksRegistry(),
    invoker: functions.invoker,
    secretKey: config.secretKey!,
    readiness: [
      { name: 'postgres', isReady: () => store.ping() },
      { name: 'redis', isReady: async () => redis.status === 'ready' && (await redis.ping()) === 'PONG' },
      { name: 'bus', isReady: () => bus.isConnected() },
    ],
    close: async () => {
      await functions.close();
      await bus.close();
      redis.disconnect();
      await store.close();
    },
  };
}

/** Postgres may be down when a node starts: keep trying in the background; readiness reports it meanwhile. */
async function connectStore(store: Store, options: RuntimeOptions): Promise<void> {
  const open = () => openStore(store.dataSource, { migrate: options.migrate });
  if (options.requireStore) {
    await open();
    return;
  }
  try {
    await open();
  } catch (error) {
    logger.warn(`Postgres unavailable at start (${(error as Error).message}); retrying in the background`);
    const retry = setInterval(() => {
      open().then(
        () => clearInterval(retry),
        () => undefined,
      );
    }, 2000);
    retry.unref();
  }
}

async function createLocalRuntime(config: AppConfig): Promise<Runtime> {
  const store = new Store(createDataSource(config));
  await openStore(store.dataSource, { migrate: true });
  const bus = new InMemoryEventBus((reason) => logger.warn(reason));
  const functions = createFunctionRuntime(config, store, bus);
  const authorizerCache = new InMemoryAuthorizerCache();
  return {
    config,
    store,
    bus,
    counters: { rateLimiter: new InMemoryRateLimiter(), quotas: new InMemoryQuotaCounter() },
    authorizerCache,
    jwks: new JwksRegistry(),
    invoker: functions.invoker,
    secretKey: config.secretKey ?? localSecretKey(config.dataDir),
    readiness: [{ name: 'store', isReady: () => store.ping() }],
    close: async () => {
      await functions.close();
      await authorizerCache.close();
      await bus.close();
      await store.close();
    },
  };
}

/**
 * Functions registered here run in the local warm pool; others go to the remote Lambda endpoint when configured.
 * Function logs (START/END/REPORT and console output) go to stdout, as a Lambda's go to its log stream.
 */
function createFunctionRuntime(config: AppConfig, store: Store, bus: EventBus): { invoker: LambdaInvoker; close(): Promise<void> } {
  const resolver = new CachedFunctionResolver(store.functions, bus);
  const local = new LocalFunctionRuntime({
    resolver,
    codeSource: store.functionCode,
    cacheDir: join(config.dataDir, 'function-code'),
    region: config.region,
    accountId: config.accountId,
    logSink: batchedStdout(),
    workerScheduling: config.functionWorkerScheduling,
    warn: (message) => logger.warn(message),
  });
  const remote = config.remoteLambda ? new RemoteLambdaInvoker(config.remoteLambda) : undefined;
  const invoker = new RoutingLambdaInvoker({ resolver, local, remote, region: config.region, accountId: config.accountId });
  return {
    invoker,
    close: async () => {
      await local.close();
      remote?.close();
    },
  };
}

/**
 * One stdout write per event-loop turn instead of several per invocation (START, console lines, END, REPORT):
 * at tens of thousands of invocations a second, the writes themselves were a visible share of the gateway's time.
 */
function batchedStdout(): (line: string) => void {
  let pending: string[] = [];
  const flush = () => {
    // The sink's lines come without their newline (LocalFunctionRuntimeOptions.logSink): no per-line check, which
    // flattened every line it looked at.
    const text = pending.join('\n') + '\n';
    pending = [];
    process.stdout.write(text);
  };
  return (line) => {
    if (pending.length === 0) setImmediate(flush);
    pending.push(line);
  };
}

/** Local mode keeps a generated secret beside its data, so stored API keys stay readable across restarts. */
function localSecretKey(dataDir: string): string {
  mkdirSync(dataDir, { recursive: true });
  const file = join(dataDir, 'secret.key');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(32).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}
