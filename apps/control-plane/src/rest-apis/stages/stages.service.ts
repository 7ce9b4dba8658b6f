import { Injectable } from '@nestjs/common';
import type { RestStageDoc } from '@app/contracts';
import { conflict, notFound } from '../../common/aws-error';
import { applyPatchOperations } from '../../common/patch-operations';
import { StageActivationService } from '../../deployments/stage-activation.service';
import { compact, Input } from '../shared/input';
import { RestApiLookup } from '../shared/rest-api.lookup';
import { epochSeconds } from '../shared/validation';
import { STAGE_PATCH } from './stage.rules';
import { checkStage, checkStageName, checkVariables } from './stage.validator';
import { checkTags } from '../../common/tag-limits';

/** CreateStage, GetStage(s), UpdateStage, DeleteStage. Every saved change goes out through StageActivationService. */
@Injectable()
export class StagesService {
  constructor(
    private readonly lookup: RestApiLookup,
    private readonly activation: StageActivationService,
  ) {}

  async create(apiId: string, body: Record<string, unknown>): Promise<RestStageDoc> {
    await this.lookup.api(apiId);
    const input = new Input(body);
    const stageName = checkStageName(input.string('stageName', true));
    const deploymentId = input.string('deploymentId', true);
    const canary = input.object('canarySettings');
    const now = epochSeconds();
    const stage = compact<RestStageDoc>({
      stageName,
      deploymentId,
      description: input.string('description'),
      cacheClusterEnabled: input.boolean('cacheClusterEnabled') ?? false,
      cacheClusterSize: input.string('cacheClusterSize'),
      variables: checkVariables(input.stringMap('variables')),
      documentationVersion: input.string('documentationVersion'),
      canarySettings: canary
        ? compact({
            percentTraffic: canary.number('percentTraffic'),
            deploymentId: canary.string('deploymentId'),
            stageVariableOverrides: canary.stringMap('stageVariableOverrides'),
            useStageCache: canary.boolean('useStageCache'),
          })
        : undefined,
      tracingEnabled: input.boolean('tracingEnabled') ?? false,
      tags: checkTags(input.stringMap('tags')),
      methodSettings: {},
      createdDate: now,
      lastUpdatedDate: now,
    });
    await this.checkDeployments(apiId, stage);
    if (await this.lookup.store.stages.get(apiId, stageName)) throw conflict('Stage already exists');
    await this.activation.saveStage(apiId, checkStage(stage));
    return stage;
  }

  async get(apiId: string, stageName: string): Promise<RestStageDoc> {
    await this.lookup.api(apiId);
    const stage = await this.lookup.store.stages.get(apiId, stageName);
    if (!stage) throw notFound('Invalid Stage identifier specified');
    return stage.doc as RestStageDoc;
  }

  async list(apiId: string, deploymentId: string | undefined): Promise<{ item: RestStageDoc[] }> {
    await this.lookup.api(apiId);
    const stages = await this.lookup.store.stages.listForApi(apiId);
    return { item: stages.filter((s) => !deploymentId || s.deploymentId === deploymentId).map((s) => s.doc as RestStageDoc) };
  }

  async update(apiId: string, stageName: string, body: Record<string, unknown>): Promise<RestStageDoc> {
    const current = await this.get(apiId, stageName);
    const stage = checkStage(applyPatchOperations(current, body.patchOperations, STAGE_PATCH));
    await this.checkDeployments(apiId, stage);
    stage.lastUpdatedDate = epochSeconds();
    await this.activation.saveStage(apiId, stage);
    return stage;
  }

  /** Saves a stage whose tags changed (TagResource on a stage ARN). */
  async saveTags(apiId: string, stage: RestStageDoc): Promise<void> {
    await this.activation.saveStage(apiId, stage);
  }

  async delete(apiId: string, stageName: string): Promise<void> {
    await this.get(apiId, stageName);
    await this.activation.deleteStage(apiId, stageName);
  }

  private async checkDeployments(apiId: string, stage: RestStageDoc): Promise<void> {
    for (const id of [stage.deploymentId, stage.canarySettings?.deploymentId]) {
      if (id !== undefined && !(await this.lookup.store.deployments.get(apiId, id))) throw notFound('Invalid Deployment identifier specified');
    }
  }
}
