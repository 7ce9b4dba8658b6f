import { ThrottleChain, type ClientThrottle, type QuotaCounter, type RateLimiter, type ThrottleLevelCheck, type ThrottleLimits } from '@app/throttle';
import { Logger } from '@nestjs/common';
import type { RequestContext } from '../context/request-context';
import type { CompileContext, RouteDescriptor } from '../stages/compile-context';
import type { StageFn, StageOutcome, StagePlugin } from '../stages/pipeline-stage';
import { AccessIndex } from './access.index';
import type { AccessBus, AccessSource } from './access.model';
import type { KeyStagePlan } from './access.snapshot';
import { KeyHashMemo } from './key-hash.memo';
import { routeIdentity, routeThrottleChecks } from './route-throttle';
import { throttleOutcome } from './throttle.outcome';

export interface AccessControlOptions {
  source: AccessSource;
  bus?: AccessBus;
  /** Shared buckets and quotas (Redis in the cluster, memory locally): `runtime.counters`. */
  counters: { rateLimiter: RateLimiter; quotas: QuotaCounter };
  /** Keyed hash of a presented key value, the same the control plane stores (hashApiKey with the secret). */
  hashKey(value: string): string;
  /** Account-level limits (ACCOUNT_THROTTLE_*). */
  accountThrottle: ThrottleLimits;
  /** Reload period of the key index (RECONCILE_INTERVAL_MS). */
  refreshIntervalMs: number;
  /** How long a request waits for the first index load before answering 500 (default 5 s). */
  firstLoadTimeoutMs?: number;
}

export interface AccessControl {
  /** The 'throttle', 'api-key' and (for AUTHORIZER key sources) post-authorizer stages; add to StageCompilerOptions.plugins. */
  readonly plugins: readonly StagePlugin[];
  readonly index: AccessIndex;
  stop(): void;
}

const logger = new Logger('Access');

/**
 * API keys, usage plans and throttling for REST and HTTP API routes, compiled per route at deploy time:
 * - routes without a required key get the 'throttle' stage: stage method limits, then the account;
 * - REST methods with apiKeyRequired get the key stage instead, which identifies the key (x-api-key header, or the
 *   authorizer's usageIdentifierKey when the API's apiKeySource is AUTHORIZER — that stage then runs after the
 *   authorizer), refuses it with INVALID_API_KEY (403 {"message":"Forbidden"}) unless it is known, enabled and in a
 *   plan covering this stage, and runs all four levels plus the plan's quota.
 * Per request: map lookups (an HMAC the first time a key value is seen) and counter calls; the index loads at
 * creation and follows the bus.
 */
