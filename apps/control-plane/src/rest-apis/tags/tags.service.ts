import { Injectable } from '@nestjs/common';
import type { RestStageDoc } from '@app/contracts';
import { badRequest, notFound } from '../../common/aws-error';
import { Input } from '../shared/input';
import { RestApiLookup } from '../shared/rest-api.lookup';
import { RestApisService } from '../rest-apis/rest-apis.service';
import { StagesService } from '../stages/stages.service';

/** `arn:aws:apigateway:{region}::/restapis/{id}` or `.../restapis/{id}/stages/{stageName}`. */
const TAGGABLE_ARN = /^arn:aws:apigateway:([a-z0-9-]+)::\/restapis\/([^/]+)(?:\/stages\/([^/]+))?$/;

type Tags = Record<string, string>;

/** TagResource, UntagResource, GetTags for REST APIs and their stages. */
@Injectable()
export class TagsService {
  constructor(
    private readonly lookup: RestApiLookup,
    private readonly restApis: RestApisService,
    private readonly stages: StagesService,
  ) {}

  async get(arn: string): Promise<{ tags: Tags }> {
    const target = await this.resolve(arn);
    return { tags: target.tags() };
  }

  async tag(arn: string, body: Record<string, unknown>): Promise<void> {
    const tags = new Input(body).stringMap('tags');
    if (!tags) throw badRequest('Invalid request: tags is required');
    for (const [key, value] of Object.entries(tags)) {
      if (key.length < 1 || key.length > 128) throw badRequest(`Invalid tag key: '${key}'. Must be 1 to 128 characters`);
      if (key.toLowerCase().startsWith('aws:')) throw badRequest(`Invalid tag key: '${key}'. The aws: prefix is reserved`);
      if (value.length > 256) throw badRequest(`Invalid tag value for ${key}: at most 256 characters`);
    }
    const target = await this.resolve(arn);
    const merged = { ...target.tags(), ...tags };
    if (Object.keys(merged).length > 50) throw badRequest('Too many tags: a resource can have at most 50');
    await target.save(merged);
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
    const match = TAGGABLE_ARN.exec(arn);
    if (!match) throw badRequest(`Invalid resource ARN specified: ${arn}`);
    const [, , apiId, stageName] = match;
    const api = await this.lookup.api(apiId);
    if (!stageName) {
      return { tags: () => api.doc.tags ?? {}, save: (tags) => this.restApis.save({ ...api.doc, tags }) };
    }
    const stage = await this.lookup.store.stages.get(apiId, stageName);
    if (!stage) throw notFound('Invalid Stage identifier specified');
    const doc = stage.doc as RestStageDoc;
    return { tags: () => doc.tags ?? {}, save: (tags) => this.stages.saveTags(apiId, { ...doc, tags }) };
  }
}
