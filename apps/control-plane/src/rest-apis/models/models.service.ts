import { Injectable } from '@nestjs/common';
import type { RestModelDoc, RestResourceDoc } from '@app/contracts';
import { newResourceId } from '@app/contracts';
import { badRequest, conflict, notFound } from '../../common/aws-error';
import { applyPatchOperations, type PatchRule } from '../../common/patch-operations';
import { compact, Input } from '../shared/input';
import { paginate, type Page } from '../shared/pagination';
import { RestApiLookup } from '../shared/rest-api.lookup';

const MODEL_PATCH: PatchRule[] = [
  { path: '/description', type: 'string', ops: ['replace', 'remove'] },
  { path: '/schema', type: 'string', ops: ['replace'] },
];

/** The models AWS puts in every new REST API. */
export const DEFAULT_MODELS: ReadonlyArray<Omit<RestModelDoc, 'id'>> = [
  {
    name: 'Empty',
    description: 'This is a default empty schema model',
    contentType: 'application/json',
    schema: '{\n  "$schema": "http://json-schema.org/draft-04/schema#",\n  "title" : "Empty Schema",\n  "type" : "object"\n}',
  },
  {
    name: 'Error',
    description: 'This is a default error schema model',
    contentType: 'application/json',
    schema:
      '{\n  "$schema" : "http://json-schema.org/draft-04/schema#",\n  "title" : "Error Schema",\n  "type" : "object",\n  "properties" : {\n    "message" : { "type" : "string" }\n  }\n}',
  },
];

/** CreateModel, GetModel(s), UpdateModel, DeleteModel. Models are stored under their name, which AWS looks them up by. */
@Injectable()
export class ModelsService {
  constructor(private readonly lookup: RestApiLookup) {}

  async create(apiId: string, body: Record<string, unknown>): Promise<RestModelDoc> {
    await this.lookup.api(apiId);
    const input = new Input(body);
    const name = input.string('name', true);
    if (!/^[a-zA-Z0-9]+$/.test(name)) throw badRequest('Model name must be alphanumeric');
    const model = compact<RestModelDoc>({
      id: newResourceId(6),
      name,
      description: input.string('description'),
      schema: input.string('schema'),
      contentType: input.string('contentType', true),
    });
    checkSchema(model);
    if (await this.find(apiId, name)) throw conflict('Another Model with the same name already exists');
    return this.lookup.store.components.put(apiId, 'model', name, model);
  }

  async get(apiId: string, name: string): Promise<RestModelDoc> {
    await this.lookup.api(apiId);
    const model = await this.find(apiId, name);
    if (!model) throw notFound('Invalid model name specified');
    return model;
  }

  async list(apiId: string, query: { position?: string; limit?: string }): Promise<Page<RestModelDoc>> {
    await this.lookup.api(apiId);
    return paginate(await this.lookup.store.components.list<RestModelDoc>(apiId, 'model'), query);
  }

  async update(apiId: string, name: string, body: Record<string, unknown>): Promise<RestModelDoc> {
    const model = checkSchema(applyPatchOperations(await this.get(apiId, name), body.patchOperations, MODEL_PATCH));
    return this.lookup.store.components.put(apiId, 'model', name, model);
  }

  async delete(apiId: string, name: string): Promise<void> {
    await this.get(apiId, name);
    const user = usersOf(await this.lookup.resources(apiId), name)[0];
    if (user) throw badRequest(`Cannot delete model '${name}', is referenced in ${user}`);
    await this.lookup.store.components.delete(apiId, 'model', name);
  }

  private find(apiId: string, name: string): Promise<RestModelDoc | undefined> {
    return this.lookup.store.components.get<RestModelDoc>(apiId, 'model', name);
  }
}

function checkSchema(model: RestModelDoc): RestModelDoc {
  if (model.schema === undefined) return model;
  let schema: unknown;
  try {
    schema = JSON.parse(model.schema);
  } catch (error) {
    throw badRequest(`Invalid model specified: Validation Result: warnings : [], errors : [Invalid model schema specified: ${(error as Error).message}]`);
  }
  if (!schema || typeof schema !== 'object' || Array.isArray(schema)) {
    throw badRequest('Invalid model specified: Validation Result: warnings : [], errors : [Invalid model schema specified: must be a JSON object]');
  }
  return model;
}

/** Where a model is used: method requests and method responses, worded as AWS lists them. */
function usersOf(resources: RestResourceDoc[], name: string): string[] {
  const users: string[] = [];
  for (const resource of resources) {
    for (const method of Object.values(resource.resourceMethods ?? {})) {
      if (Object.values(method.requestModels ?? {}).includes(name)) users.push(`method request: ${resource.path}:${method.httpMethod}`);
      for (const response of Object.values(method.methodResponses ?? {})) {
        if (Object.values(response.responseModels ?? {}).includes(name)) {
          users.push(`method response: ${resource.path}:${method.httpMethod}:${response.statusCode}`);
        }
      }
    }
  }
  return users;
}
