import { Injectable } from '@nestjs/common';
import type { V2ApiDoc, V2IntegrationDoc, V2RouteDoc } from '@app/contracts';
import { newResourceId } from '@app/contracts';
import { ApiEntity } from '@app/store';
import { badRequest } from '../../common/aws-error';
import { StageActivationService } from '../../deployments/stage-activation.service';
import { AutoDeployService } from '../common/auto-deploy.service';
import { Fields } from '../common/fields';
import { HttpApiLookup, type V2Api } from '../common/http-api.lookup';
import { paginate, type ListQuery, type Page } from '../common/pagination';
import { DEFAULT_API_KEY_SELECTION_EXPRESSION, HTTP_ROUTE_SELECTION_EXPRESSION, readApiPatch, readCreateApi, readQuickCreate } from './dto/api.dto';
import { toApiView } from './api.view';
import { quickCreation, quickIntegration } from './quick-create';

@Injectable()
export class ApisService {
  constructor(
    private readonly lookup: HttpApiLookup,
    private readonly autoDeploy: AutoDeployService,
    private readonly activation: StageActivationService,
  ) {}

  async create(raw: unknown): Promise<V2ApiDoc> {
    const { protocolType, patch, quick, tags } = readCreateApi(Fields.fromBody(raw));
    if (protocolType === 'WEBSOCKET' && !patch.routeSelectionExpression) {
      throw badRequest("Missing required member 'routeSelectionExpression': WebSocket APIs need one, e.g. $request.body.action");
    }
    const now = new Date().toISOString();
    const quickParts = quickCreation(quick, now);
    const doc: V2ApiDoc = {
      apiId: newResourceId(),
      name: patch.name!,
      protocolType,
      routeSelectionExpression: HTTP_ROUTE_SELECTION_EXPRESSION,
      apiKeySelectionExpression: DEFAULT_API_KEY_SELECTION_EXPRESSION,
      disableExecuteApiEndpoint: false,
      createdDate: now,
      ...patch,
      tags: tags ?? {},
    };
    const api = (await this.lookup.store.apis.save(
      Object.assign(new ApiEntity(), { id: doc.apiId, protocolType, name: doc.name, doc, updatedAt: now }),
    )) as V2Api;
    if (quickParts) {
      const { integration, route, stage } = quickParts;
      await this.lookup.store.components.put(api.id, 'integration', integration.integrationId, integration);
      await this.lookup.store.components.put(api.id, 'route', route.routeId, route);
      await this.autoDeploy.deployStage(api, stage);
    }
    return this.view(doc);
  }

  async get(apiId: string): Promise<V2ApiDoc> {
    return this.view((await this.lookup.api(apiId)).doc);
  }

  async list(query: ListQuery): Promise<Page<V2ApiDoc>> {
    const apis = await this.lookup.store.apis.listByFamily('V2');
    const page = paginate(apis, query);
    return { ...page, items: page.items.map((api) => this.view(api.doc as V2ApiDoc)) };
  }

  async update(apiId: string, raw: unknown): Promise<V2ApiDoc> {
    const api = await this.lookup.api(apiId);
    const body = Fields.fromBody(raw);
    const patch = readApiPatch(body, api.protocolType);
    const quick = readQuickCreate(body, api.protocolType);
    if (quick.target || quick.routeKey || quick.credentialsArn) await this.updateQuickCreated(api, quick);
    const saved = await this.lookup.saveApi(api, { ...api.doc, ...patch });
    await this.autoDeploy.afterChange(saved);
    return this.view(saved.doc);
  }

  async deleteCors(apiId: string): Promise<void> {
    const api = await this.lookup.api(apiId);
    const { corsConfiguration: _removed, ...doc } = api.doc;
    await this.autoDeploy.afterChange(await this.lookup.saveApi(api, doc));
  }

  async remove(apiId: string): Promise<void> {
    await this.lookup.api(apiId);
    await this.activation.deleteApi(apiId);
  }

  /** AWS lets UpdateApi change a quick-created target or route key, never add one to an API made without. */
  private async updateQuickCreated(api: V2Api, quick: { target?: string; routeKey?: string; credentialsArn?: string }): Promise<void> {
    const c = this.lookup.store.components;
    const route = (await c.list<V2RouteDoc>(api.id, 'route')).find((r) => r.apiGatewayManaged);
    const integration = (await c.list<V2IntegrationDoc>(api.id, 'integration')).find((i) => i.apiGatewayManaged);
    if (!route || !integration) throw badRequest('This API was not made with quick create: target, routeKey and credentialsArn cannot be updated');
    const parts = quickCreation({ target: quick.target ?? integration.integrationUri, routeKey: quick.routeKey ?? route.routeKey, credentialsArn: quick.credentialsArn }, '');
    const next = quickIntegration(parts!.integration.integrationUri!, quick.credentialsArn ?? integration.credentialsArn, integration.integrationId);
    await c.put(api.id, 'integration', integration.integrationId, { ...integration, ...next });
    await c.put(api.id, 'route', route.routeId, { ...route, routeKey: parts!.route.routeKey });
  }

  private view(doc: V2ApiDoc): V2ApiDoc {
    return toApiView(this.lookup.runtime.config, doc);
  }
}
