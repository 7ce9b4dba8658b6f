import type { RestApiDoc, RestDefinition, RestMethodDoc, RestResourceDoc } from '@app/contracts';
import type { RestImportResult } from './rest-import';

/**
 * PutRestApi `mode=merge`: the imported definition is laid over the existing API. Methods the document defines
 * replace the same methods (same path and verb); everything the document does not mention stays. Authorizers,
 * models and request validators are matched by name, gateway responses by type; a match keeps its id so stages,
 * usage plans and method settings that point at it keep working.
 */
export function mergeRestDefinitions(existing: RestDefinition, imported: RestImportResult): RestDefinition {
  const ids = new IdMap(existing, imported);
  const resources = existing.resources.map((r) => ({ ...r, resourceMethods: r.resourceMethods && { ...r.resourceMethods } }));
  const byPath = new Map(resources.map((r) => [r.path, r]));
  for (const resource of imported.resources) {
    let target = byPath.get(resource.path);
    if (!target) {
      target = { ...ids.resource(resource), resourceMethods: undefined };
      resources.push(target);
      byPath.set(target.path, target);
    }
    for (const [verb, method] of Object.entries(resource.resourceMethods ?? {})) {
      target.resourceMethods = { ...target.resourceMethods, [verb]: ids.method(method) };
    }
  }
  return {
    protocolType: 'REST',
    api: { ...existing.api, ...updatableSettings(imported.api), warnings: imported.warnings.length ? imported.warnings : undefined },
    resources: resources.sort(byPathOrder),
    authorizers: mergeByKey(existing.authorizers, imported.authorizers.map((a) => ({ ...a, id: ids.authorizerId(a.id)! })), (a) => a.name),
    models: mergeByKey(existing.models, imported.models.map((m) => ({ ...m, id: ids.modelId(m.name, m.id) })), (m) => m.name),
    requestValidators: mergeByKey(
      existing.requestValidators,
      imported.requestValidators.map((v) => ({ ...v, id: ids.validatorId(v.id)! })),
      (v) => v.name ?? v.id,
    ),
    gatewayResponses: mergeByKey(existing.gatewayResponses, imported.gatewayResponses, (g) => g.responseType),
  };
}

/**
 * PutRestApi `mode=overwrite`: the API becomes what the document defines. Only what the import cannot change stays:
 * the API's id, creation date, endpoint configuration and tags (stages and keys live outside the definition).
 * Resources, authorizers, models and validators that keep their path or name keep their id.
 */
export function overwriteRestDefinition(existing: RestDefinition, imported: RestImportResult): RestDefinition {
  const ids = new IdMap(existing, imported);
  const { id, createdDate, endpointConfiguration, tags, rootResourceId } = existing.api;
  const api: RestApiDoc = {
    ...updatableSettings(imported.api),
    id,
    name: imported.api.name ?? existing.api.name,
    createdDate,
    rootResourceId,
    ...(endpointConfiguration ? { endpointConfiguration } : {}),
    ...(tags ? { tags } : {}),
    ...(imported.warnings.length ? { warnings: imported.warnings } : {}),
  };
  return {
    protocolType: 'REST',
    api,
    resources: imported.resources
      .map((r) => ({
        ...ids.resource(r),
        ...(r.resourceMethods
          ? { resourceMethods: Object.fromEntries(Object.entries(r.resourceMethods).map(([verb, m]) => [verb, ids.method(m)])) }
          : {}),
      }))
      .sort(byPathOrder),
    authorizers: imported.authorizers.map((a) => ({ ...a, id: ids.authorizerId(a.id)! })),
    models: imported.models.map((m) => ({ ...m, id: ids.modelId(m.name, m.id) })),
    requestValidators: imported.requestValidators.map((v) => ({ ...v, id: ids.validatorId(v.id)! })),
    gatewayResponses: imported.gatewayResponses,
  };
}

/** Maps ids of the imported parts onto the existing parts they replace. */
class IdMap {
  private readonly resourceIds = new Map<string, string>();
  private readonly authorizerIds = new Map<string, string>();
  private readonly validatorIds = new Map<string, string>();
  private readonly modelIds = new Map<string, string>();

  constructor(existing: RestDefinition, imported: RestImportResult) {
    const existingByPath = new Map(existing.resources.map((r) => [r.path, r.id]));
    for (const r of imported.resources) this.resourceIds.set(r.id, existingByPath.get(r.path) ?? r.id);
    for (const a of imported.authorizers) {
      this.authorizerIds.set(a.id, existing.authorizers.find((e) => e.name === a.name)?.id ?? a.id);
    }
    for (const v of imported.requestValidators) {
      this.validatorIds.set(v.id, existing.requestValidators.find((e) => e.name !== undefined && e.name === v.name)?.id ?? v.id);
    }
    for (const m of existing.models) this.modelIds.set(m.name, m.id);
  }

  resource(r: RestResourceDoc): RestResourceDoc {
    const copy: RestResourceDoc = { ...r, id: this.resourceIds.get(r.id)! };
    if (r.parentId !== undefined) copy.parentId = this.resourceIds.get(r.parentId)!;
    return copy;
  }

  method(m: RestMethodDoc): RestMethodDoc {
    return {
      ...m,
      ...(m.authorizerId !== undefined ? { authorizerId: this.authorizerId(m.authorizerId) } : {}),
      ...(m.requestValidatorId !== undefined ? { requestValidatorId: this.validatorId(m.requestValidatorId) } : {}),
    };
  }

  authorizerId(id: string | undefined): string | undefined {
    return id === undefined ? undefined : (this.authorizerIds.get(id) ?? id);
  }

  validatorId(id: string | undefined): string | undefined {
    return id === undefined ? undefined : (this.validatorIds.get(id) ?? id);
  }

  modelId(name: string, id: string): string {
    return this.modelIds.get(name) ?? id;
  }
}

/** The API settings a document may change (never the id, root, dates or endpoint configuration). */
function updatableSettings(api: Partial<RestApiDoc>): Partial<RestApiDoc> {
  const { id: _id, rootResourceId: _root, createdDate: _created, endpointConfiguration: _endpoint, warnings: _warnings, ...rest } = api;
  return Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
}

function mergeByKey<T>(existing: T[], imported: T[], key: (item: T) => string): T[] {
  const out = new Map(existing.map((item) => [key(item), item]));
  for (const item of imported) out.set(key(item), item);
  return [...out.values()];
}

function byPathOrder(a: RestResourceDoc, b: RestResourceDoc): number {
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

/** ImportRestApi: a new API from an imported document (the control plane picks `createdDate`). */
export function newRestDefinition(imported: RestImportResult, createdDate: number): RestDefinition {
  const api = { ...imported.api, createdDate } as RestApiDoc;
  return {
    protocolType: 'REST',
    api,
    resources: imported.resources,
    authorizers: imported.authorizers,
    models: imported.models,
    requestValidators: imported.requestValidators,
    gatewayResponses: imported.gatewayResponses,
  };
}
