import { compileMappingTemplate, compileRequestTemplateSelection, MappingRuntimeError, type MappingOutput, type MappingTemplate, type TemplateSelection } from '@app/mapping';
import type { ContentHandling, RestIntegrationDoc } from '@app/contracts';
import type { RequestContext } from '../context/request-context';
import type { GatewayResponse } from '../stages/gateway-response';
import { decodeBase64Strict } from './content-handling';
import { stageVariablesOf, type MethodRequest } from './method-request';

const EMPTY = Buffer.alloc(0);

/** The integration request body after template selection, passthrough rules and content handling. */
export interface IntegrationRequestPayload {
  body: Buffer | string;
  /** The client's Content-Type, forwarded to HTTP backends. */
  contentType: string | undefined;
  /** `$context.requestOverride.*` set by the request template; null when no template ran. */
  overrides: MappingOutput['requestOverride'] | null;
}

/**
 * The request half of a REST non-proxy integration, compiled once per route: picks the request template by the
 * request's media type with the integration's passthroughBehavior (415 UNSUPPORTED_MEDIA_TYPE when it forbids
 * passthrough), renders it, and applies the integration's contentHandling
 * (doc_source/api-gateway-payload-encodings-workflow.md, "API Request Content Type Conversions").
 */
export class RequestPayloadMapper {
  private readonly select: (contentType: string | undefined) => TemplateSelection;
  private readonly templates = new Map<string, MappingTemplate>();
  private readonly handling: ContentHandling | undefined;
  readonly hasTemplates: boolean;

  constructor(
    integration: RestIntegrationDoc,
    private readonly isBinary: (contentType: string | undefined) => boolean,
  ) {
    this.select = compileRequestTemplateSelection(integration.requestTemplates, integration.passthroughBehavior);
    for (const [contentType, source] of Object.entries(integration.requestTemplates ?? {})) {
      try {
        this.templates.set(contentType, compileMappingTemplate(source));
      } catch (error) {
        throw new Error(`requestTemplates['${contentType}']: ${(error as Error).message}`);
      }
    }
    this.hasTemplates = this.templates.size > 0;
    this.handling = integration.contentHandling;
  }

  /** The payload, or the gateway response that ends the request (415, or 500 for a failing template). */
  map(ctx: RequestContext, request: MethodRequest | null): IntegrationRequestPayload | GatewayResponse {
    const contentType = ctx.req.headers['content-type'];
    const selection = this.select(contentType);
    if (selection.kind === 'unsupportedMediaType') return ctx.stage.responses.respond(ctx, 'UNSUPPORTED_MEDIA_TYPE');
    const raw = ctx.body ?? EMPTY;
    const binary = this.isBinary(contentType);
    // A binary payload reaches the integration untouched unless it is to become text; no template can read bytes.
    if (binary && this.handling !== 'CONVERT_TO_TEXT') return { body: raw, contentType, overrides: null };
    let text = binary ? raw.toString('base64') : raw.toString('utf8');
    let overrides: IntegrationRequestPayload['overrides'] = null;
    if (selection.kind === 'template') {
      const template = this.templates.get(selection.contentType)!;
      try {
        const out = template.render({
          body: text,
          params: request!.params,
          context: ctx.contextVariables(),
          stageVariables: stageVariablesOf(ctx),
        });
        text = out.text;
        overrides = out.requestOverride;
      } catch (error) {
        if (!(error instanceof MappingRuntimeError)) throw error;
        ctx.integrationErrorMessage = `Execution failed due to a request template error: ${error.message}`;
        return ctx.stage.responses.respond(ctx, 'API_CONFIGURATION_ERROR');
      }
    }
    if (this.handling === 'CONVERT_TO_BINARY') {
      const bytes = decodeBase64Strict(text);
      if (!bytes) {
        ctx.integrationErrorMessage = 'Unable to base64-decode the request payload (contentHandling CONVERT_TO_BINARY)';
        return ctx.stage.responses.respond(ctx, 'API_CONFIGURATION_ERROR');
      }
      return { body: bytes, contentType, overrides };
    }
    return { body: text, contentType, overrides };
  }
}

export function isGatewayResponse(value: IntegrationRequestPayload | GatewayResponse): value is GatewayResponse {
  return (value as GatewayResponse).statusCode !== undefined;
}
