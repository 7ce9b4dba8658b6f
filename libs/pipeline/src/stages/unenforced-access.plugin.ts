import { Logger } from '@nestjs/common';
import type { RouteDescriptor } from './compile-context';
import type { StagePlugin } from './pipeline-stage';

/** What the gateway's installed plug-ins enforce; anything else a route asks for is refused, never ignored. */
export interface EnforcedAccess {
  authorizationTypes: ReadonlySet<string>;
  apiKeys: boolean;
}

const logger = new Logger('Access');

/**
 * Fails closed on access control this node cannot enforce. A route that requires an authorizer type or an API key
 * with no plug-in installed to check it answers 500 `{"message": "Internal server error"}` (API_CONFIGURATION_ERROR)
 * and logs why once at deploy — serving it open would silently drop the protection its author configured.
 */
export function unenforcedAccessPlugin(enforced: EnforcedAccess): StagePlugin {
  return {
    slot: 'authorize',
    stage: {
      name: 'unenforced-access',
      create(route: RouteDescriptor, compile) {
        const missing = missingProtection(route, enforced);
        if (!missing) return null;
        const where = route.protocol === 'REST' ? `${route.httpMethod} ${route.resource.path}` : route.route.routeKey;
        logger.error(`API ${compile.apiId} stage ${compile.stageName} route "${where}" requires ${missing}, which this gateway does not enforce: the route answers 500`);
        return (ctx) => {
          ctx.integrationErrorMessage = `${missing} is not supported by this gateway`;
          return ctx.stage.responses.respond(ctx, 'API_CONFIGURATION_ERROR');
        };
      },
    },
  };
}

function missingProtection(route: RouteDescriptor, enforced: EnforcedAccess): string | undefined {
  const type = route.protocol === 'REST' ? route.method.authorizationType : route.route.authorizationType;
  const keyRequired = route.protocol === 'REST' ? route.method.apiKeyRequired : route.route.apiKeyRequired;
  if (type && type !== 'NONE' && !enforced.authorizationTypes.has(type)) return `authorization type ${type}`;
  if (keyRequired && !enforced.apiKeys) return 'an API key';
  return undefined;
}
