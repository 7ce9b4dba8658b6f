import { Inject, Injectable, Logger } from '@nestjs/common';
import type { DeploymentSnapshot, RestStageDoc, V2StageDoc } from '@app/contracts';
import { newResourceId } from '@app/contracts';
import type { ApiEntity } from '@app/store';
import { RUNTIME, type Runtime } from '@app/platform';
import { SnapshotBuilder } from './snapshot.builder';

/**
 * The one path by which definitions reach gateway nodes: freeze a deployment, point stages at it, tell every node.
 * Used by REST and HTTP/WebSocket management alike (CreateDeployment, UpdateStage, autoDeploy).
 */
@Injectable()
export class StageActivationService {
  private readonly logger = new Logger(StageActivationService.name);
  private readonly snapshots: SnapshotBuilder;

  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {
    this.snapshots = new SnapshotBuilder(runtime.store);
  }

  /** Freezes the API's current definition as a new deployment. */
  async createDeployment(api: ApiEntity, description?: string): Promise<DeploymentSnapshot> {
    const snapshot = await this.snapshots.build(api, newResourceId(6), new Date().toISOString(), description);
    await this.runtime.store.deployments.insert(snapshot);
    return snapshot;
  }

  /**
   * Saves a stage document (new deployment or changed settings) and tells every node to reload it. Publishing is
   * best effort: if the bus is down the change is saved and nodes pick it up when they reconcile.
   */
  async saveStage(apiId: string, doc: RestStageDoc | V2StageDoc): Promise<void> {
    const existing = await this.runtime.store.stages.get(apiId, doc.stageName);
    await this.runtime.store.stages.save(apiId, doc, existing?.revision ?? 0);
    if (doc.deploymentId) await this.announce('stage.activated', { v: 1, apiId, stageName: doc.stageName, deploymentId: doc.deploymentId });
  }

  async deleteStage(apiId: string, stageName: string): Promise<boolean> {
    const deleted = await this.runtime.store.stages.delete(apiId, stageName);
    if (deleted) await this.announce('stage.deleted', { v: 1, apiId, stageName });
    return deleted;
  }

  async deleteApi(apiId: string): Promise<void> {
    await this.runtime.store.apis.deleteWithChildren(apiId);
    await this.announce('api.deleted', { v: 1, apiId });
  }

  private async announce(...[type, payload]: Parameters<Runtime['bus']['publish']>): Promise<void> {
    try {
      await this.runtime.bus.publish(type, payload);
    } catch (error) {
      this.logger.warn(`could not publish ${type} (${(error as Error).message}); nodes will catch up by reconciliation`);
    }
  }
}
