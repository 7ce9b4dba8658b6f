import type { PatchRule } from '../../common/patch-operations';

/** UpdateIntegration's patchable paths. */
export const INTEGRATION_PATCH: PatchRule[] = [
  { path: '/type', type: 'string', ops: ['replace'], enum: ['MOCK', 'HTTP', 'HTTP_PROXY', 'AWS', 'AWS_PROXY'] },
  { path: '/httpMethod', type: 'string', ops: ['replace'] },
  { path: '/uri', type: 'string', ops: ['replace'] },
  { path: '/credentials', type: 'string', ops: ['replace', 'remove'] },
  { path: '/connectionType', type: 'string', ops: ['replace'], enum: ['INTERNET', 'VPC_LINK'] },
  { path: '/connectionId', type: 'string', ops: ['replace', 'remove'] },
  { path: '/passthroughBehavior', type: 'string', ops: ['replace'], enum: ['WHEN_NO_MATCH', 'WHEN_NO_TEMPLATES', 'NEVER'] },
  { path: '/contentHandling', type: 'string', ops: ['replace', 'remove'], enum: ['CONVERT_TO_BINARY', 'CONVERT_TO_TEXT'] },
  { path: '/timeoutInMillis', type: 'integer', ops: ['replace'] },
  { path: '/cacheNamespace', type: 'string', ops: ['replace'] },
  { path: '/cacheKeyParameters/{name}', type: 'string', ops: ['add', 'remove'], listItem: true },
  { path: '/requestParameters/{name}', type: 'string', ops: ['add', 'replace', 'remove'] },
  { path: '/requestTemplates/{contentType}', type: 'string', ops: ['add', 'replace', 'remove'] },
  { path: '/tlsConfig/insecureSkipVerification', type: 'boolean', ops: ['replace'] },
];

/** UpdateIntegrationResponse's patchable paths. */
export const INTEGRATION_RESPONSE_PATCH: PatchRule[] = [
  { path: '/selectionPattern', type: 'string', ops: ['replace', 'remove'] },
  { path: '/contentHandling', type: 'string', ops: ['replace', 'remove'], enum: ['CONVERT_TO_BINARY', 'CONVERT_TO_TEXT'] },
  { path: '/responseParameters/{name}', type: 'string', ops: ['add', 'replace', 'remove'] },
  { path: '/responseTemplates/{contentType}', type: 'string', ops: ['add', 'replace', 'remove'] },
];
