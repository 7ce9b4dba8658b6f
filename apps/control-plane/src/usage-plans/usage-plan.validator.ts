import { validateQuota, type QuotaSettings } from '@app/throttle';
import { badRequest } from '../common/aws-error';
import type { ApiStageDoc, ThrottleSettingsDoc, UsagePlanDoc } from './usage-plan.view';

const METHOD_KEY = /^(\/.*)\/(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS|ANY|\*)$/;

/** Reads a ThrottleSettings member (`{burstLimit: int ≥ 0, rateLimit: number ≥ 0}`), naming the field on error. */
export function readThrottle(value: unknown, field: string): ThrottleSettingsDoc | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw badRequest(`Invalid value for ${field}: must be an object`);
  const { burstLimit, rateLimit } = value as Record<string, unknown>;
  const out: ThrottleSettingsDoc = {};
  if (burstLimit !== undefined && burstLimit !== null) {
    if (typeof burstLimit !== 'number' || !Number.isInteger(burstLimit) || burstLimit < 0) throw badRequest(`Invalid value for ${field}.burstLimit: must be a non-negative integer`);
    out.burstLimit = burstLimit;
  }
  if (rateLimit !== undefined && rateLimit !== null) {
    if (typeof rateLimit !== 'number' || !Number.isFinite(rateLimit) || rateLimit < 0) throw badRequest(`Invalid value for ${field}.rateLimit: must be a non-negative number`);
    out.rateLimit = rateLimit;
  }
  return out;
}

export function readQuota(value: unknown): QuotaSettings | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw badRequest('Invalid value for quota: must be an object');
  const { limit, period, offset } = value as Record<string, unknown>;
  const quota = { limit, period, offset: offset ?? 0 } as QuotaSettings;
  checkQuota(quota);
  return quota;
}

/** validateQuota's RangeError (naming the field) as AWS's BadRequestException. */
export function checkQuota(quota: QuotaSettings): void {
  try {
    validateQuota(quota);
  } catch (error) {
    throw badRequest(`Invalid quota: ${(error as Error).message}`);
  }
}

export function readApiStages(value: unknown): ApiStageDoc[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw badRequest('Invalid value for apiStages: must be a list of {apiId, stage, throttle}');
  return value.map((raw, i) => {
    const s = (raw ?? {}) as Record<string, unknown>;
    if (typeof s.apiId !== 'string' || typeof s.stage !== 'string') throw badRequest(`Invalid value for apiStages[${i}]: apiId and stage are required strings`);
    return { apiId: s.apiId, stage: s.stage, throttle: readMethodThrottle(s.throttle, `apiStages[${i}].throttle`) };
  });
}

export function readMethodThrottle(value: unknown, field: string): Record<string, ThrottleSettingsDoc> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw badRequest(`Invalid value for ${field}: must be a map of {resourcePath}/{httpMethod} to throttle settings`);
  const out: Record<string, ThrottleSettingsDoc> = {};
  for (const [key, limits] of Object.entries(value as Record<string, unknown>)) {
    if (!METHOD_KEY.test(key)) throw badRequest(`Invalid method throttle key '${key}' in ${field}: must be {resourcePath}/{httpMethod}, e.g. /pets/GET`);
    out[key] = readThrottle(limits, `${field}.${key}`) ?? {};
  }
  return Object.keys(out).length ? out : undefined;
}

/** Checks a plan as a whole after create or patch; the stages' existence is checked by the service. */
export function checkPlan(plan: UsagePlanDoc): UsagePlanDoc {
  if (!plan.name) throw badRequest('Invalid request: name is required');
  if (plan.quota) checkQuota(plan.quota);
  const seen = new Set<string>();
  for (const s of plan.apiStages) {
    const key = `${s.apiId}:${s.stage}`;
    if (seen.has(key)) throw badRequest(`Invalid API Stage {api: ${s.apiId}, stage: ${s.stage}}: listed twice in usageplan ${plan.name}`);
    seen.add(key);
  }
  return plan;
}
