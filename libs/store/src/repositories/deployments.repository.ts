import { DataSource, Repository } from 'typeorm';
import type { DeploymentSnapshot } from '@app/contracts';
import { DeploymentEntity } from '../entities';

export class DeploymentsRepository {
  private readonly deployments: Repository<DeploymentEntity>;

  constructor(dataSource: DataSource) {
    this.deployments = dataSource.getRepository(DeploymentEntity);
  }

  get(apiId: string, id: string): Promise<DeploymentEntity | null> {
    return this.deployments.findOneBy({ apiId, id });
  }

  listForApi(apiId: string): Promise<DeploymentEntity[]> {
    return this.deployments.find({ where: { apiId }, order: { createdAt: 'ASC' } });
  }

  /** Deployments are immutable: insert only. */
  async insert(snapshot: DeploymentSnapshot): Promise<DeploymentEntity> {
    const entity = this.deployments.create({
      apiId: snapshot.apiId,
      id: snapshot.deploymentId,
      createdAt: snapshot.createdDate,
      description: snapshot.description ?? null,
      snapshot,
    });
    await this.deployments.insert(entity);
    return entity;
  }

  async delete(apiId: string, id: string): Promise<boolean> {
    const result = await this.deployments.delete({ apiId, id });
    return (result.affected ?? 0) > 0;
  }
}
