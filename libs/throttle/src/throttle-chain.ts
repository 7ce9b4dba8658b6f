import type { QuotaCounter } from './quota-counter';
import type { QuotaSettings } from './quota-period';
import type { RateLimiter, ThrottleLimits } from './rate-limiter';

/** The levels AWS applies, in its order (api-gateway-request-throttling.md), most specific first. */
export type ThrottleLevel = 'USAGE_PLAN_METHOD' | 'USAGE_PLAN' | 'STAGE_METHOD' | 'ACCOUNT';

export interface ThrottleLevelCheck {
  level: ThrottleLevel;
  /** Bucket key, unique per level and subject, e.g. `acct`, `stage:{apiId}/{stage}/GET /pets`, `plan:{planId}:{keyId}`. */
  key: string;
  limits: ThrottleLimits;
}

/** What a request's API key brings: its usage plan's levels and quota. */
export interface ClientThrottle {
  /** USAGE_PLAN_METHOD then USAGE_PLAN checks; either may be absent. */
  checks: readonly ThrottleLevelCheck[];
  quota?: { key: string; settings: QuotaSettings };
}

/**
 * Refusals, for the pipeline to map to gateway responses: THROTTLED → 429 {"message":"Too Many Requests"},
 * QUOTA_EXCEEDED → 429 {"message":"Limit Exceeded"}. `level` says which level refused, for the logs.
 */
export type ThrottleRefusal = { kind: 'THROTTLED'; level: ThrottleLevel } | { kind: 'QUOTA_EXCEEDED'; used: number };

type Verdict = ThrottleRefusal | undefined;

/**
 * The throttling of one route, built when a deployment is compiled: the stage/method and account levels are fixed
 * there, the usage-plan levels come with each request's API key. Levels are checked in AWS's order and a request
 * takes a token at every level it passes before a refusal (as with AWS, a request throttled at the account level
 * has already spent its usage-plan token). The quota is counted last, so throttled requests never use it up.
 * Stays synchronous while every limiter answers synchronously.
 */
export class ThrottleChain {
  private readonly routeChecks: readonly ThrottleLevelCheck[];

  constructor(
    private readonly limiter: RateLimiter,
    /** STAGE_METHOD then ACCOUNT; a check whose limits have no rateLimit is dropped here, once. */
    routeChecks: readonly ThrottleLevelCheck[],
    private readonly quotas?: QuotaCounter,
  ) {
    this.routeChecks = routeChecks.filter((c) => c.limits.rateLimit !== undefined);
  }

  check(client: ClientThrottle | undefined, now?: number): Verdict | Promise<Verdict> {
    const clientChecks = client?.checks ?? NONE;
    const total = clientChecks.length + this.routeChecks.length;
    for (let i = 0; i < total; i++) {
      const check = i < clientChecks.length ? clientChecks[i] : this.routeChecks[i - clientChecks.length];
      const admitted = this.limiter.tryAcquire(check.key, check.limits, now);
      if (admitted === false) return { kind: 'THROTTLED', level: check.level };
      if (admitted !== true) return this.continueAsync(admitted, check.level, clientChecks, i + 1, client, now);
    }
    return client?.quota ? this.consumeQuota(client.quota, now) : undefined;
  }

  private async continueAsync(
    pending: Promise<boolean>,
    level: ThrottleLevel,
    clientChecks: readonly ThrottleLevelCheck[],
    next: number,
    client: ClientThrottle | undefined,
    now: number | undefined,
  ): Promise<Verdict> {
    if (!(await pending)) return { kind: 'THROTTLED', level };
    const total = clientChecks.length + this.routeChecks.length;
    for (let i = next; i < total; i++) {
      const check = i < clientChecks.length ? clientChecks[i] : this.routeChecks[i - clientChecks.length];
      if (!(await this.limiter.tryAcquire(check.key, check.limits, now))) return { kind: 'THROTTLED', level: check.level };
    }
    return client?.quota ? this.consumeQuota(client.quota, now) : undefined;
  }

  private async consumeQuota(quota: NonNullable<ClientThrottle['quota']>, now: number | undefined): Promise<Verdict> {
    if (!this.quotas) throw new Error('ThrottleChain has a quota to check but no QuotaCounter');
    const result = await this.quotas.consume(quota.key, quota.settings, now);
    return result.allowed ? undefined : { kind: 'QUOTA_EXCEEDED', used: result.used };
  }
}

const NONE: readonly ThrottleLevelCheck[] = [];

/** AWS's default account-level limits (10,000 rps, burst 5,000), configurable per installation. */
export function accountCheck(limits: ThrottleLimits = { rateLimit: 10_000, burstLimit: 5_000 }): ThrottleLevelCheck {
  return { level: 'ACCOUNT', key: 'account', limits };
}
