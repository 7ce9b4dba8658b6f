import type { AuthorizerRequest, PolicyFactName, PolicyFacts } from '@app/auth';
import type { APIGatewayProxyEvent, APIGatewayProxyEventV2 } from 'aws-lambda';
import type { ContextGetter } from '../context/context-getter';
import type { RequestContext } from '../context/request-context';
import { buildV1Event } from '../integrations/lambda-event.v1';
import { buildV2Event } from '../integrations/lambda-event.v2';
import { parseQuery } from '../integrations/request-view';
import { requestPolicyFacts } from './request-policy-facts';

const EMPTY: Readonly<Record<string, string>> = Object.freeze({});

/**
 * The request as a Lambda or JWT authorizer sees it, built lazily: identity sources read Node's header object, the
 * query string, stage variables or a few `$context` values directly, and the full event shape (headers map,
 * requestContext, ...) is only built when the authorizer is actually invoked, not on cache hits.
 */
export class PipelineAuthorizerRequest implements AuthorizerRequest {
  readonly identityHeaders: Readonly<Record<string, string | string[] | undefined>>;
  readonly stageVariables: Record<string, string>;
  private v1: APIGatewayProxyEvent | null = null;
  private v2: APIGatewayProxyEventV2 | null = null;
  private query: Record<string, string> | null = null;
  private context: Record<string, string | undefined> | null = null;

  constructor(
    private readonly ctx: RequestContext,
    readonly methodArn: string,
    /** Which event shape the authorizer receives: REST and HTTP payload 1.0 use v1, HTTP 2.0 uses v2. */
    private readonly format: '1.0' | '2.0',
    /** `$context` variables named by identity sources, compiled at deploy. */
    private readonly contextGetters: ReadonlyArray<readonly [string, ContextGetter]>,
  ) {
    this.identityHeaders = ctx.req.headers;
    this.stageVariables = (ctx.stage.stageVariables ?? EMPTY) as Record<string, string>;
  }

  get httpMethod(): string {
    return this.ctx.method;
  }

  get path(): string {
    return this.format === '1.0' ? this.v1Event().path : this.ctx.stagePrefix + this.ctx.rawPath;
  }

  get resource(): string {
    return this.ctx.resourcePath;
  }

  get routeKey(): string {
    return this.ctx.routeKey;
  }

  get rawPath(): string {
    return this.ctx.stagePrefix + this.ctx.rawPath;
  }

  get rawQueryString(): string {
    return this.ctx.rawQuery;
  }

  get cookies(): string[] | undefined {
    return this.format === '2.0' ? this.v2Event().cookies : undefined;
  }

  get headers(): Record<string, string> {
    return (this.format === '1.0' ? this.v1Event().headers : this.v2Event().headers) as Record<string, string>;
  }

  get multiValueHeaders(): Record<string, string[]> | undefined {
    return this.format === '1.0' ? (this.v1Event().multiValueHeaders as Record<string, string[]>) : undefined;
  }

  /** REST and payload 1.0 keep the last value of a repeated name; 2.0 joins them with commas. */
  get queryStringParameters(): Record<string, string> {
    if (this.query === null) {
      const out: Record<string, string> = {};
      const join = this.format === '2.0';
      for (const [k, v] of parseQuery(this.ctx.rawQuery)) out[k] = join && out[k] !== undefined ? `${out[k]},${v}` : v;
      this.query = out;
    }
    return this.query;
  }

  get multiValueQueryStringParameters(): Record<string, string[]> | undefined {
    return this.format === '1.0' ? ((this.v1Event().multiValueQueryStringParameters ?? undefined) as Record<string, string[]> | undefined) : undefined;
  }

  get pathParameters(): Record<string, string> {
    return this.ctx.pathParameters ?? {};
  }

  get contextVariables(): Record<string, string | undefined> {
    if (this.context === null) {
      const out: Record<string, string | undefined> = {};
      for (const [name, get] of this.contextGetters) out[name] = get(this.ctx);
      this.context = out;
    }
    return this.context;
  }

  get requestContext(): Record<string, unknown> {
    return (this.format === '1.0' ? this.v1Event().requestContext : this.v2Event().requestContext) as unknown as Record<string, unknown>;
  }

  /** For the conditions of the authorizer's policy: the same facts a resource policy sees. */
  policyFacts(needed: ReadonlySet<PolicyFactName>): PolicyFacts {
    return requestPolicyFacts(this.ctx, needed, this.ctx.callerIdentity);
  }

  private v1Event(): APIGatewayProxyEvent {
    return (this.v1 ??= buildV1Event(this.ctx, false));
  }

  private v2Event(): APIGatewayProxyEventV2 {
    return (this.v2 ??= buildV2Event(this.ctx, false));
  }
}

const CONTEXT_SOURCE = /^\$?context\.(.+)$/;

/** The `$context.x` names among identity sources (REST `context.x`, HTTP `$context.x`). */
export function contextSourceNames(sources: readonly string[]): string[] {
  const names: string[] = [];
  for (const s of sources) {
    const m = CONTEXT_SOURCE.exec(s.trim());
    if (m) names.push(m[1]);
  }
  return names;
}
