import { DataSource, In, Repository } from 'typeorm';
import { ApiComponentEntity, ApiEntity, DeploymentEntity, StageEntity } from '../entities';

export type ApiFamily = 'REST' | 'V2';

export class ApisRepository {
  private readonly apis: Repository<ApiEntity>;

  constructor(private readonly dataSource: DataSource) {
    this.apis = dataSource.getRepository(ApiEntity);
  }

  getById(id: string): Promise<ApiEntity | null> {
    return this.apis.findOneBy({ id });
  }

  /** REST APIs (v1) and HTTP/WebSocket APIs (v2) are listed by separate management APIs, oldest first like AWS. */
  listByFamily(family: ApiFamily): Promise<ApiEntity[]> {
    const types = family === 'REST' ? ['REST'] : ['HTTP', 'WEBSOCKET'];
    return this.apis.find({ where: { protocolType: In(types) }, order: { id: 'ASC' } });
  }

  listAll(): Promise<ApiEntity[]> {
    return this.apis.find();
  }

  async save(api: ApiEntity): Promise<ApiEntity> {
    return this.apis.save(api);
  }

  /** Removes the API and everything under it in one transaction, so a failed delete leaves nothing half-gone. */
  async deleteWithChildren(id: string): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      await tx.delete(ApiComponentEntity, { apiId: id });
      await tx.delete(StageEntity, { apiId: id });
      await tx.delete(DeploymentEntity, { apiId: id });
      await tx.delete(ApiEntity, { id });
    });
  }
}
