import type { QuotaSettings, ThrottleLimits } from '@app/throttle';
import type { AccessData, AccessPlanStage, AccessSource } from './access.model';

/** The parts of @app/store's Store the index reads (structural, so the data plane does not depend on TypeORM). */
export interface AccessStore {
  apiKeys: { list(): Promise<Array<{ id: string; valueHash: string; doc: Record<string, unknown> }>> };
  usagePlans: {
    list(): Promise<Array<{ id: string; doc: Record<string, unknown> }>>;
    listAllKeys(): Promise<Array<{ usagePlanId: string; keyId: string }>>;
  };
}

/** Reads keys (hash and enabled flag only), plans and links from the stored AWS wire documents. */
export function storeAccessSource(store: AccessStore): AccessSource {
  return {
    async load(): Promise<AccessData> {
      const [keys, plans, links] = await Promise.all([store.apiKeys.list(), store.usagePlans.list(), store.usagePlans.listAllKeys()]);
      return {
        keys: keys.map((k) => ({ id: k.id, valueHash: k.valueHash, enabled: k.doc.enabled === true })),
        plans: plans.map((p) => ({
          id: p.id,
          apiStages: ((p.doc.apiStages as AccessPlanStage[] | undefined) ?? []).map((s) => ({ apiId: s.apiId, stage: s.stage, throttle: s.throttle })),
          throttle: limits(p.doc.throttle),
          quota: p.doc.quota as QuotaSettings | undefined,
        })),
        links: links.map((l) => ({ usagePlanId: l.usagePlanId, keyId: l.keyId })),
      };
    },
  };
}

function limits(value: unknown): ThrottleLimits | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const { rateLimit, burstLimit } = value as ThrottleLimits;
  return rateLimit === undefined && burstLimit === undefined ? undefined : { rateLimit, burstLimit };
}
