import { AWS_LIMITS, INVOKE_TIMED_OUT, invokeWithin, type LambdaInvoker, type RestAuthorizerDoc, type V2AuthorizerDoc } from '@app/contracts';
import { authorizerCacheKey, type AuthorizerCache, type CachedAuthorization } from './authorizer-cache';
import { REFUSALS, type AuthorizerContextValue, type AuthorizerGrant, type AuthorizerOutcome } from './authorizer.outcome';
import { compilePolicy, decide, InvalidPolicyError, type CompiledPolicy } from './iam-policy.evaluator';
import { compileIdentitySources, splitRestIdentitySource, type AuthorizerRequest, type IdentityExtractor } from './identity-source';
import { httpRequestEventFor, restEventFor } from './lambda-authorizer.events-for';
import { InvalidAuthorizerResponseError, parseAuthorizerResponse } from './lambda-authorizer.response';

export interface LambdaAuthorizerConfig {
  protocol: 'REST' | 'HTTP';
  type: 'TOKEN' | 'REQUEST';
  /** HTTP APIs: `1.0` or `2.0`; REST events carry no version. */
  payloadFormatVersion: '1.0' | '2.0';
  /** HTTP payload 2.0 only: the function returns `{isAuthorized, context}`. */
  enableSimpleResponses: boolean;
  /** Name or ARN of the authorizer function, for the LambdaInvoker. */
  functionName: string;
  identitySources: string[];
  /** TOKEN only: the whole token must match this (Java `matches`) or the request gets 401 without an invocation. */
  identityValidationExpression?: string;
  /** 0 disables caching; at most 3600. */
  ttlSeconds: number;
  /** Unique name of this authorizer in the cache, e.g. `{apiId}/{stage}/{authorizerId}`. */
  cacheScope: string;
}

export interface LambdaAuthorizerDeps {
  invoker: LambdaInvoker;
  cache: AuthorizerCache;
  /** Default 10,000 ms (AWS_LIMITS.authorizerTimeoutMs). */
  timeoutMs?: number;
}

/** `arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{functionArn}/invocations` → functionArn. */
export function functionFromAuthorizerUri(uri: string | undefined): string {
  const m = uri ? /\/functions\/(.+)\/invocations$/.exec(uri) : null;
  if (!m) throw new RangeError(`authorizerUri '${uri ?? ''}' is not a Lambda invocation URI`);
  return m[1];
}

function clampTtl(ttl: number | undefined, fallback: number): number {
  const t = ttl ?? fallback;
  if (!Number.isInteger(t) || t < 0 || t > AWS_LIMITS.authorizerCacheTtlSeconds.max) {
    throw new RangeError(`authorizerResultTtlInSeconds must be an integer from 0 to 3600, got ${t}`);
  }
  return t;
}

export function restLambdaAuthorizerConfig(doc: RestAuthorizerDoc, cacheScope: string): LambdaAuthorizerConfig {
  if (doc.type !== 'TOKEN' && doc.type !== 'REQUEST') throw new RangeError(`authorizer type ${doc.type} is not a Lambda authorizer`);
  const sources = splitRestIdentitySource(doc.identitySource ?? (doc.type === 'TOKEN' ? 'method.request.header.Authorization' : undefined));
  if (doc.type === 'TOKEN' && sources.length !== 1) throw new RangeError('a TOKEN authorizer needs exactly one identitySource header');
  return {
    protocol: 'REST',
    type: doc.type,
    payloadFormatVersion: '1.0',
    enableSimpleResponses: false,
    functionName: functionFromAuthorizerUri(doc.authorizerUri),
    identitySources: sources,
    identityValidationExpression: doc.type === 'TOKEN' ? doc.identityValidationExpression : undefined,
    ttlSeconds: clampTtl(doc.authorizerResultTtlInSeconds, AWS_LIMITS.authorizerCacheTtlSeconds.default),
    cacheScope,
  };
}

/** HTTP API REQUEST authorizers; an unset TTL means no caching, as CreateAuthorizer leaves it. */
export function httpLambdaAuthorizerConfig(doc: V2AuthorizerDoc, cacheScope: string): LambdaAuthorizerConfig {
  if (doc.authorizerType !== 'REQUEST') throw new RangeError(`authorizer type ${doc.authorizerType} is not a Lambda authorizer`);
  const version = doc.authorizerPayloadFormatVersion ?? '2.0';
  if (version !== '1.0' && version !== '2.0') throw new RangeError(`authorizerPayloadFormatVersion must be 1.0 or 2.0, got ${version}`);
  if (doc.enableSimpleResponses && version !== '2.0') throw new RangeError('enableSimpleResponses requires authorizerPayloadFormatVersion 2.0');
  return {
    protocol: 'HTTP',
    type: 'REQUEST',
    payloadFormatVersion: version,
    enableSimpleResponses: doc.enableSimpleResponses === true,
    functionName: functionFromAuthorizerUri(doc.authorizerUri),
    identitySources: doc.identitySource ?? [],
    ttlSeconds: clampTtl(doc.authorizerResultTtlInSeconds, 0),
    cacheScope,
  };
}

/**
 * One Lambda authorizer, compiled when the deployment loads. Per request: identity sources → (401 if missing) →
 * cache → invoke with a 10 s timeout → validate → cache → decide. A cached REST policy is evaluated again against
 * each request's method ARN, as AWS reuses one cached policy for every method the authorizer guards.
 */
export class LambdaAuthorizer {
  private readonly extractors: IdentityExtractor[];
  private readonly tokenPattern?: RegExp;
  private readonly form: 'policy' | 'simple';
  private readonly timeoutMs: number;

