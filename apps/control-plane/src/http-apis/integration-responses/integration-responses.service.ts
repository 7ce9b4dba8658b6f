import { Injectable } from '@nestjs/common';
import type { V2IntegrationDoc, V2IntegrationResponseDoc } from '@app/contracts';
import { newResourceId } from '@app/contracts';
import { badRequest, conflict } from '../../common/aws-error';
import { AutoDeployService } from '../common/auto-deploy.service';
import { Fields } from '../common/fields';
import { HttpApiLookup, type V2Api } from '../common/http-api.lookup';
import { paginate, type ListQuery, type Page } from '../common/pagination';
import { readIntegrationResponsePatch } from './dto/integration-response.dto';

/** Integration responses (WebSocket integrations); AWS supports them only for WebSocket APIs. */
@Injectable()
export class IntegrationResponsesService {
  constructor(
    private readonly lookup: HttpApiLookup,
    private readonly autoDeploy: AutoDeployService,
  ) {}

  async create(apiId: string, integrationId: string, raw: unknown): Promise<V2IntegrationResponseDoc> {
    const { api } = await this.parent(apiId, integrationId);
    const patch = readIntegrationResponsePatch(Fields.fromBody(raw), true);
    return this.save(api, integrationId, { integrationResponseId: newResourceId(6), ...patch } as V2IntegrationResponseDoc);
  }

  async get(apiId: string, integrationId: string, id: string): Promise<V2IntegrationResponseDoc> {
    const { api } = await this.parent(apiId, integrationId);
    return this.child(api, integrationId, id);
  }

  async list(apiId: string, integrationId: string, query: ListQuery): Promise<Page<V2IntegrationResponseDoc>> {
    const { api } = await this.parent(apiId, integrationId);
    return paginate(await this.lookup.store.components.list<V2IntegrationResponseDoc>(api.id, 'integrationResponse', integrationId), query);
  }

  async update(apiId: string, integrationId: string, id: string, raw: unknown): Promise<V2IntegrationResponseDoc> {
    const { api } = await this.parent(apiId, integrationId);
    const existing = await this.child(api, integrationId, id);
    return this.save(api, integrationId, { ...existing, ...readIntegrationResponsePatch(Fields.fromBody(raw), false) });
  }

  async remove(apiId: string, integrationId: string, id: string): Promise<void> {
    const { api } = await this.parent(apiId, integrationId);
    await this.child(api, integrationId, id);
    await this.lookup.store.components.delete(api.id, 'integrationResponse', id);
    await this.autoDeploy.afterChange(api);
  }

  private async parent(apiId: string, integrationId: string): Promise<{ api: V2Api; integration: V2IntegrationDoc }> {
    const api = await this.lookup.api(apiId);
    const integration = await this.lookup.component<V2IntegrationDoc>(api, 'integration', integrationId);
    if (api.protocolType !== 'WEBSOCKET') throw badRequest('Integration responses are supported only for WebSocket APIs');
    return { api, integration };
  }

  /** A response is found only under its own parent, as AWS's paths imply. */
  private async child(api: V2Api, integrationId: string, id: string): Promise<V2IntegrationResponseDoc> {
    const found = (await this.lookup.store.components.list<V2IntegrationResponseDoc>(api.id, 'integrationResponse', integrationId)).find((r) => r.integrationResponseId === id);
    if (!found) throw this.lookup.invalid('IntegrationResponse', id);
    return found;
  }

  private async save(api: V2Api, integrationId: string, doc: V2IntegrationResponseDoc): Promise<V2IntegrationResponseDoc> {
    const siblings = await this.lookup.store.components.list<V2IntegrationResponseDoc>(api.id, 'integrationResponse', integrationId);
    if (siblings.some((r) => r.integrationResponseKey === doc.integrationResponseKey && r.integrationResponseId !== doc.integrationResponseId)) {
      throw conflict(`Integration response key ${doc.integrationResponseKey} already exists for integration ${integrationId}`);
    }
    await this.lookup.store.components.put(api.id, 'integrationResponse', doc.integrationResponseId, doc, integrationId);
    await this.autoDeploy.afterChange(api);
    return doc;
  }
}
