import type { GatewayResponseType, RestGatewayResponseDoc } from '@app/contracts';
import type { RequestContext } from '../context/request-context';
import { compileContextGetter, type ContextGetter } from '../context/context-getter';
import type { GatewayResponse } from '../stages/gateway-response';
import { GATEWAY_RESPONSE_DEFAULTS, HTTP_API_RESPONSE_OVERRIDES, isGatewayResponseType } from './gateway-response.table';
import type { CompiledTemplate, TemplateRenderer } from './template-renderer';

/**
 * AWS's default template. REST 5XX responses carry a space after the colon (`{"message": "Internal server error"}`,
 * `{"message": "Endpoint request timed out"}`) while 4XX do not (`{"message":"Missing Authentication Token"}`);
 * both are what clients of real API Gateway receive.
 */
const DEFAULT_TEMPLATE_4XX = '{"message":$context.error.messageString}';
const DEFAULT_TEMPLATE_5XX = '{"message": $context.error.messageString}';

type HeaderValue = { name: string; value: string | null; getter: ContextGetter | null };

interface CompiledGatewayResponse {
  statusCode: number;
  errorType: string | null;
  headers: HeaderValue[];
  template: CompiledTemplate;
}

/** Produces the gateway response of a type for one compiled stage, customisations (REST) applied. */
export class GatewayResponder {
  private readonly table = new Map<GatewayResponseType, CompiledGatewayResponse>();
  /** Types whose status the API customised (directly or through DEFAULT_4XX/5XX). */
  private readonly customStatus = new Set<GatewayResponseType>();

  constructor(
    private readonly protocol: 'REST' | 'HTTP',
    renderer: TemplateRenderer,
    customised: readonly RestGatewayResponseDoc[] = [],
  ) {
    const byType = new Map<GatewayResponseType, RestGatewayResponseDoc>();
    for (const doc of customised) {
      if (!isGatewayResponseType(doc.responseType)) throw new Error(`gatewayResponses: unknown responseType '${doc.responseType}'`);
      byType.set(doc.responseType, doc);
    }
    const default4 = renderer.compile(DEFAULT_TEMPLATE_4XX);
    const default5 = renderer.compile(DEFAULT_TEMPLATE_5XX);
    for (const [type, def] of Object.entries(GATEWAY_RESPONSE_DEFAULTS) as [GatewayResponseType, typeof GATEWAY_RESPONSE_DEFAULTS.DEFAULT_4XX][]) {
      const http = protocol === 'HTTP' ? HTTP_API_RESPONSE_OVERRIDES[type] : undefined;
      const defaultStatus = http?.statusCode ?? def.statusCode;
      const is5xx = defaultStatus >= 500;
      const own = byType.get(type);
      const fallback = byType.get(is5xx ? 'DEFAULT_5XX' : 'DEFAULT_4XX');
      const statusText = own?.statusCode ?? fallback?.statusCode;
      const statusCode = statusText === undefined ? defaultStatus : parseStatus(statusText, type);
      if (statusText !== undefined) this.customStatus.add(type);
      const params = own?.responseParameters ?? fallback?.responseParameters ?? {};
      const templates = own?.responseTemplates ?? fallback?.responseTemplates;
      const templateText = templates ? (templates['application/json'] ?? Object.values(templates)[0]) : undefined;
      let template: CompiledTemplate;
      try {
        template =
          templateText !== undefined
            ? renderer.compile(templateText)
            : protocol === 'REST' && is5xx
              ? default5
              : default4;
      } catch (error) {
        throw new Error(`gatewayResponses.${type}.responseTemplates: ${(error as Error).message}`);
      }
      this.table.set(type, {
        statusCode,
        errorType: protocol === 'REST' ? def.errorType : null,
        headers: Object.entries(params).map(([key, value]) => compileHeader(type, key, value)),
        template,
      });
    }
  }

  /** True when the API left this type's status code at AWS's default (some producers refine that default). */
  usesDefaultStatus(type: GatewayResponseType): boolean {
    return !this.customStatus.has(type);
  }

  /**
   * The response for `type`. `message` replaces the type's default `$context.error.message` (e.g. the text of a
   * validation failure).
   */
  respond(ctx: RequestContext, type: GatewayResponseType, message?: string): GatewayResponse {
    const compiled = this.table.get(type)!;
    ctx.errorResponseType = type;
    ctx.errorMessage =
      message ?? (this.protocol === 'HTTP' ? HTTP_API_RESPONSE_OVERRIDES[type]?.message : undefined) ?? GATEWAY_RESPONSE_DEFAULTS[type].message;
    ctx.invalidateContextVariables();
    const headers = ['Content-Type', 'application/json'];
    if (compiled.errorType) headers.push('x-amzn-ErrorType', compiled.errorType);
    for (const h of compiled.headers) {
      const value = h.getter ? h.getter(ctx) : h.value;
      if (value !== undefined && value !== null) setHeaderValue(headers, h.name, value);
    }
    return { statusCode: compiled.statusCode, headers, body: compiled.template.render(ctx) };
  }
}

function setHeaderValue(headers: string[], name: string, value: string): void {
  const lower = name.toLowerCase();
  for (let i = 0; i < headers.length; i += 2) {
    if (headers[i].toLowerCase() === lower) {
      headers[i + 1] = value;
      return;
    }
  }
  headers.push(name, value);
}

function parseStatus(text: string, type: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 100 || n > 599) throw new Error(`gatewayResponses.${type}.statusCode: '${text}' is not an HTTP status`);
  return n;
}

const HEADER_KEY = /^gatewayresponse\.header\.([!#$%&'*+.^_`|~0-9A-Za-z-]+)$/;
const STATIC_VALUE = /^'(.*)'$/s;
const METHOD_REQUEST = /^method\.request\.(header|querystring|path|multivalueheader|multivaluequerystring)\.(.+)$/;

/** `gatewayresponse.header.X` ← `'static'`, `method.request.{header|querystring|path}.y`, `stageVariables.y`, `context.y`. */
function compileHeader(type: string, key: string, value: string): HeaderValue {
  const name = HEADER_KEY.exec(key)?.[1];
  if (!name) throw new Error(`gatewayResponses.${type}.responseParameters: '${key}' is not gatewayresponse.header.<name>`);
  const literal = STATIC_VALUE.exec(value);
  if (literal) return { name, value: literal[1], getter: null };
  const req = METHOD_REQUEST.exec(value);
  if (req) return { name, value: null, getter: methodRequestGetter(req[1], req[2]) };
  if (value.startsWith('stageVariables.')) {
    const v = value.slice('stageVariables.'.length);
    return { name, value: null, getter: (ctx) => ctx.stage.stageVariables?.[v] };
  }
  if (value.startsWith('context.')) return { name, value: null, getter: compileContextGetter(value.slice('context.'.length)) };
  throw new Error(`gatewayResponses.${type}.responseParameters.${key}: unsupported value '${value}' (use 'static', method.request.*, stageVariables.* or context.*)`);
}

function methodRequestGetter(location: string, name: string): ContextGetter {
  const lower = name.toLowerCase();
  switch (location) {
    case 'header':
    case 'multivalueheader':
      return (ctx) => {
        const v = ctx.req.headers[lower];
        return Array.isArray(v) ? v.join(',') : v;
      };
    case 'path':
      return (ctx) => ctx.pathParameters?.[name];
    default:
      return (ctx) => new URLSearchParams(ctx.rawQuery).get(name) ?? undefined;
  }
}
