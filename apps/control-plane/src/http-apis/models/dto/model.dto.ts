import type { V2ModelDoc } from '@app/contracts';
import { badRequest } from '../../../common/aws-error';
import { defined, type Fields } from '../../common/fields';

export type ModelPatch = Partial<Omit<V2ModelDoc, 'modelId'>>;

export function readModelPatch(body: Fields, create: boolean): ModelPatch {
  const patch: ModelPatch = defined({
    name: body.string('name', { required: create, max: 128 }),
    schema: body.string('schema', { required: create, max: 32_768 }),
    contentType: body.string('contentType', { nonEmpty: true, max: 256 }),
    description: body.string('description', { max: 1024 }),
  });
  if (patch.name !== undefined && !/^[A-Za-z0-9]+$/.test(patch.name)) {
    throw badRequest(`Invalid value for 'name': ${patch.name} must be alphanumeric`);
  }
  if (patch.schema !== undefined) {
    let schema: unknown;
    try {
      schema = JSON.parse(patch.schema);
    } catch (error) {
      throw badRequest(`Invalid value for 'schema': not valid JSON (${(error as Error).message})`);
    }
    if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) throw badRequest("Invalid value for 'schema': must be a JSON Schema object");
  }
  return patch;
}
