import type { ValidateFunction } from 'ajv-draft-04';
import { mediaTypeOf } from '@app/mapping';
import type { RestDefinition } from '@app/contracts';
import type { RequestContext } from '../context/request-context';
import { parseQuery } from '../integrations/request-view';
import type { CompileContext, RouteDescriptor } from '../stages/compile-context';
import type { PipelineStage, StageFn, StagePlugin } from '../stages/pipeline-stage';
import { formatValidationErrors, ModelSchemas } from './model-schemas';

type Required = { kind: 'querystring' | 'header' | 'path'; name: string; lower: string };
const PARAMETER = /^method\.request\.(querystring|multivaluequerystring|header|multivalueheader|path)\.(.+)$/;

const schemasByStage = new WeakMap<CompileContext, ModelSchemas>();

function schemasFor(compile: CompileContext, def: RestDefinition): ModelSchemas {
  let schemas = schemasByStage.get(compile);
  if (!schemas) {
    schemas = new ModelSchemas(compile.apiId, def.models);
    schemasByStage.set(compile, schemas);
  }
  return schemas;
}

/**
 * REST basic request validation (doc_source/api-gateway-method-request-validation.md), compiled per method from
 * its `requestValidatorId`: required `method.request.*` parameters present and non-blank, else 400
 * BAD_REQUEST_PARAMETERS `{"message":"Missing required request parameters: [a, b]"}`; then the body against the
 * JSON Schema draft 4 model for the request's media type, else 400 BAD_REQUEST_BODY `{"message":"Invalid request
 * body"}` with the schema errors in `$context.error.validationErrorString`. A media type with no model is not
 * validated (whether it may pass is the integration's passthroughBehavior).
 */
export const requestValidatorStage: PipelineStage<RouteDescriptor> = {
  name: 'request-validator',
  create(descriptor, compile): StageFn | null {
    if (descriptor.protocol !== 'REST' || !descriptor.method.requestValidatorId) return null;
    const def = compile.active.snapshot.definition as RestDefinition;
    const method = descriptor.method;
    const validator = def.requestValidators.find((v) => v.id === method.requestValidatorId);
    if (!validator) throw new Error(`requestValidatorId '${method.requestValidatorId}' does not exist`);
    const required: Required[] = [];
    if (validator.validateRequestParameters) {
      for (const [key, isRequired] of Object.entries(method.requestParameters ?? {})) {
        if (!isRequired) continue;
        const m = PARAMETER.exec(key);
        if (!m) throw new Error(`requestParameters: '${key}' is not method.request.{querystring|header|path}.<name>`);
        const kind = m[1].replace('multivalue', '') as Required['kind'];
        required.push({ kind, name: m[2], lower: m[2].toLowerCase() });
      }
    }
    const models = new Map<string, ValidateFunction>();
    if (validator.validateRequestBody) {
      const schemas = schemasFor(compile, def);
      for (const [contentType, name] of Object.entries(method.requestModels ?? {})) {
        try {
          models.set(contentType === '$default' ? contentType : mediaTypeOf(contentType), schemas.validator(name));
        } catch (error) {
          throw new Error(`requestModels['${contentType}']: ${(error as Error).message}`);
        }
      }
    }
    if (required.length === 0 && models.size === 0) return null;
    const fallbackModel = models.get('$default');
    return (ctx: RequestContext) => {
      if (required.length > 0) {
        const missing = missingParameters(ctx, required);
        if (missing) return ctx.stage.responses.respond(ctx, 'BAD_REQUEST_PARAMETERS', `Missing required request parameters: [${missing.join(', ')}]`);
      }
      if (models.size === 0) return undefined;
      const validate = models.get(mediaTypeOf(ctx.req.headers['content-type'])) ?? fallbackModel;
      if (!validate) return undefined;
      let document: unknown;
      const text = ctx.body ? ctx.body.toString('utf8') : '';
      if (text.trim() === '') document = {};
      else {
        try {
          document = JSON.parse(text);
        } catch (error) {
          ctx.validationErrorString = `[Invalid JSON: ${(error as Error).message}]`;
          return ctx.stage.responses.respond(ctx, 'BAD_REQUEST_BODY');
        }
      }
      if (validate(document)) return undefined;
      ctx.validationErrorString = formatValidationErrors(validate.errors);
      return ctx.stage.responses.respond(ctx, 'BAD_REQUEST_BODY');
    };
  },
};

function missingParameters(ctx: RequestContext, required: readonly Required[]): string[] | null {
  let missing: string[] | null = null;
  let query: Array<[string, string]> | null = null;
  for (const r of required) {
    let value: string | undefined;
    if (r.kind === 'path') value = ctx.pathParameters?.[r.name];
    else if (r.kind === 'header') {
      const v = ctx.req.headers[r.lower];
      value = Array.isArray(v) ? v.join(',') : v;
    } else {
      query ??= parseQuery(ctx.rawQuery);
      for (const [k, v] of query) if (k === r.name) value = v;
    }
    if (value === undefined || value.trim() === '') (missing ??= []).push(r.name);
  }
  return missing;
}

/** The validator as a plug-in for StageCompilerOptions.plugins. */
export const requestValidatorPlugin: StagePlugin = { slot: 'validate', stage: requestValidatorStage };
