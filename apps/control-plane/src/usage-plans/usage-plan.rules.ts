import type { PatchRule } from '../common/patch-operations';

/** UpdateUsagePlan's plain paths (API reference, "UpdateUsagePlan"); `/apiStages...` is handled by apiStagesPatch. */
export const USAGE_PLAN_PATCH: PatchRule[] = [
  { path: '/name', type: 'string', ops: ['replace'] },
  { path: '/description', type: 'string', ops: ['replace', 'remove'] },
  { path: '/productCode', type: 'string', ops: ['replace', 'remove'] },
  { path: '/throttle', type: 'string', ops: ['remove'] },
  { path: '/throttle/rateLimit', type: 'number', ops: ['replace', 'remove'] },
  { path: '/throttle/burstLimit', type: 'integer', ops: ['replace', 'remove'] },
  { path: '/quota', type: 'string', ops: ['remove'] },
  { path: '/quota/limit', type: 'integer', ops: ['replace'] },
  { path: '/quota/period', type: 'string', ops: ['replace'], enum: ['DAY', 'WEEK', 'MONTH'] },
  { path: '/quota/offset', type: 'integer', ops: ['replace'] },
];
