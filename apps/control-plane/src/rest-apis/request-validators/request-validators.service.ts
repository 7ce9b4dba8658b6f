import { Injectable } from '@nestjs/common';
import type { RestRequestValidatorDoc } from '@app/contracts';
import { newResourceId } from '@app/contracts';
import { badRequest, notFound } from '../../common/aws-error';
import { applyPatchOperations, type PatchRule } from '../../common/patch-operations';
import { compact, Input } from '../shared/input';
import { paginate, type Page } from '../shared/pagination';
import { RestApiLookup } from '../shared/rest-api.lookup';

const VALIDATOR_PATCH: PatchRule[] = [
  { path: '/name', type: 'string', ops: ['replace'] },
  { path: '/validateRequestBody', type: 'boolean', ops: ['replace'] },
  { path: '/validateRequestParameters', type: 'boolean', ops: ['replace'] },
];

/** CreateRequestValidator, GetRequestValidator(s), UpdateRequestValidator, DeleteRequestValidator. */
@Injectable()
export class RequestValidatorsService {
  constructor(private readonly lookup: RestApiLookup) {}

  async create(apiId: string, body: Record<string, unknown>): Promise<RestRequestValidatorDoc> {
    await this.lookup.api(apiId);
    const input = new Input(body);
    const validator = compact<RestRequestValidatorDoc>({
      id: newResourceId(6),
      name: input.string('name'),
      validateRequestBody: input.boolean('validateRequestBody') ?? false,
      validateRequestParameters: input.boolean('validateRequestParameters') ?? false,
    });
    await this.checkUniqueName(apiId, validator);
    return this.lookup.store.components.put(apiId, 'requestValidator', validator.id, validator);
  }

  async get(apiId: string, id: string): Promise<RestRequestValidatorDoc> {
    await this.lookup.api(apiId);
    const validator = await this.lookup.store.components.get<RestRequestValidatorDoc>(apiId, 'requestValidator', id);
    if (!validator) throw notFound('Invalid Request Validator identifier specified');
    return validator;
  }

  async list(apiId: string, query: { position?: string; limit?: string }): Promise<Page<RestRequestValidatorDoc>> {
    await this.lookup.api(apiId);
    return paginate(await this.lookup.store.components.list<RestRequestValidatorDoc>(apiId, 'requestValidator'), query);
  }

  async update(apiId: string, id: string, body: Record<string, unknown>): Promise<RestRequestValidatorDoc> {
    const validator = applyPatchOperations(await this.get(apiId, id), body.patchOperations, VALIDATOR_PATCH);
    await this.checkUniqueName(apiId, validator);
    return this.lookup.store.components.put(apiId, 'requestValidator', id, validator);
  }

  async delete(apiId: string, id: string): Promise<void> {
    await this.get(apiId, id);
    for (const resource of await this.lookup.resources(apiId)) {
      for (const method of Object.values(resource.resourceMethods ?? {})) {
        if (method.requestValidatorId === id) {
          throw badRequest(`Cannot delete request validator '${id}', is referenced in method: ${method.httpMethod}:${resource.path}`);
        }
      }
    }
    await this.lookup.store.components.delete(apiId, 'requestValidator', id);
  }

  private async checkUniqueName(apiId: string, validator: RestRequestValidatorDoc): Promise<void> {
    if (!validator.name) return;
    const all = await this.lookup.store.components.list<RestRequestValidatorDoc>(apiId, 'requestValidator');
    if (all.some((other) => other.name === validator.name && other.id !== validator.id)) {
      throw badRequest(`Validator name must be unique: ${validator.name}`);
    }
  }
}
