import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { RestStageDoc, V2StageDoc } from '@app/contracts';

@Entity('stages')
export class StageEntity {
  @PrimaryColumn({ name: 'api_id', type: 'varchar', length: 32 })
  apiId: string;

  @PrimaryColumn({ name: 'stage_name', type: 'varchar', length: 128 })
  stageName: string;

  @Column({ name: 'deployment_id', type: 'varchar', length: 32, nullable: true })
  deploymentId: string | null;

  @Column({ type: 'simple-json' })
  doc: RestStageDoc | V2StageDoc;

  /** Bumped on every change, so nodes can tell during reconciliation that a stage changed without a deployment. */
  @Column({ type: 'integer', default: 1 })
  revision: number;
}
