import type { QuotaSettings, ThrottleLimits } from '@app/throttle';
import { quotaKey, type AccessData } from './access.model';

/** The plan that meters a key on one API stage (AWS allows one plan per key and stage). */
export interface KeyStagePlan {
  readonly usagePlanId: string;
  readonly keyId: string;
  /** The plan's own limits; undefined when the plan does not throttle. */
  readonly throttle: ThrottleLimits | undefined;
  /** Per-method limits of this stage in the plan, keyed `{resourcePath}/{httpMethod}`. */
  readonly methodThrottle: ReadonlyMap<string, ThrottleLimits> | undefined;
  readonly quota: { key: string; settings: QuotaSettings } | undefined;
}

export interface IndexedKey {
  readonly id: string;
  readonly enabled: boolean;
  /** `{apiId}/{stage}` → the plan metering this key there. */
  readonly stages: ReadonlyMap<string, KeyStagePlan>;
}

export function stageKey(apiId: string, stage: string): string {
  return `${apiId}/${stage}`;
}

/**
 * An immutable lookup structure built from one load of the store: key hash → key, with the plans of each stage
 * resolved in advance, so a request costs one hash and two map lookups. A hash that is not here is not a key:
 * the index holds every key, so negative answers need no cache and no store query.
 */
export class AccessSnapshot {
  private constructor(private readonly byHash: ReadonlyMap<string, IndexedKey>) {}

  static build(data: AccessData): AccessSnapshot {
    const plans = new Map(data.plans.map((p) => [p.id, p]));
    const stagesByKey = new Map<string, Map<string, KeyStagePlan>>();
    for (const link of data.links) {
      const plan = plans.get(link.usagePlanId);
      if (!plan) continue;
      let stages = stagesByKey.get(link.keyId);
      if (!stages) stagesByKey.set(link.keyId, (stages = new Map()));
      const quota = plan.quota ? { key: quotaKey(plan.id, link.keyId), settings: plan.quota } : undefined;
      for (const s of plan.apiStages) {
        const key = stageKey(s.apiId, s.stage);
        // Management refuses a second plan for the same key and stage; should data still hold one, the first plan
        // (by id) wins on every node alike.
        if (stages.has(key)) continue;
        const methods = s.throttle && Object.keys(s.throttle).length ? new Map(Object.entries(s.throttle)) : undefined;
        stages.set(key, Object.freeze({ usagePlanId: plan.id, keyId: link.keyId, throttle: plan.throttle, methodThrottle: methods, quota }));
      }
    }
    const byHash = new Map<string, IndexedKey>();
    for (const k of data.keys) {
      byHash.set(k.valueHash, Object.freeze({ id: k.id, enabled: k.enabled, stages: stagesByKey.get(k.id) ?? new Map() }));
    }
    return new AccessSnapshot(byHash);
  }

  /** The key whose value hashes to `valueHash`, or undefined. */
  lookup(valueHash: string): IndexedKey | undefined {
    return this.byHash.get(valueHash);
  }

  get size(): number {
    return this.byHash.size;
  }
}
