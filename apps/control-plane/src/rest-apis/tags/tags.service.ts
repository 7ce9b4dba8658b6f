import { Injectable } from '@nestjs/common';
import type { RestStageDoc } from '@app/contracts';
import { badRequest, notFound } from '../../common/aws-error';
import { ApiKeysService } from '../../api-keys/api-keys.service';
import { UsagePlansService } from '../../usage-plans/usage-plans.service';
import { Input } from '../shared/input';
import { RestApiLookup } from '../shared/rest-api.lookup';
import { RestApisService } from '../rest-apis/rest-apis.service';
import { StagesService } from '../stages/stages.service';
import { parseTaggableArn } from './taggable-arn';
import { checkTags } from '../../common/tag-limits';

type Tags = Record<string, string>;

/** TagResource, UntagResource, GetTags for REST APIs, their stages, API keys and usage plans. */
@Injectable()
export class TagsService {
  constructor(
    private readonly lookup: RestApiLookup,
    private readonly restApis: RestApisService,
    private readonly stages: StagesService,
    private readonly apiKeys: ApiKeysService,
    private readonly usagePlans: UsagePlansService,
  ) {}

  async get(arn: string): Promise<{ tags: Tags }> {
    const target = await this.resolve(arn);
    return { tags: target.tags() };
  }

  async tag(arn: string, body: Record<string, unknown>): Promise<void> {
    const tags = new Input(body).stringMap('tags');
    if (!tags) throw badRequest('Invalid request: tags is required');
    checkTags(tags);
    const target = await this.resolve(arn);
    await target.save(checkTags({ ...target.tags(), ...tags }));
  }

  async untag(arn: string, tagKeys: unknown): Promise<void> {
    const keys = Array.isArray(tagKeys) ? tagKeys.map(String) : typeof tagKeys === 'string' ? [tagKeys] : [];
    if (!keys.length) throw badRequest('Invalid request: tagKeys is required');
    const target = await this.resolve(arn);
    const tags = { ...target.tags() };
    for (const key of keys) delete tags[key];
    await target.save(tags);
  }

  private async resolve(arn: string): Promise<{ tags(): Tags; save(tags: Tags): Promise<void> }> {
    const resource = parseTaggableArn(arn);
    if (!resource) throw badRequest(`Invalid resource ARN specified: ${arn}`);
    switch (resource.kind) {
      case 'restapi': {
        const api = await this.lookup.api(resource.apiId);
        return { tags: () => api.doc.tags ?? {}, save: (tags) => this.restApis.save({ ...api.doc, tags }) };
      }
      case 'stage': {
        await this.lookup.api(resource.apiId);
        const stage = await this.lookup.store.stages.get(resource.apiId, resource.stageName);
        if (!stage) throw notFound('Invalid Stage identifier specified');
        const doc = stage.doc as RestStageDoc;
        return { tags: () => doc.tags ?? {}, save: (tags) => this.stages.saveTags(resource.apiId, { ...doc, tags }) };
      }
      case 'apikey': {
        const key = await this.apiKeys.entity(resource.keyId);
        return { tags: () => this.apiKeys.tagsOf(key), save: (tags) => this.apiKeys.saveTags(key, tags) };
      }
      case 'usageplan': {
        const plan = await this.usagePlans.get(resource.usagePlanId);
        return { tags: () => plan.tags ?? {}, save: (tags) => this.usagePlans.saveTags(plan, tags) };
      }
    }
  }
}
