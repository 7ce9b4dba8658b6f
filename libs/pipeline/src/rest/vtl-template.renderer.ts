import { compileMappingTemplate, type MappingParams, type MappingTemplate } from '@app/mapping';
import type { RequestContext } from '../context/request-context';
import type { CompiledTemplate, TemplateRenderer } from '../gateway-responses/template-renderer';
import { readMethodRequest, stageVariablesOf } from './method-request';

const NO_PARAMS: MappingParams = { path: {}, querystring: {}, header: {} };
const STATIC = /[$#]/;

/**
 * Gateway response templates rendered by the VTL engine of @app/mapping, so an API's customised responses see what
 * they see at AWS: `$context` (error.messageString, requestId, authorizer.*, ...), `$stageVariables`, `$util` and
 * `$input` over the method request. Templates compile with the stage; a template that fails while rendering yields
 * AWS's default 5XX body instead of a crashed response.
 */
export class VtlTemplateRenderer implements TemplateRenderer {
  compile(template: string): CompiledTemplate {
    if (!STATIC.test(template)) return { render: () => template };
    const compiled = compileMappingTemplate(template);
    const readsInput = /\$!?\{?input\b/.test(template);
    return new VtlGatewayTemplate(compiled, readsInput);
  }
}

class VtlGatewayTemplate implements CompiledTemplate {
  constructor(
    private readonly template: MappingTemplate,
    private readonly readsInput: boolean,
  ) {}

  render(ctx: RequestContext): string {
    const body = this.readsInput && ctx.body ? ctx.body.toString('utf8') : '';
    const params = this.readsInput ? readMethodRequest(ctx, body).params : NO_PARAMS;
    try {
      return this.template.render({ body, params, context: ctx.contextVariables(), stageVariables: stageVariablesOf(ctx) }).text;
    } catch (error) {
      ctx.integrationErrorMessage = `Gateway response template failed: ${(error as Error).message}`;
      return '{"message": "Internal server error"}';
    }
  }
}
