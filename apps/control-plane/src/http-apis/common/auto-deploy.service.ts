import { Injectable } from '@nestjs/common';
import type { DeploymentSnapshot, V2StageDoc } from '@app/contracts';
import { StageActivationService } from '../../deployments/stage-activation.service';
import { HttpApiLookup, type V2Api } from './http-api.lookup';

/**
 * AWS's description of a deployment that autoDeploy made. GetDeployment reports `autoDeployed` by it, since a
 * snapshot records nothing else about how it was made.
 */
export const AUTO_DEPLOY_DESCRIPTION = 'Automatic deployment triggered by changes to the Api configuration';

/**
 * Keeps autoDeploy stages current: after any change to an API's definition, freeze a deployment and point every
 * autoDeploy stage at it through StageActivationService, so gateway nodes reload at once.
 */
@Injectable()
export class AutoDeployService {
  constructor(
    private readonly lookup: HttpApiLookup,
    private readonly activation: StageActivationService,
  ) {}

  async afterChange(api: V2Api): Promise<void> {
    const stages = (await this.lookup.store.stages.listForApi(api.id))
      .map((stage) => stage.doc as V2StageDoc)
      .filter((doc) => doc.autoDeploy);
    if (stages.length === 0) return;
    const snapshot = await this.activation.createDeployment(api, AUTO_DEPLOY_DESCRIPTION);
    for (const stage of stages) await this.activate(api, stage, snapshot);
  }

  /** Deploys the API's current definition to one stage (a stage created or switched to autoDeploy). */
  async deployStage(api: V2Api, stage: V2StageDoc): Promise<V2StageDoc> {
    const snapshot = await this.activation.createDeployment(api, AUTO_DEPLOY_DESCRIPTION);
    return this.activate(api, stage, snapshot);
  }

  private async activate(api: V2Api, stage: V2StageDoc, snapshot: DeploymentSnapshot): Promise<V2StageDoc> {
    const doc: V2StageDoc = {
      ...stage,
      deploymentId: snapshot.deploymentId,
      lastUpdatedDate: snapshot.createdDate,
      lastDeploymentStatusMessage: `Successfully deployed stage with deployment ID '${snapshot.deploymentId}'`,
    };
    await this.activation.saveStage(api.id, doc);
    return doc;
  }
}
