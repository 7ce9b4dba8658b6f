import { Injectable } from '@nestjs/common';
import type { V2RouteDoc, V2StageDoc } from '@app/contracts';
import { conflict, notFound } from '../../common/aws-error';
import { StageActivationService } from '../../deployments/stage-activation.service';
import { AutoDeployService } from '../common/auto-deploy.service';
import { Fields } from '../common/fields';
import { HttpApiLookup, type V2Api } from '../common/http-api.lookup';
import { paginate, type ListQuery, type Page } from '../common/pagination';
import { readStagePatch } from './dto/stage.dto';

@Injectable()
export class StagesService {
  constructor(
    private readonly lookup: HttpApiLookup,
    private readonly activation: StageActivationService,
    private readonly autoDeploy: AutoDeployService,
  ) {}

  async create(apiId: string, raw: unknown): Promise<V2StageDoc> {
    const api = await this.lookup.api(apiId);
    const patch = readStagePatch(Fields.fromBody(raw), api.protocolType, true);
    if (await this.lookup.store.stages.get(api.id, patch.stageName!)) throw conflict(`Stage ${patch.stageName} already exists`);
    const now = new Date().toISOString();
    const doc: V2StageDoc = {
      stageName: patch.stageName!,
      createdDate: now,
      lastUpdatedDate: now,
      defaultRouteSettings: { detailedMetricsEnabled: false },
      routeSettings: {},
      stageVariables: {},
      tags: {},
      ...patch,
    };
    doc.defaultRouteSettings = { detailedMetricsEnabled: false, ...patch.defaultRouteSettings };
    return this.save(api, doc, false);
  }

  async get(apiId: string, stageName: string): Promise<V2StageDoc> {
    return (await this.lookup.stage(await this.lookup.api(apiId), stageName)).doc;
  }

  async list(apiId: string, query: ListQuery): Promise<Page<V2StageDoc>> {
    const api = await this.lookup.api(apiId);
    return paginate((await this.lookup.store.stages.listForApi(api.id)).map((s) => s.doc as V2StageDoc), query);
  }

  async update(apiId: string, stageName: string, raw: unknown): Promise<V2StageDoc> {
    const api = await this.lookup.api(apiId);
    const existing = (await this.lookup.stage(api, stageName)).doc;
    const patch = readStagePatch(Fields.fromBody(raw), api.protocolType, false);
    const doc: V2StageDoc = {
      ...existing,
      ...patch,
      defaultRouteSettings: patch.defaultRouteSettings ? { ...existing.defaultRouteSettings, ...patch.defaultRouteSettings } : existing.defaultRouteSettings,
      routeSettings: patch.routeSettings ? { ...existing.routeSettings, ...patch.routeSettings } : existing.routeSettings,
      stageVariables: patch.stageVariables ? { ...existing.stageVariables, ...patch.stageVariables } : existing.stageVariables,
      lastUpdatedDate: new Date().toISOString(),
    };
    return this.save(api, doc, existing.autoDeploy === true);
  }

  async remove(apiId: string, stageName: string): Promise<void> {
    const api = await this.lookup.api(apiId);
    await this.lookup.stage(api, stageName);
    await this.activation.deleteStage(api.id, stageName);
  }

  async deleteRouteSettings(apiId: string, stageName: string, routeKey: string): Promise<void> {
    const api = await this.lookup.api(apiId);
    const stage = (await this.lookup.stage(api, stageName)).doc;
    if (!stage.routeSettings?.[routeKey]) throw notFound(`Unable to find route settings for route key ${routeKey} in stage ${stageName}`);
    const { [routeKey]: _removed, ...routeSettings } = stage.routeSettings;
    await this.activation.saveStage(api.id, { ...stage, routeSettings, lastUpdatedDate: new Date().toISOString() });
  }

  async deleteAccessLogSettings(apiId: string, stageName: string): Promise<void> {
    const api = await this.lookup.api(apiId);
    const { accessLogSettings: _removed, ...stage } = (await this.lookup.stage(api, stageName)).doc;
    await this.activation.saveStage(api.id, { ...stage, lastUpdatedDate: new Date().toISOString() });
  }

  /** Checks references, then saves; a stage switched to autoDeploy is deployed at once, as AWS does. */
  private async save(api: V2Api, doc: V2StageDoc, wasAutoDeploy: boolean): Promise<V2StageDoc> {
    if (doc.deploymentId && !(await this.lookup.store.deployments.get(api.id, doc.deploymentId))) throw this.lookup.invalid('Deployment', doc.deploymentId);
    const routeKeys = new Set((await this.lookup.store.components.list<V2RouteDoc>(api.id, 'route')).map((r) => r.routeKey));
    for (const key of Object.keys(doc.routeSettings ?? {})) {
      if (!routeKeys.has(key)) throw notFound(`Unable to find Route by key ${key} within the provided RouteSettings`);
    }
    if (doc.autoDeploy && !wasAutoDeploy) return this.autoDeploy.deployStage(api, doc);
    await this.activation.saveStage(api.id, doc);
    return doc;
  }
}
