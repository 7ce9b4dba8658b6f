import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RestApiDoc, V2ApiDoc } from '@app/contracts';

/** One REST, HTTP or WebSocket API; `doc` is the AWS wire shape of the API object. */
@Entity('apis')
export class ApiEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id: string;

  @Column({ name: 'protocol_type', type: 'varchar', length: 16 })
  protocolType: 'REST' | 'HTTP' | 'WEBSOCKET';

  @Column({ type: 'varchar', length: 1024 })
  name: string;

  @Column({ type: 'simple-json' })
  doc: RestApiDoc | V2ApiDoc;

  @Column({ name: 'updated_at', type: 'varchar', length: 32 })
  updatedAt: string;
}
