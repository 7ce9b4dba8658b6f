import type { PatchRule } from '../../common/patch-operations';

/** `/{resourcePath}/{httpMethod}/{group}/{setting}` → the RestMethodSetting member it sets. */
type MethodSettingPath = [suffix: string, member: string, type: PatchRule['type'], values?: readonly string[]];
const METHOD_SETTINGS: MethodSettingPath[] = [
  ['metrics/enabled', 'metricsEnabled', 'boolean'],
  ['logging/loglevel', 'loggingLevel', 'string', ['OFF', 'ERROR', 'INFO']],
  ['logging/dataTrace', 'dataTraceEnabled', 'boolean'],
  ['throttling/burstLimit', 'throttlingBurstLimit', 'integer'],
  ['throttling/rateLimit', 'throttlingRateLimit', 'number'],
  ['caching/enabled', 'cachingEnabled', 'boolean'],
  ['caching/ttlInSeconds', 'cacheTtlInSeconds', 'integer'],
  ['caching/dataEncrypted', 'cacheDataEncrypted', 'boolean'],
  ['caching/requireAuthorizationForCacheControl', 'requireAuthorizationForCacheControl', 'boolean'],
  ['caching/unauthorizedCacheControlHeaderStrategy', 'unauthorizedCacheControlHeaderStrategy', 'string', [
    'FAIL_WITH_403',
    'SUCCEED_WITH_RESPONSE_HEADER',
    'SUCCEED_WITHOUT_RESPONSE_HEADER',
  ]],
];

/** UpdateStage's patchable paths (API reference, "UpdateStage"). Method-setting keys keep `~1`, as AWS stores them. */
export const STAGE_PATCH: PatchRule[] = [
  { path: '/description', type: 'string', ops: ['replace', 'remove'] },
  { path: '/deploymentId', type: 'string', ops: ['replace'] },
  { path: '/cacheClusterEnabled', type: 'boolean', ops: ['replace'] },
  { path: '/cacheClusterSize', type: 'string', ops: ['replace'] },
  { path: '/clientCertificateId', type: 'string', ops: ['replace', 'remove'] },
  { path: '/documentationVersion', type: 'string', ops: ['replace', 'remove'] },
  { path: '/tracingEnabled', type: 'boolean', ops: ['replace'] },
  { path: '/webAclArn', type: 'string', ops: ['replace', 'remove'] },
  { path: '/accessLogSettings', type: 'string', ops: ['remove'] },
  { path: '/accessLogSettings/destinationArn', type: 'string', ops: ['replace', 'remove'] },
  { path: '/accessLogSettings/format', type: 'string', ops: ['replace', 'remove'] },
  { path: '/canarySettings', type: 'string', ops: ['remove'] },
  { path: '/canarySettings/percentTraffic', type: 'number', ops: ['replace'] },
  { path: '/canarySettings/deploymentId', type: 'string', ops: ['replace'] },
  { path: '/canarySettings/useStageCache', type: 'boolean', ops: ['replace'] },
  { path: '/canarySettings/stageVariableOverrides/{name}', type: 'string', ops: ['add', 'replace', 'remove'] },
  { path: '/variables/{name}', type: 'string', ops: ['add', 'replace', 'remove'] },
  ...METHOD_SETTINGS.map(
    ([suffix, member, type, values]): PatchRule => ({
      path: `/{resource}/{method}/${suffix}`,
      target: ['methodSettings', '{resource:raw}/{method}', member],
      type,
      ops: ['replace'],
      ...(values ? { enum: values } : {}),
    }),
  ),
];
