import { Column, Entity, PrimaryColumn } from 'typeorm';

/** An API key. The value is never stored in clear: a keyed hash for lookups, and an encrypted copy for includeValue. */
@Entity('api_keys')
export class ApiKeyEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id: string;

  @Column({ name: 'value_hash', type: 'varchar', length: 128, unique: true })
  valueHash: string;

  @Column({ name: 'value_encrypted', type: 'text' })
  valueEncrypted: string;

  /** The ApiKey wire shape without `value`. */
  @Column({ type: 'simple-json' })
  doc: Record<string, unknown>;
}
