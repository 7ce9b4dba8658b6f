import { Inject, Injectable } from '@nestjs/common';
import type { RestApiDoc, RestResourceDoc } from '@app/contracts';
import type { ApiEntity } from '@app/store';
import { RUNTIME, type Runtime } from '@app/platform';
import { notFound } from '../../common/aws-error';

/** Finds the things every REST sub-resource hangs off, with AWS's NotFound wording. */
@Injectable()
export class RestApiLookup {
  constructor(@Inject(RUNTIME) private readonly runtime: Runtime) {}

  get store() {
    return this.runtime.store;
  }

  get config() {
    return this.runtime.config;
  }

  async api(apiId: string): Promise<ApiEntity & { doc: RestApiDoc }> {
    const api = await this.runtime.store.apis.getById(apiId);
    if (!api || api.protocolType !== 'REST') throw notFound('Invalid API identifier specified');
    return api as ApiEntity & { doc: RestApiDoc };
  }

  async resource(apiId: string, resourceId: string): Promise<RestResourceDoc> {
    await this.api(apiId);
    const resource = await this.runtime.store.components.get<RestResourceDoc>(apiId, 'resource', resourceId);
    if (!resource) throw notFound('Invalid Resource identifier specified');
    return resource;
  }

  resources(apiId: string): Promise<RestResourceDoc[]> {
    return this.runtime.store.components.list<RestResourceDoc>(apiId, 'resource');
  }

  async saveResource(apiId: string, resource: RestResourceDoc): Promise<RestResourceDoc> {
    return this.runtime.store.components.put(apiId, 'resource', resource.id, resource, resource.parentId ?? null);
  }
}
