import { Injectable } from '@nestjs/common';
import type { V2AuthorizerDoc, V2RouteDoc } from '@app/contracts';
import { newResourceId } from '@app/contracts';
import { conflict } from '../../common/aws-error';
import { AutoDeployService } from '../common/auto-deploy.service';
import { Fields } from '../common/fields';
import { HttpApiLookup, type V2Api } from '../common/http-api.lookup';
import { paginate, type ListQuery, type Page } from '../common/pagination';
import { completeAuthorizer, readAuthorizerPatch } from './dto/authorizer.dto';

@Injectable()
export class AuthorizersService {
  constructor(
    private readonly lookup: HttpApiLookup,
    private readonly autoDeploy: AutoDeployService,
  ) {}

  async create(apiId: string, raw: unknown): Promise<V2AuthorizerDoc> {
    const api = await this.lookup.api(apiId);
    const patch = readAuthorizerPatch(Fields.fromBody(raw), true);
    return this.save(api, { authorizerId: newResourceId(6), ...patch } as V2AuthorizerDoc);
  }

  async get(apiId: string, authorizerId: string): Promise<V2AuthorizerDoc> {
    return this.lookup.component<V2AuthorizerDoc>(await this.lookup.api(apiId), 'authorizer', authorizerId);
  }

  async list(apiId: string, query: ListQuery): Promise<Page<V2AuthorizerDoc>> {
    const api = await this.lookup.api(apiId);
    return paginate(await this.lookup.store.components.list<V2AuthorizerDoc>(api.id, 'authorizer'), query);
  }

  async update(apiId: string, authorizerId: string, raw: unknown): Promise<V2AuthorizerDoc> {
    const api = await this.lookup.api(apiId);
    const existing = await this.lookup.component<V2AuthorizerDoc>(api, 'authorizer', authorizerId);
    const patch = readAuthorizerPatch(Fields.fromBody(raw), false);
    const jwtConfiguration = patch.jwtConfiguration ? { ...existing.jwtConfiguration, ...patch.jwtConfiguration } : existing.jwtConfiguration;
    const doc = { ...existing, ...patch, ...(jwtConfiguration ? { jwtConfiguration } : {}) };
    if (patch.authorizerType && patch.authorizerType !== existing.authorizerType) {
      const routes = await this.routesUsing(api, authorizerId);
      if (routes.length) throw conflict(`Unable to change the type of authorizer ${authorizerId}: routes ${routes.join(', ')} use it`);
    }
    return this.save(api, doc);
  }

  async remove(apiId: string, authorizerId: string): Promise<void> {
    const api = await this.lookup.api(apiId);
    await this.lookup.component<V2AuthorizerDoc>(api, 'authorizer', authorizerId);
    const routes = await this.routesUsing(api, authorizerId);
    if (routes.length) throw conflict(`Unable to delete authorizer ${authorizerId}: it is attached to route(s) ${routes.join(', ')}`);
    await this.lookup.store.components.delete(api.id, 'authorizer', authorizerId);
    await this.autoDeploy.afterChange(api);
  }

  private async routesUsing(api: V2Api, authorizerId: string): Promise<string[]> {
    const routes = await this.lookup.store.components.list<V2RouteDoc>(api.id, 'route');
    return routes.filter((r) => r.authorizerId === authorizerId).map((r) => r.routeKey);
  }

  private async save(api: V2Api, doc: V2AuthorizerDoc): Promise<V2AuthorizerDoc> {
    const complete = completeAuthorizer(doc, api.protocolType);
    await this.lookup.store.components.put(api.id, 'authorizer', complete.authorizerId, complete);
    await this.autoDeploy.afterChange(api);
    return complete;
  }
}
