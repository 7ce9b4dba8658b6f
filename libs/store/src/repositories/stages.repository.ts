import { DataSource, Repository } from 'typeorm';
import type { RestStageDoc, V2StageDoc } from '@app/contracts';
import { StageEntity } from '../entities';

export class StagesRepository {
  private readonly stages: Repository<StageEntity>;

  constructor(dataSource: DataSource) {
    this.stages = dataSource.getRepository(StageEntity);
  }

  get(apiId: string, stageName: string): Promise<StageEntity | null> {
    return this.stages.findOneBy({ apiId, stageName });
  }

  listForApi(apiId: string): Promise<StageEntity[]> {
    return this.stages.find({ where: { apiId }, order: { stageName: 'ASC' } });
  }

  /** Every stage that serves traffic (points at a deployment): what a gateway node loads at start. */
  async listDeployed(): Promise<StageEntity[]> {
    const all = await this.stages.find();
    return all.filter((stage) => stage.deploymentId !== null);
  }

  /** Saves the stage document and bumps its revision. */
  async save(apiId: string, doc: RestStageDoc | V2StageDoc, previousRevision = 0): Promise<StageEntity> {
    return this.stages.save({
      apiId,
      stageName: doc.stageName,
      deploymentId: doc.deploymentId ?? null,
      doc,
      revision: previousRevision + 1,
    });
  }

  async delete(apiId: string, stageName: string): Promise<boolean> {
    const result = await this.stages.delete({ apiId, stageName });
    return (result.affected ?? 0) > 0;
  }
}
