import { Injectable } from '@nestjs/common';
import { badRequest } from '../../common/aws-error';
import { StageActivationService } from '../../deployments/stage-activation.service';
import { Fields } from '../common/fields';
import { HttpApiLookup } from '../common/http-api.lookup';
import { paginate, type ListQuery, type Page } from '../common/pagination';
import { toDeploymentView, type DeploymentView } from './deployment.view';

@Injectable()
export class HttpDeploymentsService {
  constructor(
    private readonly lookup: HttpApiLookup,
    private readonly activation: StageActivationService,
  ) {}

  /** Freezes the API; with `stageName`, points that stage at the new deployment (and tells the nodes). */
  async create(apiId: string, raw: unknown): Promise<DeploymentView> {
    const api = await this.lookup.api(apiId);
    const body = Fields.fromBody(raw);
    const description = body.string('description', { max: 1024 });
    const stageName = body.string('stageName', { nonEmpty: true });
    const stage = stageName === undefined ? undefined : await this.lookup.stage(api, stageName);
    if (stage?.doc.autoDeploy) throw badRequest(`Stage ${stageName} has autoDeploy enabled; its deployments are made automatically`);
    const snapshot = await this.activation.createDeployment(api, description);
    if (stage) {
      await this.activation.saveStage(api.id, { ...stage.doc, deploymentId: snapshot.deploymentId, lastUpdatedDate: snapshot.createdDate });
    }
    return toDeploymentView((await this.lookup.store.deployments.get(api.id, snapshot.deploymentId))!);
  }

  async get(apiId: string, deploymentId: string): Promise<DeploymentView> {
    const api = await this.lookup.api(apiId);
    const entity = await this.lookup.store.deployments.get(api.id, deploymentId);
    if (!entity) throw this.lookup.invalid('Deployment', deploymentId);
    return toDeploymentView(entity);
  }

  async list(apiId: string, query: ListQuery): Promise<Page<DeploymentView>> {
    const api = await this.lookup.api(apiId);
    return paginate((await this.lookup.store.deployments.listForApi(api.id)).map(toDeploymentView), query);
  }

  async remove(apiId: string, deploymentId: string): Promise<void> {
    const api = await this.lookup.api(apiId);
    await this.get(apiId, deploymentId);
    const users = (await this.lookup.store.stages.listForApi(api.id)).filter((s) => s.deploymentId === deploymentId);
    if (users.length) {
      throw badRequest(`Active stages pointing to this deployment must be moved or deleted: ${users.map((s) => s.stageName).join(', ')}`);
    }
    await this.lookup.store.deployments.delete(api.id, deploymentId);
  }
}
