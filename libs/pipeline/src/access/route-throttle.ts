import type { RestStageDoc, V2StageDoc } from '@app/contracts';
import { accountCheck, type ThrottleLevelCheck, type ThrottleLimits } from '@app/throttle';
import type { CompileContext, RouteDescriptor } from '../stages/compile-context';

/** What identifies a route for throttling: bucket keys and the key usage plans use for per-method limits. */
export interface RouteIdentity {
  /** `{apiId}/{stage}`. */
  stageKey: string;
  /** Usage-plan per-method key: `{resourcePath}/{httpMethod}` (REST); the route key for HTTP APIs. */
  methodKey: string;
}

export function routeIdentity(route: RouteDescriptor, compile: CompileContext): RouteIdentity {
  const stageKey = `${compile.apiId}/${compile.stageName}`;
  if (route.protocol === 'REST') return { stageKey, methodKey: `${route.resource.path}/${route.method.httpMethod}` };
  return { stageKey, methodKey: route.route.routeKey };
}

/**
 * The server-side levels of one route, most specific first (api-gateway-request-throttling.md): the stage's
 * per-method limits, then the account. Each method has its own stage bucket, shared by every node through the
 * key `stage:{apiId}/{stage}/{method key}`; the account bucket is one for the whole installation.
 */
export function routeThrottleChecks(route: RouteDescriptor, compile: CompileContext, account: ThrottleLimits): ThrottleLevelCheck[] {
  const id = routeIdentity(route, compile);
  const stage = route.protocol === 'REST' ? restStageLimits(compile.active.stage as RestStageDoc, route) : httpStageLimits(compile.active.stage as V2StageDoc, route);
  const checks: ThrottleLevelCheck[] = [];
  if (stage) checks.push({ level: 'STAGE_METHOD', key: `stage:${id.stageKey}/${id.methodKey}`, limits: stage });
  checks.push(accountCheck(account));
  return checks;
}

/**
 * REST stage `methodSettings`: `{resourcePath with / as ~1}/{METHOD}` (e.g. `~1pets~1{id}/GET`, `~1/GET` for the
 * root) overrides `*\/*` setting by setting, as UpdateStage patches them one at a time.
 */
function restStageLimits(stage: RestStageDoc, route: Extract<RouteDescriptor, { protocol: 'REST' }>): ThrottleLimits | undefined {
  const settings = stage.methodSettings ?? {};
  const own = settings[`${route.resource.path.replace(/\//g, '~1')}/${route.method.httpMethod}`];
  const all = settings['*/*'];
  return limits(own?.throttlingRateLimit ?? all?.throttlingRateLimit, own?.throttlingBurstLimit ?? all?.throttlingBurstLimit);
}

/** HTTP API stages: `routeSettings[routeKey]` overrides `defaultRouteSettings` setting by setting. */
function httpStageLimits(stage: V2StageDoc, route: Extract<RouteDescriptor, { protocol: 'HTTP' }>): ThrottleLimits | undefined {
  const own = stage.routeSettings?.[route.route.routeKey];
  const all = stage.defaultRouteSettings;
  return limits(own?.throttlingRateLimit ?? all?.throttlingRateLimit, own?.throttlingBurstLimit ?? all?.throttlingBurstLimit);
}

function limits(rateLimit: number | undefined, burstLimit: number | undefined): ThrottleLimits | undefined {
  return rateLimit === undefined || rateLimit === null ? undefined : { rateLimit, burstLimit };
}
