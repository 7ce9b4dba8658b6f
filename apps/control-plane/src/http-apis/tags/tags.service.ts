import { Injectable } from '@nestjs/common';
import type { V2StageDoc } from '@app/contracts';
import { badRequest } from '../../common/aws-error';
import { StageActivationService } from '../../deployments/stage-activation.service';
import { Fields } from '../common/fields';
import { HttpApiLookup } from '../common/http-api.lookup';
import { checkTags } from '../../common/tag-limits';

/** `arn:aws:apigateway:{region}::/apis/{apiId}` or `.../apis/{apiId}/stages/{stageName}`. */
const RESOURCE_ARN = /^arn:aws[a-z-]*:apigateway:([a-z0-9-]+)::\/apis\/([A-Za-z0-9]+)(?:\/stages\/([^/]+))?$/;

interface TaggedResource {
  tags: Record<string, string>;
  save(tags: Record<string, string>): Promise<void>;
}

@Injectable()
export class TagsService {
  constructor(
    private readonly lookup: HttpApiLookup,
    private readonly activation: StageActivationService,
  ) {}

  async get(arn: string): Promise<{ tags: Record<string, string> }> {
    return { tags: (await this.resource(arn)).tags };
  }

  async tag(arn: string, raw: unknown): Promise<Record<string, never>> {
    const tags = Fields.fromBody(raw).stringMap('tags');
    if (!tags) throw badRequest("Missing required member 'tags'");
    checkTags(tags);
    const resource = await this.resource(arn);
    await resource.save(checkTags({ ...resource.tags, ...tags }));
    return {};
  }

  async untag(arn: string, tagKeys: string | string[] | undefined): Promise<void> {
    const keys = tagKeys === undefined ? [] : Array.isArray(tagKeys) ? tagKeys : [tagKeys];
    if (keys.length === 0) throw badRequest("Missing required member 'tagKeys'");
    const resource = await this.resource(arn);
    const tags = { ...resource.tags };
    for (const key of keys) delete tags[key];
    await resource.save(tags);
  }

  private async resource(arn: string): Promise<TaggedResource> {
    const match = RESOURCE_ARN.exec(arn);
    if (!match) throw badRequest(`Invalid resource ARN ${arn}: expected arn:aws:apigateway:{region}::/apis/{apiId}[/stages/{stageName}]`);
    const api = await this.lookup.api(match[2]);
    if (match[3] === undefined) {
      return { tags: api.doc.tags ?? {}, save: async (tags) => void (await this.lookup.saveApi(api, { ...api.doc, tags })) };
    }
    const stage = (await this.lookup.stage(api, decodeURIComponent(match[3]))).doc as V2StageDoc;
    return { tags: stage.tags ?? {}, save: (tags) => this.activation.saveStage(api.id, { ...stage, tags }) };
  }
}
