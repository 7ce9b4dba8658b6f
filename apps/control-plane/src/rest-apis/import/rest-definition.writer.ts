import { In } from 'typeorm';
import type { RestDefinition } from '@app/contracts';
import { ApiComponentEntity, ApiEntity, type Store } from '@app/store';

const DEFINITION_KINDS = ['resource', 'authorizer', 'model', 'requestValidator', 'gatewayResponse'] as const;

/**
 * Persists a whole REST definition in one transaction (ImportRestApi, PutRestApi): either every part is stored or,
 * on any failure, none is and the API stays as it was. Component keys follow the management API's lookups: models
 * by name, gateway responses by type, everything else by id.
 */
export async function writeRestDefinition(store: Store, definition: RestDefinition): Promise<void> {
  const apiId = definition.api.id;
  const rows: Array<Partial<ApiComponentEntity>> = [
    ...definition.resources.map((doc) => ({ apiId, kind: 'resource' as const, id: doc.id, parentId: doc.parentId ?? null, doc })),
    ...definition.authorizers.map((doc) => ({ apiId, kind: 'authorizer' as const, id: doc.id, parentId: null, doc })),
    ...definition.models.map((doc) => ({ apiId, kind: 'model' as const, id: doc.name, parentId: null, doc })),
    ...definition.requestValidators.map((doc) => ({ apiId, kind: 'requestValidator' as const, id: doc.id, parentId: null, doc })),
    ...definition.gatewayResponses.map((doc) => ({ apiId, kind: 'gatewayResponse' as const, id: doc.responseType, parentId: null, doc })),
  ];
  await store.dataSource.transaction(async (tx) => {
    await tx.delete(ApiComponentEntity, { apiId, kind: In([...DEFINITION_KINDS]) });
    await tx.save(ApiEntity, { id: apiId, protocolType: 'REST', name: definition.api.name, doc: definition.api, updatedAt: new Date().toISOString() });
    if (rows.length) await tx.save(ApiComponentEntity, rows);
  });
}
