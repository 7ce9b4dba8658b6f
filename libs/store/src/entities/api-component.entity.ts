import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * The parts of an API's definition, each stored as its AWS wire shape: REST resources (with their methods,
 * integrations and responses nested as AWS returns them), HTTP/WebSocket routes and integrations, authorizers,
 * models, request validators, gateway responses, route and integration responses. One table with a `kind`
 * discriminator keeps the schema small; the documents are only ever read whole, by API and kind.
 */
export const API_COMPONENT_KINDS = [
  'resource',
  'route',
  'integration',
  'authorizer',
  'model',
  'requestValidator',
  'gatewayResponse',
  'routeResponse',
  'integrationResponse',
] as const;
export type ApiComponentKind = (typeof API_COMPONENT_KINDS)[number];

@Entity('api_components')
@Index('idx_api_components_api_kind', ['apiId', 'kind'])
export class ApiComponentEntity {
  @PrimaryColumn({ name: 'api_id', type: 'varchar', length: 32 })
  apiId: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  kind: ApiComponentKind;

  @PrimaryColumn({ type: 'varchar', length: 128 })
  id: string;

  /** Route id of a route response, integration id of an integration response, parent resource id. */
  @Column({ name: 'parent_id', type: 'varchar', length: 128, nullable: true })
  parentId: string | null;

  @Column({ type: 'simple-json' })
  doc: unknown;
}
