import type { V2Definition } from '@app/contracts';
import { ApiComponentEntity, ApiEntity, type Store } from '@app/store';

/** Component kinds an HTTP API definition consists of; a reimport replaces all of them. */
const V2_KINDS = ['route', 'integration', 'authorizer', 'model', 'routeResponse', 'integrationResponse'] as const;

/**
 * Persists a whole definition (the API and all its components) in one transaction, so a failed import leaves the
 * previous state untouched. The repositories offer only one-document writes, hence the transaction here.
 */
export async function writeDefinition(store: Store, definition: V2Definition, replace: boolean): Promise<void> {
  const apiId = definition.api.apiId;
  const rows: Array<Partial<ApiComponentEntity>> = [
    ...definition.routes.map((doc) => ({ apiId, kind: 'route' as const, id: doc.routeId, parentId: null, doc })),
    ...definition.integrations.map((doc) => ({ apiId, kind: 'integration' as const, id: doc.integrationId, parentId: null, doc })),
    ...definition.authorizers.map((doc) => ({ apiId, kind: 'authorizer' as const, id: doc.authorizerId, parentId: null, doc })),
    ...definition.models.map((doc) => ({ apiId, kind: 'model' as const, id: doc.modelId, parentId: null, doc })),
  ];
  await store.dataSource.transaction(async (tx) => {
    if (replace) for (const kind of V2_KINDS) await tx.delete(ApiComponentEntity, { apiId, kind });
    const { apiEndpoint: _computedOnRead, ...doc } = definition.api;
    await tx.save(ApiEntity, { id: apiId, protocolType: definition.protocolType, name: doc.name, doc, updatedAt: new Date().toISOString() });
    if (rows.length) await tx.save(ApiComponentEntity, rows);
  });
}