  constructor(
    readonly config: LambdaAuthorizerConfig,
    private readonly deps: LambdaAuthorizerDeps,
  ) {
    this.extractors = compileIdentitySources(config.identitySources);
    if (config.identityValidationExpression) this.tokenPattern = new RegExp(`^(?:${config.identityValidationExpression})$`);
    this.form = config.enableSimpleResponses ? 'simple' : 'policy';
    this.timeoutMs = deps.timeoutMs ?? AWS_LIMITS.authorizerTimeoutMs;
  }

  async authorize(request: AuthorizerRequest): Promise<AuthorizerOutcome> {
    const identities: string[] = [];
    for (const extract of this.extractors) {
      const value = extract(request);
      if (value === undefined) return REFUSALS.unauthorized('identity source missing');
      identities.push(value);
    }
    if (this.tokenPattern && !this.tokenPattern.test(identities[0])) return REFUSALS.unauthorized('token does not match identityValidationExpression');

    const cacheKey = this.config.ttlSeconds > 0 && identities.length > 0 ? authorizerCacheKey(this.config.cacheScope, identities) : undefined;
    if (cacheKey) {
      const cached = await this.deps.cache.get(cacheKey);
      if (cached) return this.decide(cached, request, true);
    }

    const payload = JSON.stringify(
      this.config.protocol === 'REST' ? restEventFor(this.config.type, request, identities) : httpRequestEventFor(this.config.payloadFormatVersion, request, identities),
    );
    const answer = await this.invoke(payload);
    if (!answer.ok) return answer.refusal;
    let parsed: CachedAuthorization;
    try {
      parsed = parseAuthorizerResponse(answer.value, this.form, this.config.protocol);
    } catch (err) {
      if (err instanceof InvalidAuthorizerResponseError) return REFUSALS.configurationError(this.config.protocol, err.message);
      throw err;
    }
    if (cacheKey) await this.deps.cache.set(cacheKey, parsed, this.config.ttlSeconds);
    return this.decide(parsed, request, false);
  }

  private async invoke(payload: string): Promise<{ ok: true; value: unknown } | { ok: false; refusal: AuthorizerOutcome }> {
    const protocol = this.config.protocol;
    let result;
    try {
      result = await invokeWithin(this.deps.invoker, { functionName: this.config.functionName, payload }, this.timeoutMs);
    } catch (err) {
      return { ok: false, refusal: REFUSALS.configurationError(protocol, `authorizer invocation failed: ${(err as Error).message}`) };
    }
    if (result === INVOKE_TIMED_OUT) return { ok: false, refusal: REFUSALS.configurationError(protocol, `authorizer did not answer within ${this.timeoutMs} ms`) };
    if (result.kind === 'service-error') return { ok: false, refusal: REFUSALS.configurationError(protocol, `${result.errorType}: ${result.message}`) };
    if (result.kind === 'function-error') {
      // `throw new Error('Unauthorized')` / callback('Unauthorized') is how an authorizer says 401.
      const message = safeParse(result.payload) as { errorMessage?: unknown } | undefined;
      if (message?.errorMessage === 'Unauthorized') return { ok: false, refusal: REFUSALS.unauthorized('authorizer answered Unauthorized') };
      return { ok: false, refusal: REFUSALS.configurationError(protocol, `authorizer function failed: ${String(message?.errorMessage ?? result.payload)}`) };
    }
    if (Buffer.byteLength(result.payload) > AWS_LIMITS.authorizerResultBytes) {
      return { ok: false, refusal: REFUSALS.configurationError(protocol, `authorizer response is larger than ${AWS_LIMITS.authorizerResultBytes} bytes`) };
    }
    const value = safeParse(result.payload);
    if (value === undefined) return { ok: false, refusal: REFUSALS.configurationError(protocol, 'authorizer response is not JSON') };
    return { ok: true, value };
  }

  private decide(result: CachedAuthorization, request: AuthorizerRequest, cached: boolean): AuthorizerOutcome {
    const rest = this.config.protocol === 'REST';
    const context = result.context as Record<string, AuthorizerContextValue>;
    if (result.isAuthorized !== undefined) {
      return result.isAuthorized ? { ok: true, context, cached } : REFUSALS.forbidden(undefined, 'authorizer answered isAuthorized=false');
    }
    let decision;
    try {
      // Only the request facts its conditions name are computed.
      const policy = compiledPolicyOf(result.policyDocument);
      decision = decide(policy, request.methodArn, request.policyFacts?.(policy.facts));
    } catch (err) {
      if (err instanceof InvalidPolicyError) return REFUSALS.configurationError(this.config.protocol, err.message);
      throw err;
    }
    if (decision === 'Deny') return rest ? REFUSALS.explicitDeny() : REFUSALS.forbidden();
    const grant: AuthorizerGrant = { ok: true, principalId: result.principalId, context, cached };
    if (result.usageIdentifierKey !== undefined) grant.usageIdentifierKey = result.usageIdentifierKey;
    if (decision === 'ImplicitDeny') return rest ? { ...REFUSALS.implicitDeny(), silentGrant: grant } : REFUSALS.forbidden();
    return grant;
  }
}

/**
 * Compiled authorizer policies by document object. Both caches hand back the same result object on every hit (the
 * Redis one while Redis returns the same text), so a cached policy compiles once per node. Invalid documents are
 * not remembered: they throw every time.
 */
const compiledPolicies = new WeakMap<object, CompiledPolicy>();

function compiledPolicyOf(document: unknown): CompiledPolicy {
  if (document === null || typeof document !== 'object') return compilePolicy(document, 'identity');
  let policy = compiledPolicies.get(document);
  if (policy === undefined) {
    policy = compilePolicy(document, 'identity');
    compiledPolicies.set(document, policy);
  }
  return policy;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
