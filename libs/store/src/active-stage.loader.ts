import type { ActiveStage, RestStageDoc, V2StageDoc } from '@app/contracts';
import { SNAPSHOT_FORMAT_VERSION } from '@app/contracts';
import { StageEntity } from './entities';
import { DeploymentsRepository } from './repositories/deployments.repository';
import { StagesRepository } from './repositories/stages.repository';

/** A stage as a gateway node serves it, plus the revision it was read at (for reconciliation). */
export interface LoadedStage {
  active: ActiveStage;
  revision: number;
}

/**
 * Reads what a gateway node serves: a stage with the deployment snapshot it points at. Used when a node starts,
 * on `stage.activated`, and by periodic reconciliation — never per request.
 */
export class ActiveStageLoader {
  constructor(
    private readonly stages: StagesRepository,
    private readonly deployments: DeploymentsRepository,
  ) {}

  async load(apiId: string, stageName: string): Promise<LoadedStage | undefined> {
    const stage = await this.stages.get(apiId, stageName);
    return stage ? this.withSnapshot(stage) : undefined;
  }

  async loadAll(): Promise<LoadedStage[]> {
    const stages = await this.stages.listDeployed();
    const loaded = await Promise.all(stages.map((stage) => this.withSnapshot(stage)));
    return loaded.filter((s): s is LoadedStage => s !== undefined);
  }

  /** Stage revisions only, cheap enough to poll: `apiId/stageName` → revision. */
  async revisions(): Promise<Map<string, number>> {
    const stages = await this.stages.listDeployed();
    return new Map(stages.map((s) => [`${s.apiId}/${s.stageName}`, s.revision]));
  }

  private async withSnapshot(stage: StageEntity): Promise<LoadedStage | undefined> {
    if (!stage.deploymentId) return undefined;
    const deployment = await this.deployments.get(stage.apiId, stage.deploymentId);
    if (!deployment) return undefined;
    const snapshot = deployment.snapshot;
    if (snapshot.formatVersion !== SNAPSHOT_FORMAT_VERSION) {
      throw new Error(
        `Deployment ${stage.apiId}/${stage.deploymentId} has snapshot format ${snapshot.formatVersion}; this node reads ${SNAPSHOT_FORMAT_VERSION}`,
      );
    }
    const active =
      snapshot.definition.protocolType === 'REST'
        ? ({ apiId: stage.apiId, protocolType: 'REST', stage: stage.doc as RestStageDoc, snapshot } as ActiveStage)
        : ({ apiId: stage.apiId, protocolType: snapshot.definition.protocolType, stage: stage.doc as V2StageDoc, snapshot } as ActiveStage);
    return { active, revision: stage.revision };
  }
}
