import type { PatchRule } from '../../common/patch-operations';

const AUTHORIZATION_TYPES = ['NONE', 'AWS_IAM', 'CUSTOM', 'COGNITO_USER_POOLS'];

/** UpdateMethod's patchable paths. */
export const METHOD_PATCH: PatchRule[] = [
  { path: '/authorizationType', type: 'string', ops: ['replace'], enum: AUTHORIZATION_TYPES },
  { path: '/authorizerId', type: 'string', ops: ['replace', 'remove'] },
  { path: '/apiKeyRequired', type: 'boolean', ops: ['replace'] },
  { path: '/requestValidatorId', type: 'string', ops: ['replace', 'remove'] },
  { path: '/operationName', type: 'string', ops: ['replace', 'remove'] },
  { path: '/requestParameters/{name}', type: 'boolean', ops: ['add', 'replace', 'remove'] },
  { path: '/requestModels/{contentType}', type: 'string', ops: ['add', 'replace', 'remove'] },
  { path: '/authorizationScopes/{scope}', type: 'string', ops: ['add', 'remove'], listItem: true },
];

/** UpdateMethodResponse's patchable paths. */
export const METHOD_RESPONSE_PATCH: PatchRule[] = [
  { path: '/responseParameters/{name}', type: 'boolean', ops: ['add', 'replace', 'remove'] },
  { path: '/responseModels/{contentType}', type: 'string', ops: ['add', 'replace', 'remove'] },
];
