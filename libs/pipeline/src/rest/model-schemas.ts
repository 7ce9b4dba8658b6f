import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv-draft-04';
import type { RestModelDoc } from '@app/contracts';

/** Models every REST API has at AWS (created with the API); used when the API does not define its own. */
const BUILT_IN: Record<string, string> = {
  Empty: '{"$schema":"http://json-schema.org/draft-04/schema#","title":"Empty Schema","type":"object"}',
  Error: '{"$schema":"http://json-schema.org/draft-04/schema#","title":"Error Schema","type":"object","properties":{"message":{"type":"string"}}}',
};

/** `https://apigateway.amazonaws.com/restapis/{restApiId}/models/{modelName}`: how models reference each other. */
export function modelUrl(apiId: string, name: string): string {
  return `https://apigateway.amazonaws.com/restapis/${apiId}/models/${name}`;
}

/**
 * The models of one deployed REST API as JSON Schema draft 4 validators (ajv + ajv-draft-04). Every model is
 * registered under its AWS URL so `$ref`s between models resolve; a model is compiled the first time a method's
 * validator needs it, which happens while the stage compiles, never per request.
 */
export class ModelSchemas {
  private readonly ajv: Ajv;
  private readonly known = new Set<string>();
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(
    private readonly apiId: string,
    models: readonly RestModelDoc[],
  ) {
    // Formats are not checked (ajv-formats is not a dependency); unknown keywords are allowed as AWS allows them.
    this.ajv = new Ajv({ allErrors: true, strict: false, validateFormats: false, logger: false });
    const all = new Map<string, string | undefined>(Object.entries(BUILT_IN));
    for (const m of models) all.set(m.name, m.schema);
    for (const [name, text] of all) {
      let schema: Record<string, unknown>;
      try {
        schema = text === undefined || text.trim() === '' ? {} : (JSON.parse(text) as Record<string, unknown>);
      } catch (error) {
        throw new Error(`model '${name}': schema is not JSON: ${(error as Error).message}`);
      }
      if (schema === null || typeof schema !== 'object' || Array.isArray(schema)) throw new Error(`model '${name}': schema is not a JSON object`);
      try {
        this.ajv.addSchema(schema, modelUrl(apiId, name));
      } catch (error) {
        throw new Error(`model '${name}': ${(error as Error).message}`);
      }
      this.known.add(name);
    }
  }

  has(name: string): boolean {
    return this.known.has(name);
  }

  /** The validator of a model; throws naming the model when it cannot compile (a bad schema or a dangling $ref). */
  validator(name: string): ValidateFunction {
    let fn = this.compiled.get(name);
    if (fn) return fn;
    if (!this.known.has(name)) throw new Error(`model '${name}' does not exist`);
    try {
      fn = this.ajv.getSchema(modelUrl(this.apiId, name))!;
    } catch (error) {
      throw new Error(`model '${name}': ${(error as Error).message}`);
    }
    this.compiled.set(name, fn);
    return fn;
  }
}

/** `[instancePath message, ...]`: the ajv errors as `$context.error.validationErrorString` carries them. */
export function formatValidationErrors(errors: readonly ErrorObject[] | null | undefined): string {
  if (!errors || errors.length === 0) return '[]';
  return '[' + errors.map((e) => `${e.instancePath === '' ? 'instance' : e.instancePath} ${e.message ?? 'is invalid'}`).join(', ') + ']';
}
