import { Injectable } from '@nestjs/common';
import type { V2AuthorizerDoc, V2RouteDoc, V2RouteResponseDoc } from '@app/contracts';
import { newResourceId } from '@app/contracts';
import { badRequest, conflict } from '../../common/aws-error';
import { AutoDeployService } from '../common/auto-deploy.service';
import { Fields } from '../common/fields';
import { HttpApiLookup, type V2Api } from '../common/http-api.lookup';
import { paginate, type ListQuery, type Page } from '../common/pagination';
import { readRoutePatch } from './dto/route.dto';

@Injectable()
export class RoutesService {
  constructor(
    private readonly lookup: HttpApiLookup,
    private readonly autoDeploy: AutoDeployService,
  ) {}

  async create(apiId: string, raw: unknown): Promise<V2RouteDoc> {
    const api = await this.lookup.api(apiId);
    const patch = readRoutePatch(Fields.fromBody(raw), api.protocolType, true);
    const doc: V2RouteDoc = { routeId: newResourceId(7), routeKey: patch.routeKey!, authorizationType: 'NONE', apiKeyRequired: false, ...patch };
    return this.save(api, doc);
  }

  async get(apiId: string, routeId: string): Promise<V2RouteDoc> {
    return this.lookup.component<V2RouteDoc>(await this.lookup.api(apiId), 'route', routeId);
  }

  async list(apiId: string, query: ListQuery): Promise<Page<V2RouteDoc>> {
    const api = await this.lookup.api(apiId);
    return paginate(await this.lookup.store.components.list<V2RouteDoc>(api.id, 'route'), query);
  }

  async update(apiId: string, routeId: string, raw: unknown): Promise<V2RouteDoc> {
    const api = await this.lookup.api(apiId);
    const existing = await this.lookup.component<V2RouteDoc>(api, 'route', routeId);
    const patch = readRoutePatch(Fields.fromBody(raw), api.protocolType, false);
    const doc: V2RouteDoc = { ...existing, ...patch };
    // Switching away from an authorizer drops what only made sense with it, as AWS does.
    if (patch.authorizationType && patch.authorizationType !== 'JWT' && patch.authorizationScopes === undefined) delete doc.authorizationScopes;
    if ((patch.authorizationType === 'NONE' || patch.authorizationType === 'AWS_IAM') && patch.authorizerId === undefined) delete doc.authorizerId;
    return this.save(api, doc);
  }

  async remove(apiId: string, routeId: string): Promise<void> {
    const api = await this.lookup.api(apiId);
    await this.lookup.component<V2RouteDoc>(api, 'route', routeId);
    const c = this.lookup.store.components;
    for (const response of await c.list<V2RouteResponseDoc>(api.id, 'routeResponse', routeId)) {
      await c.delete(api.id, 'routeResponse', response.routeResponseId);
    }
    await c.delete(api.id, 'route', routeId);
    await this.autoDeploy.afterChange(api);
  }

  async deleteRequestParameter(apiId: string, routeId: string, key: string): Promise<void> {
    const api = await this.lookup.api(apiId);
    const route = await this.lookup.component<V2RouteDoc>(api, 'route', routeId);
    if (!route.requestParameters?.[key]) throw this.lookup.invalid('RequestParameter', key);
    const { [key]: _removed, ...rest } = route.requestParameters;
    await this.save(api, { ...route, requestParameters: rest });
  }

  private async save(api: V2Api, doc: V2RouteDoc): Promise<V2RouteDoc> {
    await this.check(api, doc);
    await this.lookup.store.components.put(api.id, 'route', doc.routeId, doc);
    await this.autoDeploy.afterChange(api);
    return doc;
  }

  /** The references and combinations AWS refuses: duplicate keys, dangling targets, mismatched authorizers. */
  private async check(api: V2Api, doc: V2RouteDoc): Promise<void> {
    const c = this.lookup.store.components;
    const routes = await c.list<V2RouteDoc>(api.id, 'route');
    if (routes.some((r) => r.routeKey === doc.routeKey && r.routeId !== doc.routeId)) {
      throw conflict(`Unable to create route ${doc.routeKey}: a route with this key already exists in API ${api.id}`);
    }
    if (doc.target !== undefined) {
      const match = /^integrations\/([A-Za-z0-9]+)$/.exec(doc.target);
      if (!match) throw badRequest(`Invalid value for 'target': ${doc.target} must be integrations/{integrationId}`);
      if (!(await c.get(api.id, 'integration', match[1]))) {
        throw badRequest(`Invalid value for 'target': integration ${match[1]} does not exist in API ${api.id}`);
      }
    }
    const type = doc.authorizationType ?? 'NONE';
    if (type === 'JWT' && api.protocolType === 'WEBSOCKET') throw badRequest('authorizationType JWT is supported only for HTTP APIs');
    if (type === 'NONE' || type === 'AWS_IAM') {
      if (doc.authorizerId) throw badRequest(`'authorizerId' cannot be set when authorizationType is ${type}`);
    } else {
      if (!doc.authorizerId) throw badRequest(`Missing required member 'authorizerId' for authorizationType ${type}`);
      const authorizer = await c.get<V2AuthorizerDoc>(api.id, 'authorizer', doc.authorizerId);
      if (!authorizer) throw badRequest(`Invalid value for 'authorizerId': authorizer ${doc.authorizerId} does not exist in API ${api.id}`);
      const expected = type === 'JWT' ? 'JWT' : 'REQUEST';
      if (authorizer.authorizerType !== expected) {
        throw badRequest(`authorizationType ${type} needs a ${expected} authorizer; ${doc.authorizerId} is ${authorizer.authorizerType}`);
      }
    }
    if (doc.authorizationScopes?.length && type !== 'JWT') {
      throw badRequest("'authorizationScopes' can be set only when authorizationType is JWT");
    }
  }
}
