import type { V2ApiDoc, V2Definition } from '@app/contracts';
import type { HttpImportResult } from './http-import';

/** ImportApi: a new HTTP API from an imported document; the control plane picks the id and the date. */
export function newHttpDefinition(imported: HttpImportResult, apiId: string, createdDate: string): V2Definition {
  return {
    protocolType: 'HTTP',
    api: { ...imported.api, apiId, createdDate } as V2ApiDoc,
    routes: imported.routes,
    integrations: imported.integrations,
    authorizers: imported.authorizers,
    models: imported.models,
    routeResponses: {},
    integrationResponses: {},
  };
}

/**
 * ReimportApi: the document replaces the API's definition (AWS's reimport overwrites). The id, creation date, tags
 * and endpoint stay; routes keep their ids by route key and authorizers by name, so stage route settings survive.
 */
export function reimportHttpDefinition(existing: V2Definition, imported: HttpImportResult): V2Definition {
  const routeIds = new Map(existing.routes.map((r) => [r.routeKey, r.routeId]));
  const authorizerIds = new Map<string, string>();
  for (const a of imported.authorizers) {
    authorizerIds.set(a.authorizerId, existing.authorizers.find((e) => e.name === a.name)?.authorizerId ?? a.authorizerId);
  }
  const { apiId, createdDate, tags, apiEndpoint } = existing.api;
  return {
    protocolType: 'HTTP',
    api: { ...(imported.api as V2ApiDoc), apiId, createdDate, ...(tags ? { tags } : {}), ...(apiEndpoint ? { apiEndpoint } : {}) },
    routes: imported.routes.map((r) => ({
      ...r,
      routeId: routeIds.get(r.routeKey) ?? r.routeId,
      ...(r.authorizerId ? { authorizerId: authorizerIds.get(r.authorizerId) ?? r.authorizerId } : {}),
    })),
    integrations: imported.integrations,
    authorizers: imported.authorizers.map((a) => ({ ...a, authorizerId: authorizerIds.get(a.authorizerId)! })),
    models: [],
    routeResponses: {},
    integrationResponses: {},
  };
}
