import type { V2Definition } from '@app/contracts';
import { badRequest } from '../../common/aws-error';
import { completeAuthorizer } from '../authorizers/dto/authorizer.dto';
import { completeIntegration } from '../integrations/dto/integration.dto';
import { validateRouteKey } from '../routes/dto/route-key';

/**
 * Runs an imported definition through the same rules CreateRoute/CreateIntegration/CreateAuthorizer apply, so an
 * import cannot store what the API would refuse piecemeal. Returns the definition with AWS's defaults filled in.
 */
export function validateImportedDefinition(definition: V2Definition): V2Definition {
  const protocolType = definition.protocolType;
  const integrations = definition.integrations.map((i) => withContext(`integration ${i.integrationId}`, () => completeIntegration(i, protocolType)));
  const authorizers = definition.authorizers.map((a) => withContext(`authorizer ${a.name}`, () => completeAuthorizer(a, protocolType)));
  const integrationIds = new Set(integrations.map((i) => `integrations/${i.integrationId}`));
  const authorizerTypes = new Map(authorizers.map((a) => [a.authorizerId, a.authorizerType]));
  const keys = new Set<string>();
  for (const route of definition.routes) {
    withContext(`route ${route.routeKey}`, () => validateRouteKey(route.routeKey, protocolType));
    if (keys.has(route.routeKey)) throw badRequest(`Invalid import: route ${route.routeKey} is defined twice`);
    keys.add(route.routeKey);
    if (route.target && !integrationIds.has(route.target)) throw badRequest(`Invalid import: route ${route.routeKey} targets unknown ${route.target}`);
    if (route.authorizerId) {
      const expected = route.authorizationType === 'JWT' ? 'JWT' : 'REQUEST';
      if (authorizerTypes.get(route.authorizerId) !== expected) {
        throw badRequest(`Invalid import: route ${route.routeKey} needs a ${expected} authorizer for authorizationType ${route.authorizationType}`);
      }
    }
  }
  return { ...definition, integrations, authorizers };
}

function withContext<T>(what: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    const e = error as Error & { statusCode?: number };
    if (e.statusCode === 400) throw badRequest(`Invalid import: ${what}: ${e.message}`);
    throw error;
  }
}
