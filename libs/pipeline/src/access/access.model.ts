import type { QuotaSettings, ThrottleLimits } from '@app/throttle';

/**
 * What a gateway node needs to know about API keys and usage plans, loaded whole from the store (never per
 * request). Key values appear only as their keyed hash.
 */
export interface AccessKeyRecord {
  id: string;
  /** Keyed hash of the value (hashApiKey with the installation's secret). */
  valueHash: string;
  enabled: boolean;
}

export interface AccessPlanStage {
  apiId: string;
  stage: string;
  /** Per-method limits, keyed `{resourcePath}/{httpMethod}` (`/pets/GET`, `//GET` for the root), as AWS keys them. */
  throttle?: Record<string, ThrottleLimits>;
}

export interface AccessPlanRecord {
  id: string;
  apiStages: AccessPlanStage[];
  throttle?: ThrottleLimits;
  quota?: QuotaSettings;
}

export interface AccessData {
  keys: AccessKeyRecord[];
  plans: AccessPlanRecord[];
  links: Array<{ usagePlanId: string; keyId: string }>;
}

/** Where a node loads the access data from (the store in every mode). */
export interface AccessSource {
  load(): Promise<AccessData>;
}

/** The bus events the index follows; structurally the EventBus of @app/bus. */
export interface AccessBus {
  subscribe(type: 'access.changed', handler: () => void): () => void;
  onReconnect(listener: () => void): void;
}

/** The quota counter key of a key in a plan: usage is metered per plan and key, across all the plan's stages. */
export function quotaKey(usagePlanId: string, keyId: string): string {
  return `${usagePlanId}:${keyId}`;
}
