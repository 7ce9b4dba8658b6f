import { Injectable } from '@nestjs/common';
import type { V2RouteDoc, V2RouteResponseDoc } from '@app/contracts';
import { newResourceId } from '@app/contracts';
import { badRequest, conflict } from '../../common/aws-error';
import { AutoDeployService } from '../common/auto-deploy.service';
import { Fields } from '../common/fields';
import { HttpApiLookup, type V2Api } from '../common/http-api.lookup';
import { paginate, type ListQuery, type Page } from '../common/pagination';
import { readRouteResponsePatch } from './dto/route-response.dto';

/** Route responses (two-way WebSocket routes); AWS supports them only for WebSocket APIs. */
@Injectable()
export class RouteResponsesService {
  constructor(
    private readonly lookup: HttpApiLookup,
    private readonly autoDeploy: AutoDeployService,
  ) {}

  async create(apiId: string, routeId: string, raw: unknown): Promise<V2RouteResponseDoc> {
    const { api } = await this.parent(apiId, routeId);
    const patch = readRouteResponsePatch(Fields.fromBody(raw), true);
    return this.save(api, routeId, { routeResponseId: newResourceId(6), ...patch } as V2RouteResponseDoc);
  }

  async get(apiId: string, routeId: string, id: string): Promise<V2RouteResponseDoc> {
    const { api } = await this.parent(apiId, routeId);
    return this.child(api, routeId, id);
  }

  async list(apiId: string, routeId: string, query: ListQuery): Promise<Page<V2RouteResponseDoc>> {
    const { api } = await this.parent(apiId, routeId);
    return paginate(await this.lookup.store.components.list<V2RouteResponseDoc>(api.id, 'routeResponse', routeId), query);
  }

  async update(apiId: string, routeId: string, id: string, raw: unknown): Promise<V2RouteResponseDoc> {
    const { api } = await this.parent(apiId, routeId);
    const existing = await this.child(api, routeId, id);
    return this.save(api, routeId, { ...existing, ...readRouteResponsePatch(Fields.fromBody(raw), false) });
  }

  async remove(apiId: string, routeId: string, id: string): Promise<void> {
    const { api } = await this.parent(apiId, routeId);
    await this.child(api, routeId, id);
    await this.lookup.store.components.delete(api.id, 'routeResponse', id);
    await this.autoDeploy.afterChange(api);
  }

  private async parent(apiId: string, routeId: string): Promise<{ api: V2Api; route: V2RouteDoc }> {
    const api = await this.lookup.api(apiId);
    const route = await this.lookup.component<V2RouteDoc>(api, 'route', routeId);
    if (api.protocolType !== 'WEBSOCKET') throw badRequest('Route responses are supported only for WebSocket APIs');
    return { api, route };
  }

  /** A response is found only under its own parent, as AWS's paths imply. */
  private async child(api: V2Api, routeId: string, id: string): Promise<V2RouteResponseDoc> {
    const found = (await this.lookup.store.components.list<V2RouteResponseDoc>(api.id, 'routeResponse', routeId)).find((r) => r.routeResponseId === id);
    if (!found) throw this.lookup.invalid('RouteResponse', id);
    return found;
  }

  private async save(api: V2Api, routeId: string, doc: V2RouteResponseDoc): Promise<V2RouteResponseDoc> {
    const siblings = await this.lookup.store.components.list<V2RouteResponseDoc>(api.id, 'routeResponse', routeId);
    if (siblings.some((r) => r.routeResponseKey === doc.routeResponseKey && r.routeResponseId !== doc.routeResponseId)) {
      throw conflict(`Route response key ${doc.routeResponseKey} already exists for route ${routeId}`);
    }
    await this.lookup.store.components.put(api.id, 'routeResponse', doc.routeResponseId, doc, routeId);
    await this.autoDeploy.afterChange(api);
    return doc;
  }
}
