import { Injectable } from '@nestjs/common';
import type { RestDefinition, RestResourceDoc, RestStageDoc } from '@app/contracts';
import type { DeploymentEntity } from '@app/store';
import { badRequest, notFound } from '../../common/aws-error';
import { StageActivationService } from '../../deployments/stage-activation.service';
import { Input } from '../shared/input';
import { paginate, type Page } from '../shared/pagination';
import { RestApiLookup } from '../shared/rest-api.lookup';
import { epochSeconds } from '../shared/validation';
import { checkStageName, checkVariables } from '../stages/stage.validator';

export interface DeploymentView {
  id: string;
  description?: string;
  createdDate: number;
  apiSummary?: Record<string, Record<string, { authorizationType: string; apiKeyRequired: boolean }>>;
}

/** CreateDeployment (optionally activating a stage), GetDeployment(s), DeleteDeployment. */
@Injectable()
export class DeploymentsService {
  constructor(
    private readonly lookup: RestApiLookup,
    private readonly activation: StageActivationService,
  ) {}

  async create(apiId: string, body: Record<string, unknown>): Promise<DeploymentView> {
    const api = await this.lookup.api(apiId);
    const input = new Input(body);
    const stageName = input.string('stageName');
    if (stageName !== undefined) checkStageName(stageName);
    const variables = checkVariables(input.stringMap('variables'));
    const stageDescription = input.string('stageDescription');
    const description = input.string('description');
    const tracingEnabled = input.boolean('tracingEnabled');
    if (input.has('canarySettings')) throw badRequest('Canary deployments are not supported by this gateway');
    checkDeployable(await this.lookup.resources(apiId));

    const snapshot = await this.activation.createDeployment(api, description);
    if (stageName) {
      const now = epochSeconds();
      const existing = (await this.lookup.store.stages.get(apiId, stageName))?.doc as RestStageDoc | undefined;
      const stage: RestStageDoc = existing
        ? { ...existing, deploymentId: snapshot.deploymentId, lastUpdatedDate: now }
        : { stageName, deploymentId: snapshot.deploymentId, methodSettings: {}, tracingEnabled: false, createdDate: now, lastUpdatedDate: now };
      if (!existing && stageDescription !== undefined) stage.description = stageDescription;
      if (variables) stage.variables = { ...stage.variables, ...variables };
      if (tracingEnabled !== undefined) stage.tracingEnabled = tracingEnabled;
      await this.activation.saveStage(apiId, stage);
    }
    return { id: snapshot.deploymentId, ...(description !== undefined ? { description } : {}), createdDate: epochSeconds(snapshot.createdDate) };
  }

  async get(apiId: string, deploymentId: string, embed: unknown): Promise<DeploymentView> {
    await this.lookup.api(apiId);
    const deployment = await this.lookup.store.deployments.get(apiId, deploymentId);
    if (!deployment) throw notFound('Invalid Deployment identifier specified');
    const summary = (Array.isArray(embed) ? embed : String(embed ?? '').split(',')).includes('apisummary');
    return view(deployment, summary);
  }

  async list(apiId: string, query: { position?: string; limit?: string }): Promise<Page<DeploymentView>> {
    await this.lookup.api(apiId);
    const deployments = await this.lookup.store.deployments.listForApi(apiId);
    return paginate(
      deployments.map((d) => view(d, false)),
      query,
    );
  }

  async delete(apiId: string, deploymentId: string): Promise<void> {
    await this.get(apiId, deploymentId, undefined);
    const stages = await this.lookup.store.stages.listForApi(apiId);
    const inUse = stages.some((s) => s.deploymentId === deploymentId || (s.doc as RestStageDoc).canarySettings?.deploymentId === deploymentId);
    if (inUse) throw badRequest('Active stages pointing to this deployment must be moved or deleted');
    await this.lookup.store.deployments.delete(apiId, deploymentId);
  }
}

/** AWS refuses to deploy an API without methods, or with a method that has no integration. */
function checkDeployable(resources: RestResourceDoc[]): void {
  const methods = resources.flatMap((r) => Object.values(r.resourceMethods ?? {}));
  if (!methods.length) throw badRequest("The REST API doesn't contain any methods");
  if (methods.some((m) => !m.methodIntegration)) throw badRequest('No integration defined for method');
}

function view(deployment: DeploymentEntity, withSummary: boolean): DeploymentView {
  const result: DeploymentView = { id: deployment.id, createdDate: epochSeconds(deployment.createdAt) };
  if (deployment.description !== null) result.description = deployment.description;
  if (withSummary) {
    const definition = deployment.snapshot.definition as RestDefinition;
    result.apiSummary = Object.fromEntries(
      definition.resources
        .filter((r) => r.resourceMethods && Object.keys(r.resourceMethods).length)
        .map((r) => [
          r.path,
          Object.fromEntries(
            Object.values(r.resourceMethods!).map((m) => [m.httpMethod, { authorizationType: m.authorizationType, apiKeyRequired: m.apiKeyRequired ?? false }]),
          ),
        ]),
    );
  }
  return result;
}
