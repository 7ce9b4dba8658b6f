import type { V2AuthorizationType, V2ProtocolType, V2RouteDoc } from '@app/contracts';
import { badRequest } from '../../../common/aws-error';
import { defined, type Fields } from '../../common/fields';
import { validateRouteKey } from './route-key';

const AUTHORIZATION_TYPES: readonly V2AuthorizationType[] = ['NONE', 'AWS_IAM', 'CUSTOM', 'JWT'];

export type RoutePatch = Partial<Omit<V2RouteDoc, 'routeId'>>;

/** The members of CreateRoute/UpdateRoute that were sent, each checked on its own. */
export function readRoutePatch(body: Fields, protocolType: V2ProtocolType, create: boolean): RoutePatch {
  const patch: RoutePatch = defined({
    routeKey: body.string('routeKey', { required: create }),
    target: body.string('target'),
    authorizationType: body.oneOf('authorizationType', AUTHORIZATION_TYPES),
    authorizerId: body.string('authorizerId'),
    authorizationScopes: body.stringArray('authorizationScopes'),
    apiKeyRequired: body.boolean('apiKeyRequired'),
    operationName: body.string('operationName'),
    requestModels: body.stringMap('requestModels'),
    requestParameters: readRouteParameters(body, 'requestParameters'),
    routeResponseSelectionExpression: body.string('routeResponseSelectionExpression'),
    modelSelectionExpression: body.string('modelSelectionExpression'),
  });
  if (patch.routeKey !== undefined) validateRouteKey(patch.routeKey, protocolType);
  if (protocolType === 'HTTP') {
    for (const member of ['apiKeyRequired', 'requestModels', 'requestParameters', 'routeResponseSelectionExpression', 'modelSelectionExpression'] as const) {
      if (patch[member] !== undefined) throw badRequest(`'${member}' is supported only for WebSocket APIs`);
    }
  }
  return patch;
}

/** WebSocket route request parameters: `route.request.header.x` / `route.request.querystring.x` → `{required}`. */
export function readRouteParameters(body: Fields, member: string): Record<string, { required: boolean }> | undefined {
  const map = body.objectMap(member);
  if (!map) return undefined;
  const out: Record<string, { required: boolean }> = {};
  for (const [key, value] of Object.entries(map)) {
    if (!/^route\.request\.(header|querystring)\.[^\s.]+$/.test(key)) {
      throw badRequest(`Invalid key in '${member}': ${key} must be route.request.header.{name} or route.request.querystring.{name}`);
    }
    out[key] = { required: value.boolean('required') ?? false };
  }
  return out;
}
