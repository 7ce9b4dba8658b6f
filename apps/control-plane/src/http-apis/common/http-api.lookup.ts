import { Inject, Injectable } from '@nestjs/common';
import type { V2ApiDoc, V2StageDoc } from '@app/contracts';
import { RUNTIME, type Runtime } from '@app/platform';
import { ApiEntity, type ApiComponentKind, type StageEntity } from '@app/store';
import { notFound } from '../../common/aws-error';

/** An HTTP or WebSocket API as stored. */
export type V2Api = ApiEntity & { doc: V2ApiDoc; protocolType: 'HTTP' | 'WEBSOCKET' };

/** How AWS names each component kind in its "Invalid ... identifier specified" messages. */
const KIND_LABEL: Partial<Record<ApiComponentKind, string>> = {
  route: 'Route',
  integration: 'Integration',
  authorizer: 'Authorizer',
  model: 'Model',
  routeResponse: 'RouteResponse',
  integrationResponse: 'IntegrationResponse',
};

/**
 * Loads what a v2 request refers to, refusing unknown identifiers with AWS's NotFoundException text
 * (`Invalid API identifier specified {account}:{id}`). REST APIs are invisible here, as in AWS.
 */
@Injectable()
export class HttpApiLookup {
  constructor(@Inject(RUNTIME) readonly runtime: Runtime) {}

  get store() {
    return this.runtime.store;
  }

  async api(apiId: string): Promise<V2Api> {
    const api = await this.store.apis.getById(apiId);
    if (!api || api.protocolType === 'REST') throw this.invalid('API', apiId);
    return api as V2Api;
  }

  async component<T>(api: V2Api, kind: ApiComponentKind, id: string): Promise<T> {
    const doc = await this.store.components.get<T>(api.id, kind, id);
    if (!doc) throw this.invalid(KIND_LABEL[kind] ?? kind, id);
    return doc;
  }

  async stage(api: V2Api, stageName: string): Promise<StageEntity & { doc: V2StageDoc }> {
    const stage = await this.store.stages.get(api.id, stageName);
    if (!stage) throw this.invalid('Stage', stageName);
    return stage as StageEntity & { doc: V2StageDoc };
  }

  async saveApi(api: V2Api, doc: V2ApiDoc): Promise<V2Api> {
    const entity = Object.assign(new ApiEntity(), api, { doc, name: doc.name, updatedAt: new Date().toISOString() });
    return (await this.store.apis.save(entity)) as V2Api;
  }

  invalid(label: string, id: string) {
    return notFound(`Invalid ${label} identifier specified ${this.runtime.config.accountId}:${id}`);
  }
}
