import { Injectable } from '@nestjs/common';
import type { V2ModelDoc } from '@app/contracts';
import { newResourceId } from '@app/contracts';
import { conflict } from '../../common/aws-error';
import { AutoDeployService } from '../common/auto-deploy.service';
import { Fields } from '../common/fields';
import { HttpApiLookup, type V2Api } from '../common/http-api.lookup';
import { paginate, type ListQuery, type Page } from '../common/pagination';
import { readModelPatch } from './dto/model.dto';

@Injectable()
export class ModelsService {
  constructor(
    private readonly lookup: HttpApiLookup,
    private readonly autoDeploy: AutoDeployService,
  ) {}

  async create(apiId: string, raw: unknown): Promise<V2ModelDoc> {
    const api = await this.lookup.api(apiId);
    const patch = readModelPatch(Fields.fromBody(raw), true);
    return this.save(api, { modelId: newResourceId(6), contentType: 'application/json', ...patch } as V2ModelDoc);
  }

  async get(apiId: string, modelId: string): Promise<V2ModelDoc> {
    return this.lookup.component<V2ModelDoc>(await this.lookup.api(apiId), 'model', modelId);
  }

  async list(apiId: string, query: ListQuery): Promise<Page<V2ModelDoc>> {
    const api = await this.lookup.api(apiId);
    return paginate(await this.lookup.store.components.list<V2ModelDoc>(api.id, 'model'), query);
  }

  async template(apiId: string, modelId: string): Promise<{ value: string }> {
    const model = await this.get(apiId, modelId);
    return { value: model.schema ?? '' };
  }

  async update(apiId: string, modelId: string, raw: unknown): Promise<V2ModelDoc> {
    const api = await this.lookup.api(apiId);
    const existing = await this.lookup.component<V2ModelDoc>(api, 'model', modelId);
    return this.save(api, { ...existing, ...readModelPatch(Fields.fromBody(raw), false) });
  }

  async remove(apiId: string, modelId: string): Promise<void> {
    const api = await this.lookup.api(apiId);
    await this.lookup.component<V2ModelDoc>(api, 'model', modelId);
    await this.lookup.store.components.delete(api.id, 'model', modelId);
    await this.autoDeploy.afterChange(api);
  }

  private async save(api: V2Api, doc: V2ModelDoc): Promise<V2ModelDoc> {
    const models = await this.lookup.store.components.list<V2ModelDoc>(api.id, 'model');
    if (models.some((m) => m.name === doc.name && m.modelId !== doc.modelId)) throw conflict(`Model name ${doc.name} already exists in API ${api.id}`);
    await this.lookup.store.components.put(api.id, 'model', doc.modelId, doc);
    await this.autoDeploy.afterChange(api);
    return doc;
  }
}
