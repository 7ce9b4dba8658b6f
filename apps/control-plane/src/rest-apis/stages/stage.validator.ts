import type { RestStageDoc } from '@app/contracts';
import { badRequest } from '../../common/aws-error';
import { HTTP_METHODS } from '../shared/validation';

const STAGE_NAME = /^[a-zA-Z0-9_-]{1,128}$/;
const VARIABLE_NAME = /^[A-Za-z0-9_]{1,64}$/;
const VARIABLE_VALUE = /^[A-Za-z0-9\-._~:/?#&=, ]{0,512}$/;

export function checkStageName(name: string): string {
  if (!STAGE_NAME.test(name)) throw badRequest(`Stage name only allows a-zA-Z0-9_- and at most 128 characters: '${name}'`);
  return name;
}

/** Stage variable names and values as AWS restricts them (stage-variables.md). */
export function checkVariables(variables: Record<string, string> | undefined, member = 'variables'): Record<string, string> | undefined {
  for (const [name, value] of Object.entries(variables ?? {})) {
    if (!VARIABLE_NAME.test(name)) throw badRequest(`Invalid stage variable name in ${member}: '${name}'. Only a-zA-Z0-9_ are allowed`);
    if (!VARIABLE_VALUE.test(value)) throw badRequest(`Invalid stage variable value in ${member}: '${value}' for ${name}`);
  }
  return variables;
}

/** What create and update have in common, so a patch cannot store what CreateStage would refuse. */
export function checkStage(stage: RestStageDoc): RestStageDoc {
  checkVariables(stage.variables);
  checkVariables(stage.canarySettings?.stageVariableOverrides, 'canarySettings.stageVariableOverrides');
  const percent = stage.canarySettings?.percentTraffic;
  if (percent !== undefined && (percent < 0 || percent > 100)) throw badRequest(`Invalid canarySettings.percentTraffic: ${percent}. Must be between 0.0 and 100.0`);
  for (const [key, setting] of Object.entries(stage.methodSettings ?? {})) {
    const [resource, method, extra] = key.split('/');
    const validResource = resource === '*' || resource.startsWith('~1');
    const validMethod = method === '*' || (HTTP_METHODS as readonly string[]).includes(method);
    if (extra !== undefined || !validResource || !validMethod) {
      throw badRequest(`Invalid method setting path: /${key}. Must be /*/* or /{resourcePath}/{httpMethod} with ~1 for each / in the resource path`);
    }
    if ((setting.throttlingRateLimit ?? 0) < 0) throw badRequest(`Invalid throttling rate limit for ${key}: must not be negative`);
    if ((setting.throttlingBurstLimit ?? 0) < 0) throw badRequest(`Invalid throttling burst limit for ${key}: must not be negative`);
    const ttl = setting.cacheTtlInSeconds;
    if (ttl !== undefined && (ttl < 0 || ttl > 3600)) throw badRequest(`Invalid cache TTL for ${key}: ${ttl}. Must be between 0 and 3600`);
  }
  return stage;
}
