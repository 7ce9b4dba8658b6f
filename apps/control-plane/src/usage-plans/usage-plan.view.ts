import type { QuotaSettings } from '@app/throttle';

export interface ThrottleSettingsDoc {
  burstLimit?: number;
  rateLimit?: number;
}

export interface ApiStageDoc {
  apiId: string;
  stage: string;
  /** `{resourcePath}/{httpMethod}` (`/pets/GET`, `//GET` for the root) → per-method limits. */
  throttle?: Record<string, ThrottleSettingsDoc>;
}

/** The UsagePlan wire shape (apigateway v1), as stored and returned. */
export interface UsagePlanDoc {
  id: string;
  name: string;
  description?: string;
  apiStages: ApiStageDoc[];
  throttle?: ThrottleSettingsDoc;
  quota?: QuotaSettings;
  productCode?: string;
  tags?: Record<string, string>;
}
