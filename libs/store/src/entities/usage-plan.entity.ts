import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('usage_plans')
export class UsagePlanEntity {
  @PrimaryColumn({ type: 'varchar', length: 32 })
  id: string;

  /** The UsagePlan wire shape (apiStages, throttle, quota, ...). */
  @Column({ type: 'simple-json' })
  doc: Record<string, unknown>;
}

@Entity('usage_plan_keys')
export class UsagePlanKeyEntity {
  @PrimaryColumn({ name: 'usage_plan_id', type: 'varchar', length: 32 })
  usagePlanId: string;

  @PrimaryColumn({ name: 'key_id', type: 'varchar', length: 32 })
  keyId: string;

  @Column({ name: 'key_type', type: 'varchar', length: 16, default: 'API_KEY' })
  keyType: string;
}
