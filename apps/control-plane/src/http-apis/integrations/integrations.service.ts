import { Injectable } from '@nestjs/common';
import type { V2IntegrationDoc, V2IntegrationResponseDoc, V2RouteDoc } from '@app/contracts';
import { newResourceId } from '@app/contracts';
import { conflict } from '../../common/aws-error';
import { AutoDeployService } from '../common/auto-deploy.service';
import { Fields } from '../common/fields';
import { HttpApiLookup, type V2Api } from '../common/http-api.lookup';
import { paginate, type ListQuery, type Page } from '../common/pagination';
import { completeIntegration, readIntegrationPatch } from './dto/integration.dto';

@Injectable()
export class IntegrationsService {
  constructor(
    private readonly lookup: HttpApiLookup,
    private readonly autoDeploy: AutoDeployService,
  ) {}

  async create(apiId: string, raw: unknown): Promise<V2IntegrationDoc> {
    const api = await this.lookup.api(apiId);
    const patch = readIntegrationPatch(Fields.fromBody(raw), api.protocolType, true);
    const doc = { integrationId: newResourceId(7), ...patch } as V2IntegrationDoc;
    return this.save(api, doc);
  }

  async get(apiId: string, integrationId: string): Promise<V2IntegrationDoc> {
    return this.lookup.component<V2IntegrationDoc>(await this.lookup.api(apiId), 'integration', integrationId);
  }

  async list(apiId: string, query: ListQuery): Promise<Page<V2IntegrationDoc>> {
    const api = await this.lookup.api(apiId);
    return paginate(await this.lookup.store.components.list<V2IntegrationDoc>(api.id, 'integration'), query);
  }

  async update(apiId: string, integrationId: string, raw: unknown): Promise<V2IntegrationDoc> {
    const api = await this.lookup.api(apiId);
    const existing = await this.lookup.component<V2IntegrationDoc>(api, 'integration', integrationId);
    const patch = readIntegrationPatch(Fields.fromBody(raw), api.protocolType, false);
    const merged = { ...existing, ...patch };
    // A new type brings its own method/payload defaults rather than the old type's.
    if (patch.integrationType && patch.integrationType !== existing.integrationType) {
      if (patch.integrationMethod === undefined) delete merged.integrationMethod;
      if (patch.payloadFormatVersion === undefined) delete merged.payloadFormatVersion;
    }
    return this.save(api, merged);
  }

  async remove(apiId: string, integrationId: string): Promise<void> {
    const api = await this.lookup.api(apiId);
    await this.lookup.component<V2IntegrationDoc>(api, 'integration', integrationId);
    const c = this.lookup.store.components;
    const users = (await c.list<V2RouteDoc>(api.id, 'route')).filter((r) => r.target === `integrations/${integrationId}`);
    if (users.length) {
      throw conflict(`Unable to delete integration ${integrationId}: it is the target of route(s) ${users.map((r) => r.routeKey).join(', ')}`);
    }
    for (const response of await c.list<V2IntegrationResponseDoc>(api.id, 'integrationResponse', integrationId)) {
      await c.delete(api.id, 'integrationResponse', response.integrationResponseId);
    }
    await c.delete(api.id, 'integration', integrationId);
    await this.autoDeploy.afterChange(api);
  }

  private async save(api: V2Api, doc: V2IntegrationDoc): Promise<V2IntegrationDoc> {
    const complete = completeIntegration(doc, api.protocolType);
    await this.lookup.store.components.put(api.id, 'integration', complete.integrationId, complete);
    await this.autoDeploy.afterChange(api);
    return complete;
  }
}
