import type { RestDefinition, V2Definition } from '@app/contracts';
import type { HttpImportResult } from './http/http-import';
import type { RestImportResult } from './rest/rest-import';

/** A REST definition with ids replaced by what they point at (paths, names), so two imports can be compared. */
export function restShape(def: RestImportResult | RestDefinition): unknown {
  const authorizer = new Map(def.authorizers.map((a) => [a.id, a.name]));
  const validator = new Map(def.requestValidators.map((v) => [v.id, v.name]));
  return {
    api: { name: def.api.name, description: def.api.description, binaryMediaTypes: def.api.binaryMediaTypes, apiKeySource: def.api.apiKeySource, policy: def.api.policy },
    resources: def.resources.map(({ path, pathPart, resourceMethods }) => ({
      path,
      pathPart,
      methods: Object.fromEntries(
        Object.entries(resourceMethods ?? {}).map(([verb, { authorizerId, requestValidatorId, ...m }]) => [
          verb,
          { ...m, authorizer: authorizerId && authorizer.get(authorizerId), validator: requestValidatorId && validator.get(requestValidatorId) },
        ]),
      ),
    })),
    authorizers: def.authorizers.map(({ id: _id, ...a }) => a),
    models: def.models.map(({ id: _id, ...m }) => ({ ...m, schema: m.schema && JSON.parse(m.schema) })),
    requestValidators: def.requestValidators.map(({ id: _id, ...v }) => v),
    gatewayResponses: def.gatewayResponses,
  };
}

/** The same for HTTP APIs: routes point at integrations and authorizers by content and name. */
export function httpShape(def: HttpImportResult | V2Definition): unknown {
  const integration = new Map(def.integrations.map(({ integrationId, ...i }) => [`integrations/${integrationId}`, i]));
  const authorizer = new Map(def.authorizers.map((a) => [a.authorizerId, a.name]));
  return {
    api: { name: def.api.name, description: def.api.description, corsConfiguration: def.api.corsConfiguration },
    routes: def.routes.map(({ routeId: _id, target, authorizerId, ...r }) => ({
      ...r,
      integration: target && integration.get(target),
      authorizer: authorizerId && authorizer.get(authorizerId),
    })),
    authorizers: def.authorizers.map(({ authorizerId: _id, ...a }) => a),
  };
}
