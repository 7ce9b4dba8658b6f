import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { FunctionRecord } from '@app/contracts';

@Entity('functions')
export class FunctionEntity {
  @PrimaryColumn({ type: 'varchar', length: 140 })
  name: string;

  @Column({ name: 'revision_id', type: 'varchar', length: 64 })
  revisionId: string;

  @Column({ type: 'simple-json' })
  record: FunctionRecord;
}

/**
 * Deployment packages, stored once per SHA-256 of their bytes. Base64 text rather than a binary column keeps one
 * schema for Postgres and the embedded store; packages are read once per node and cached on its disk.
 */
@Entity('function_code')
export class FunctionCodeEntity {
  @PrimaryColumn({ name: 'sha256_hex', type: 'varchar', length: 64 })
  sha256Hex: string;

  @Column({ type: 'integer' })
  size: number;

  @Column({ name: 'data_base64', type: 'text' })
  dataBase64: string;
}
