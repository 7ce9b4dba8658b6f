import {
  compileMappingTemplate,
  compileResponseParameterMapping,
  MappingRuntimeError,
  type MappingTemplate,
  type ResponseMappingSource,
} from '@app/mapping';
import type { ContentHandling, RestIntegrationDoc, RestMethodDoc } from '@app/contracts';
import type { RequestContext } from '../context/request-context';
import { setHeader, type GatewayResponse } from '../stages/gateway-response';
import { convertResponsePayload } from './content-handling';
import { firstMediaType, stageVariablesOf, type MethodRequest } from './method-request';
import { compileSelectionPattern, type SelectionMatcher } from './selection-pattern';

/** What a non-proxy integration answered, before an integration response maps it. */
export interface IntegrationOutput {
  /**
   * What selection patterns match against: the backend's status code as text (HTTP, MOCK), or the Lambda error's
   * `errorMessage` ('' for a successful invocation, so only a `.*`-like pattern can select it).
   */
  selector: string;
  body: Buffer | string;
  /** The payload is binary (its Content-Type is one of the API's binaryMediaTypes). */
  binary: boolean;
  /** Integration response headers, for `integration.response.header.*`. */
  headers: Record<string, string>;
  multivalueheader: Record<string, string[]>;
  /** The body header mappings read, when it differs from `body` (a Lambda custom error's deserialised message). */
  mappingBody?: string;
}

interface ResponseTemplate {
  contentType: string;
  /** null: an empty template, which passes the payload through unmapped. */
  template: MappingTemplate | null;
}

interface CompiledIntegrationResponse {
  statusCode: number;
  matcher: SelectionMatcher | null;
  headers: ((source: ResponseMappingSource) => Record<string, string>) | null;
  templates: Map<string, ResponseTemplate> | null;
  firstTemplate: ResponseTemplate | null;
  contentHandling: ContentHandling | undefined;
  /** The method declares a response for this status; AWS answers 500 when it does not. */
  declared: boolean;
}

const EMPTY_HEADERS: Record<string, string> = {};
const DEFAULT_CONTENT_TYPE = 'application/json';

/**
 * The integration responses of one REST method, compiled once: selection by pattern (Java regex, whole match) or
 * the default response, `method.response.header.*` mappings, response templates chosen by the request's Accept
 * (doc_source/request-response-data-mappings.md, "Select a VTL Mapping Template"), `$context.responseOverride`,
 * and contentHandling conversions.
 */
export class IntegrationResponder {
  private readonly patterned: CompiledIntegrationResponse[] = [];
  private readonly fallback: CompiledIntegrationResponse | null = null;
  readonly hasTemplates: boolean;

  constructor(
    integration: RestIntegrationDoc,
    method: RestMethodDoc,
    private readonly isBinary: (contentType: string | undefined) => boolean,
    private readonly hasBinaryTypes: boolean,
  ) {
    let templates = false;
    for (const [key, doc] of Object.entries(integration.integrationResponses ?? {})) {
      const where = `integrationResponses['${key}']`;
      const statusCode = Number(doc.statusCode ?? key);
      if (!Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) throw new Error(`${where}: statusCode '${doc.statusCode}' is not an HTTP status`);
      let headers: CompiledIntegrationResponse['headers'] = null;
      if (doc.responseParameters && Object.keys(doc.responseParameters).length > 0) {
        try {
          headers = compileResponseParameterMapping(doc.responseParameters);
        } catch (error) {
          throw new Error(`${where}.responseParameters: ${(error as Error).message}`);
        }
      }
      let byType: Map<string, ResponseTemplate> | null = null;
      let first: ResponseTemplate | null = null;
      for (const [contentType, source] of Object.entries(doc.responseTemplates ?? {})) {
        let template: MappingTemplate | null = null;
        try {
          template = source === '' ? null : compileMappingTemplate(source);
        } catch (error) {
          throw new Error(`${where}.responseTemplates['${contentType}']: ${(error as Error).message}`);
        }
        const entry = { contentType, template };
        byType ??= new Map();
        byType.set(firstMediaType(contentType), entry);
        first ??= entry;
        templates = true;
      }
      const pattern = doc.selectionPattern;
      const compiled: CompiledIntegrationResponse = {
        statusCode,
        matcher: pattern === undefined || pattern === '' ? null : compileSelectionPattern(pattern),
        headers,
        templates: byType,
        firstTemplate: first,
        contentHandling: doc.contentHandling,
        declared: method.methodResponses?.[String(statusCode)] !== undefined,
      };
      if (compiled.matcher) this.patterned.push(compiled);
      else this.fallback = compiled;
    }
    this.hasTemplates = templates;
  }

