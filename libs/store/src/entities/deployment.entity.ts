import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { DeploymentSnapshot } from '@app/contracts';

/** An immutable snapshot of an API at CreateDeployment time; stages point at one. Never updated in place. */
@Entity('deployments')
export class DeploymentEntity {
  @PrimaryColumn({ name: 'api_id', type: 'varchar', length: 32 })
  apiId: string;

  @PrimaryColumn({ type: 'varchar', length: 32 })
  id: string;

  @Column({ name: 'created_at', type: 'varchar', length: 32 })
  createdAt: string;

  @Column({ type: 'varchar', length: 1024, nullable: true })
  description: string | null;

  @Column({ type: 'simple-json' })
  snapshot: DeploymentSnapshot;
}