export function createAccessControl(options: AccessControlOptions): AccessControl {
  const index = new AccessIndex({ source: options.source, bus: options.bus, refreshIntervalMs: options.refreshIntervalMs });
  void index.start();
  const { rateLimiter, quotas } = options.counters;
  const firstLoadTimeoutMs = options.firstLoadTimeoutMs ?? 5000;
  const keyHashes = new KeyHashMemo(options.hashKey);

  const chainFor = (route: RouteDescriptor, compile: CompileContext) =>
    new ThrottleChain(rateLimiter, routeThrottleChecks(route, compile, options.accountThrottle), quotas);

  const throttle: StagePlugin = {
    slot: 'throttle',
    stage: {
      name: 'throttle',
      create(route, compile) {
        if (route.protocol === 'REST' && route.method.apiKeyRequired) return null;
        const chain = chainFor(route, compile);
        return (ctx) => throttleOutcome(ctx, chain.check(undefined));
      },
    },
  };

  const keyStage = (source: 'HEADER' | 'AUTHORIZER') => (route: RouteDescriptor, compile: CompileContext): StageFn | null => {
    if (route.protocol === 'HTTP') return route.route.apiKeyRequired && source === 'HEADER' ? httpKeyUnsupported(route, compile) : null;
    if (!route.method.apiKeyRequired) return null;
    const apiSource = compile.active.protocolType === 'REST' ? (compile.active.snapshot.definition.api.apiKeySource ?? 'HEADER') : 'HEADER';
    if (apiSource !== source) return null;
    const chain = chainFor(route, compile);
    const { stageKey, methodKey } = routeIdentity(route, compile);
    // One ClientThrottle per plan (and this route), built on first use; a reloaded index brings new plan objects.
    const clients = new WeakMap<KeyStagePlan, ClientThrottle>();

    const run = (ctx: RequestContext): StageOutcome | Promise<StageOutcome> => {
      const snapshot = index.current;
      if (snapshot === null) return waitForIndex(ctx, run);
      const value = source === 'HEADER' ? headerKey(ctx) : ctx.usageIdentifierKey;
      if (!value) return ctx.stage.responses.respond(ctx, 'INVALID_API_KEY');
      const key = keyHashes.lookup(value, snapshot);
      const plan = key?.enabled ? key.stages.get(stageKey) : undefined;
      if (plan === undefined) return ctx.stage.responses.respond(ctx, 'INVALID_API_KEY');
      ctx.apiKey = value;
      ctx.apiKeyId = plan.keyId;
      ctx.invalidateContextVariables();
      let client = clients.get(plan);
      if (client === undefined) clients.set(plan, (client = clientThrottle(plan, stageKey, methodKey)));
      return throttleOutcome(ctx, chain.check(client));
    };
    return run;
  };

  const waitForIndex = (ctx: RequestContext, run: StageFn): Promise<StageOutcome> =>
    Promise.race([index.ready, new Promise((r) => setTimeout(r, firstLoadTimeoutMs).unref())]).then(() => {
      if (index.current === null) {
        ctx.integrationErrorMessage = 'API keys could not be loaded';
        return ctx.stage.responses.respond(ctx, 'API_CONFIGURATION_ERROR');
      }
      return run(ctx);
    });

  return {
    index,
    plugins: [
      throttle,
      { slot: 'api-key', stage: { name: 'api-key', create: keyStage('HEADER') } },
      // AUTHORIZER key sources need the authorizer's answer first; 'validate' is the first slot after 'authorize'.
      { slot: 'validate', stage: { name: 'api-key-from-authorizer', create: keyStage('AUTHORIZER') } },
    ],
    stop: () => index.stop(),
  };
}

/** USAGE_PLAN_METHOD then USAGE_PLAN, bucketed per plan and key so every node and stage of the plan shares them. */
function clientThrottle(plan: KeyStagePlan, stageKey: string, methodKey: string): ClientThrottle {
  const checks: ThrottleLevelCheck[] = [];
  const method = plan.methodThrottle?.get(methodKey);
  if (method?.rateLimit !== undefined) {
    checks.push({ level: 'USAGE_PLAN_METHOD', key: `plan:${plan.usagePlanId}:${plan.keyId}:${stageKey}${methodKey}`, limits: method });
  }
  if (plan.throttle?.rateLimit !== undefined) {
    checks.push({ level: 'USAGE_PLAN', key: `plan:${plan.usagePlanId}:${plan.keyId}`, limits: plan.throttle });
  }
  return { checks, quota: plan.quota };
}

function headerKey(ctx: RequestContext): string | undefined {
  const value = ctx.req.headers['x-api-key'];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * HTTP APIs have no API keys or usage plans on AWS (only REST and WebSocket APIs do). A route asking for one is
 * refused loudly rather than served open.
 */
function httpKeyUnsupported(route: Extract<RouteDescriptor, { protocol: 'HTTP' }>, compile: CompileContext): StageFn {
  logger.error(`API ${compile.apiId} stage ${compile.stageName} route "${route.route.routeKey}" sets apiKeyRequired, which HTTP APIs do not support: the route answers 500`);
  return (ctx) => {
    ctx.integrationErrorMessage = 'API keys are not supported for HTTP APIs';
    return ctx.stage.responses.respond(ctx, 'API_CONFIGURATION_ERROR');
  };
}