  respond(ctx: RequestContext, request: MethodRequest | null, output: IntegrationOutput): GatewayResponse {
    const selected = this.select(output.selector);
    if (!selected) {
      ctx.integrationErrorMessage = `No match for output mapping and no default output mapping configured. Endpoint Response Status Code: ${ctx.integrationStatus ?? ''}`;
      return ctx.stage.responses.respond(ctx, 'API_CONFIGURATION_ERROR');
    }
    if (!selected.declared) {
      ctx.integrationErrorMessage = `Execution failed due to configuration error: no method response for status ${selected.statusCode}`;
      return ctx.stage.responses.respond(ctx, 'API_CONFIGURATION_ERROR');
    }
    const accept = ctx.req.headers.accept;
    const acceptsBinary = this.hasBinaryTypes && this.isBinary(firstMediaType(accept) || undefined);
    const converted = convertResponsePayload(output.body, output.binary, acceptsBinary, selected.contentHandling);
    if (!converted) {
      ctx.integrationErrorMessage = 'Unable to base64-decode the integration response (contentHandling CONVERT_TO_BINARY)';
      return ctx.stage.responses.respond(ctx, 'API_CONFIGURATION_ERROR');
    }
    let status = selected.statusCode;
    let contentType = DEFAULT_CONTENT_TYPE;
    let body: Buffer | string;
    let overrideHeaders: Record<string, string> = EMPTY_HEADERS;
    if ('bytes' in converted) body = converted.bytes;
    else {
      body = converted.text;
      const chosen = selected.templates ? (selected.templates.get(firstMediaType(accept) || DEFAULT_CONTENT_TYPE) ?? selected.firstTemplate) : null;
      if (chosen) contentType = chosen.contentType;
      if (chosen?.template) {
        try {
          const out = chosen.template.render({
            body: converted.text,
            params: request!.params,
            context: ctx.contextVariables(),
            stageVariables: stageVariablesOf(ctx),
          });
          body = out.text;
          if (out.responseOverride.status !== undefined) status = out.responseOverride.status;
          overrideHeaders = out.responseOverride.headers;
        } catch (error) {
          if (!(error instanceof MappingRuntimeError)) throw error;
          ctx.integrationErrorMessage = `Execution failed due to a response template error: ${error.message}`;
          return ctx.stage.responses.respond(ctx, 'API_CONFIGURATION_ERROR');
        }
      }
    }
    const headers = ['Content-Type', contentType];
    if (selected.headers) {
      const mapped = selected.headers({
        header: output.headers,
        multivalueheader: output.multivalueheader,
        body: output.mappingBody ?? (typeof output.body === 'string' ? output.body : output.body.toString('utf8')),
        context: ctx.contextVariables(),
        stageVariables: stageVariablesOf(ctx),
      });
      for (const name in mapped) setHeader(headers, name, mapped[name]);
    }
    for (const name in overrideHeaders) setHeader(headers, name, overrideHeaders[name]);
    return { statusCode: status, headers, body };
  }

  private select(selector: string): CompiledIntegrationResponse | null {
    const list = this.patterned;
    for (let i = 0; i < list.length; i++) if (list[i].matcher!(selector)) return list[i];
    return this.fallback;
  }
}
