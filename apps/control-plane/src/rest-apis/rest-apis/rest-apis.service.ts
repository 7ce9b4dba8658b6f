import { Injectable } from '@nestjs/common';
import type { RestApiDoc, RestResourceDoc } from '@app/contracts';
import { newResourceId } from '@app/contracts';
import { badRequest } from '../../common/aws-error';
import { applyPatchOperations, type PatchRule } from '../../common/patch-operations';
import { StageActivationService } from '../../deployments/stage-activation.service';
import { compact, Input } from '../shared/input';
import { paginate, type Page } from '../shared/pagination';
import { RestApiLookup } from '../shared/rest-api.lookup';
import { DEFAULT_MODELS } from '../models/models.service';
import { epochSeconds } from '../shared/validation';
import { checkTags } from '../../common/tag-limits';

const ENDPOINT_TYPES = ['EDGE', 'REGIONAL', 'PRIVATE'] as const;
const MAX_COMPRESSION_SIZE = 10_485_760;

/** UpdateRestApi's patchable paths (API reference, "UpdateRestApi"). */
const REST_API_PATCH: PatchRule[] = [
  { path: '/name', type: 'string', ops: ['replace', 'test'] },
  { path: '/description', type: 'string', ops: ['replace', 'remove', 'test'] },
  { path: '/version', type: 'string', ops: ['replace', 'remove', 'test'] },
  { path: '/apiKeySource', type: 'string', ops: ['replace'], enum: ['HEADER', 'AUTHORIZER'] },
  { path: '/policy', type: 'string', ops: ['replace', 'remove'] },
  { path: '/minimumCompressionSize', type: 'integer', ops: ['replace', 'remove'] },
  { path: '/disableExecuteApiEndpoint', type: 'boolean', ops: ['replace'] },
  { path: '/binaryMediaTypes/{type}', type: 'string', ops: ['add', 'remove', 'replace'], listItem: true },
  {
    path: '/endpointConfiguration/types/{type}',
    type: 'string',
    ops: ['replace'],
    listItem: true,
  },
];

@Injectable()
export class RestApisService {
  constructor(
    private readonly lookup: RestApiLookup,
    private readonly activation: StageActivationService,
  ) {}

  async create(body: Record<string, unknown>): Promise<RestApiDoc> {
    const input = new Input(body);
    if (input.has('cloneFrom')) throw badRequest('cloneFrom is not supported by this gateway');
    const rootResourceId = newResourceId(10);
    const doc = checkRestApi(
      compact<RestApiDoc>({
        id: newResourceId(10),
        name: input.string('name', true),
        description: input.string('description'),
        version: input.string('version'),
        createdDate: epochSeconds(),
        binaryMediaTypes: input.stringList('binaryMediaTypes'),
        minimumCompressionSize: input.integer('minimumCompressionSize'),
        apiKeySource: input.oneOf('apiKeySource', ['HEADER', 'AUTHORIZER']) ?? 'HEADER',
        endpointConfiguration: readEndpointConfiguration(input),
        policy: input.string('policy'),
        disableExecuteApiEndpoint: input.boolean('disableExecuteApiEndpoint') ?? false,
        rootResourceId,
        tags: checkTags(input.stringMap('tags')),
      }),
    );
    await this.save(doc);
    const root: RestResourceDoc = { id: rootResourceId, path: '/' };
    await this.lookup.saveResource(doc.id, root);
    for (const model of DEFAULT_MODELS) await this.lookup.store.components.put(doc.id, 'model', model.name, { id: newResourceId(6), ...model });
    return doc;
  }

  /** Saves a new or changed API document (also used by import and tagging). */
  async save(doc: RestApiDoc): Promise<void> {
    await this.lookup.store.apis.save({ id: doc.id, protocolType: 'REST', name: doc.name, doc, updatedAt: new Date().toISOString() });
  }

  async get(apiId: string): Promise<RestApiDoc> {
    return (await this.lookup.api(apiId)).doc;
  }

  async list(query: { position?: string; limit?: string }): Promise<Page<RestApiDoc>> {
    const apis = await this.lookup.store.apis.listByFamily('REST');
    return paginate(
      apis.map((api) => api.doc as RestApiDoc),
      query,
    );
  }

  async update(apiId: string, body: Record<string, unknown>): Promise<RestApiDoc> {
    const api = await this.lookup.api(apiId);
    const doc = checkRestApi(applyPatchOperations(api.doc, body.patchOperations, REST_API_PATCH));
    await this.save(doc);
    return doc;
  }

  async delete(apiId: string): Promise<void> {
    await this.lookup.api(apiId);
    await this.activation.deleteApi(apiId);
  }
}

function readEndpointConfiguration(input: Input): RestApiDoc['endpointConfiguration'] {
  const config = input.object('endpointConfiguration');
  if (!config) return { types: ['EDGE'] };
  const types = config.stringList('types') ?? ['EDGE'];
  const vpcEndpointIds = config.stringList('vpcEndpointIds');
  return vpcEndpointIds ? { types, vpcEndpointIds } : { types };
}

/** Checks what create and update have in common, so a patch cannot store what create would refuse. */
export function checkRestApi(doc: RestApiDoc): RestApiDoc {
  if (!doc.name) throw badRequest('Invalid request: name is required');
  const types = doc.endpointConfiguration?.types ?? [];
  if (types.length !== 1 || !(ENDPOINT_TYPES as readonly string[]).includes(types[0])) {
    throw badRequest(`Invalid endpointConfiguration types: [${types.join(', ')}]. Must be exactly one of: [${ENDPOINT_TYPES.join(', ')}]`);
  }
  const size = doc.minimumCompressionSize;
  if (size !== undefined && (size < 0 || size > MAX_COMPRESSION_SIZE)) {
    throw badRequest(`Invalid minimumCompressionSize: ${size}. Must be between 0 and ${MAX_COMPRESSION_SIZE}`);
  }
  for (const type of doc.binaryMediaTypes ?? []) {
    if (!/^[^/\s]+\/[^/\s]+$/.test(type)) throw badRequest(`Invalid binary media type: '${type}'. Must be a media type such as image/png or */*`);
  }
  if (doc.policy !== undefined) {
    try {
      JSON.parse(doc.policy);
    } catch {
      throw badRequest('Invalid policy document. Please check the policy syntax and try again.');
    }
  }
  return doc;
}
