import type { PatchRule } from '../common/patch-operations';

/** UpdateApiKey's patchable paths (API reference, "UpdateApiKey"); `/stages` is handled by the service. */
export const API_KEY_PATCH: PatchRule[] = [
  { path: '/name', type: 'string', ops: ['replace'] },
  { path: '/description', type: 'string', ops: ['replace', 'remove'] },
  { path: '/enabled', type: 'boolean', ops: ['replace'] },
  { path: '/customerId', type: 'string', ops: ['replace', 'remove'] },
];
