import {
  buildMethodArn,
  httpLambdaAuthorizerConfig,
  JwtAuthorizer,
  jwtAuthorizerConfig,
  LambdaAuthorizer,
  methodArnPrefix,
  restLambdaAuthorizerConfig,
  splitRestIdentitySource,
  VerifiedTokenCache,
  type AuthorizerCache,
  type AuthorizerGrant,
  type AuthorizerOutcome,
  type JwksRegistry,
} from '@app/auth';
import type { LambdaInvoker, RestDefinition, V2Definition } from '@app/contracts';
import { compileContextGetter, type ContextGetter } from '../context/context-getter';
import type { RequestContext } from '../context/request-context';
import type { CompileContext, RouteDescriptor } from '../stages/compile-context';
import type { StageFn, StagePlugin } from '../stages/pipeline-stage';
import {
  httpIamAuthorizerContext,
  httpJwtAuthorizerContext,
  httpLambdaAuthorizerContext,
  restAuthorizerContext,
  type CallerIdentity,
} from './authorizer-context';
import { contextSourceNames, PipelineAuthorizerRequest } from './authorizer-request';
import { CognitoKeySets } from './cognito-key-sets';
import { COGNITO_ISSUER_TEMPLATE, CognitoUserPoolAuthorizer } from './cognito-user-pool.authorizer';
import { IamAuthentication } from './iam-authentication';
import { refusalResponse, usesDefaultBody } from './refusal.response';
import { ResourcePolicy, resourcePolicyDenial } from './resource-policy';
import { authorizationOutcome } from './authorization-flow';

export interface AuthorizersDeps {
  /** Invokes Lambda authorizer functions (the runtime's invoker). */
  invoker: LambdaInvoker;
  /** Shared by every node in the cluster (Redis), so one authorizer call serves all of them for the TTL. */
  cache: AuthorizerCache;
  jwks: JwksRegistry;
  /** INVOKE_ACCESS_KEYS: access key id → secret, for AWS_IAM routes. */
  invokeAccessKeys: ReadonlyMap<string, string>;
  region: string;
  accountId: string;
  /** Lambda authorizer timeout; AWS: 10 s. */
  authorizerTimeoutMs?: number;
  /** COGNITO_ISSUER_URL: user-pool issuer template with `{region}` and `{userPoolId}`; default Cognito's own. */
  cognitoIssuerUrl?: string;
  /** Key sets of user pools; one per node is enough (default: a new one per plug-in). */
  cognitoKeySets?: CognitoKeySets;
  /**
   * Verified JWT and Cognito tokens, per node (signature checks are local work, so nothing is shared through Redis);
   * default: one per plug-in holding 10,000 tokens.
   */
  verifiedTokens?: VerifiedTokenCache;
  /** How long an HTTP API JWT authorizer reuses a verified token (s, never past `exp`); 0 verifies every request. Default 300. */
  jwtResultMaxAgeSeconds?: number;
}

/** The route authorization types these stages enforce; add them to the gateway's `enforced` set together. */
export const ENFORCED_AUTHORIZATION_TYPES: readonly string[] = Object.freeze(['CUSTOM', 'JWT', 'AWS_IAM', 'COGNITO_USER_POOLS']);

type Authorize = (ctx: RequestContext, methodArn: string) => Promise<AuthorizerOutcome>;

/**
 * Lambda (REST TOKEN/REQUEST, HTTP REQUEST 1.0/2.0), JWT and AWS_IAM authorization plus REST resource policies, in
 * the `authorize` slot. Everything about a route (authorizer configs, identity sources, the method-ARN prefix, the
 * policy) is compiled at deploy; per request only identity extraction, the cache lookup and, on a miss, the
 * authorizer invocation run. Authorizers are built once per stage and shared by the routes using them, so their
 * cached results are reused across resources as AWS does (the cached REST policy is evaluated per method ARN).
 */
export function authorizersPlugin(deps: AuthorizersDeps): StagePlugin {
  const byStage = new WeakMap<CompileContext, StageAuthorizers>();
  const iam = new IamAuthentication(deps.invokeAccessKeys, deps.accountId);
  const keySets = deps.cognitoKeySets ?? new CognitoKeySets();
  const tokens = deps.verifiedTokens ?? new VerifiedTokenCache();
  return {
    slot: 'authorize',
    stage: {
      name: 'authorizers',
      create(route: RouteDescriptor, compile: CompileContext): StageFn | null {
        let shared = byStage.get(compile);
        if (!shared) byStage.set(compile, (shared = new StageAuthorizers(compile, deps, keySets, tokens)));
        return route.protocol === 'REST' ? compileRest(route, shared, iam, deps) : compileHttp(route, shared, iam);
      },
    },
  };
}

/** Per compiled stage: the ARN prefix, the resource policy and one instance per authorizer id. */
class StageAuthorizers {
  readonly arnPrefix: string;
  readonly policy: ResourcePolicy | undefined;
  readonly defaultDenyBody: boolean;
  readonly nullConfigErrorBody: boolean;
  private readonly lambdas = new Map<string, { authorizer: LambdaAuthorizer; getters: Array<readonly [string, ContextGetter]>; format: '1.0' | '2.0' }>();
  private readonly jwts = new Map<string, JwtAuthorizer>();
  private readonly cognitos = new Map<string, CognitoUserPoolAuthorizer>();

  constructor(
    private readonly compile: CompileContext,
    private readonly deps: AuthorizersDeps,
    private readonly keySets: CognitoKeySets,
    /** A compiled stage's authorizers take partitions of it: a redeployed one never reads its predecessor's tokens. */
    private readonly tokens: VerifiedTokenCache,
  ) {
    this.arnPrefix = methodArnPrefix({ region: deps.region, accountId: deps.accountId }, compile.apiId, compile.stageName);
    const def = compile.active.snapshot.definition;
    const customised = def.protocolType === 'REST' ? (def as RestDefinition).gatewayResponses : [];
    this.policy = def.protocolType === 'REST' ? ResourcePolicy.compile((def as RestDefinition).api.policy) : undefined;
    this.defaultDenyBody = usesDefaultBody(compile.protocol, customised, 'ACCESS_DENIED');
    this.nullConfigErrorBody = usesDefaultBody(compile.protocol, customised, 'AUTHORIZER_CONFIGURATION_ERROR');
  }

  /** Cache entries are scoped to the deployment: a redeployed authorizer never answers from an older one's results. */
  private scope(authorizerId: string): string {
    return `${this.compile.apiId}/${this.compile.stageName}/${this.compile.active.snapshot.deploymentId}/${authorizerId}`;
  }

  lambda(authorizerId: string) {
    let entry = this.lambdas.get(authorizerId);
    if (entry) return entry;
    const def = this.compile.active.snapshot.definition;
    let config;
    let sources: string[];
    if (def.protocolType === 'REST') {
      const doc = (def as RestDefinition).authorizers.find((a) => a.id === authorizerId);
      if (!doc) throw new Error(`authorizerId '${authorizerId}' does not exist`);
      config = restLambdaAuthorizerConfig(doc, this.scope(authorizerId));
      sources = splitRestIdentitySource(doc.identitySource);
    } else {
      const doc = (def as V2Definition).authorizers.find((a) => a.authorizerId === authorizerId);
      if (!doc) throw new Error(`authorizerId '${authorizerId}' does not exist`);
      if (doc.authorizerType !== 'REQUEST') throw new Error(`authorizer '${authorizerId}' is a ${doc.authorizerType} authorizer; CUSTOM routes need a REQUEST (Lambda) authorizer`);
      config = httpLambdaAuthorizerConfig(doc, this.scope(authorizerId));
      sources = doc.identitySource ?? [];
    }
    const authorizer = new LambdaAuthorizer(config, { invoker: this.deps.invoker, cache: this.deps.cache, timeoutMs: this.deps.authorizerTimeoutMs });
    const getters = contextSourceNames(sources).map((name) => [name, compileContextGetter(name)] as const);
    entry = { authorizer, getters, format: config.payloadFormatVersion };
    this.lambdas.set(authorizerId, entry);
    return entry;
  }

  jwt(authorizerId: string): JwtAuthorizer {
    let jwt = this.jwts.get(authorizerId);
    if (jwt) return jwt;
    const doc = (this.compile.active.snapshot.definition as V2Definition).authorizers.find((a) => a.authorizerId === authorizerId);
    if (!doc) throw new Error(`authorizerId '${authorizerId}' does not exist`);
    if (doc.authorizerType !== 'JWT') throw new Error(`authorizer '${authorizerId}' is a ${doc.authorizerType} authorizer; JWT routes need a JWT authorizer`);
    jwt = new JwtAuthorizer(jwtAuthorizerConfig(doc), this.deps.jwks, { cache: this.tokens, maxAgeSeconds: this.deps.jwtResultMaxAgeSeconds });
    this.jwts.set(authorizerId, jwt);
    return jwt;
  }

  cognito(authorizerId: string): CognitoUserPoolAuthorizer {
    let cognito = this.cognitos.get(authorizerId);
    if (cognito) return cognito;
    const doc = (this.compile.active.snapshot.definition as RestDefinition).authorizers.find((a) => a.id === authorizerId);
    if (!doc) throw new Error(`authorizerId '${authorizerId}' does not exist`);
    cognito = CognitoUserPoolAuthorizer.compile(doc, this.deps.cognitoIssuerUrl ?? COGNITO_ISSUER_TEMPLATE, this.keySets, this.tokens);
    this.cognitos.set(authorizerId, cognito);
    return cognito;
  }
}

function compileRest(route: RouteDescriptor & { protocol: 'REST' }, shared: StageAuthorizers, iam: IamAuthentication, deps: AuthorizersDeps): StageFn | null {
  const type = route.method.authorizationType ?? 'NONE';
  const policy = shared.policy;
  if (type === 'COGNITO_USER_POOLS') return compileRestCognito(route, shared, deps);
  let authorize: Authorize | null = null;
  if (type === 'CUSTOM') {
    if (!route.method.authorizerId) throw new Error('authorizationType CUSTOM needs an authorizerId');
    const { authorizer, getters } = shared.lambda(route.method.authorizerId);
    authorize = (ctx, arn) => authorizer.authorize(new PipelineAuthorizerRequest(ctx, arn, '1.0', getters));
  } else if (type !== 'NONE' && type !== 'AWS_IAM') {
    return null; // A type nobody enforces: unenforcedAccessPlugin fails the route closed.
  }
  if (type === 'NONE' && !policy) return null;
  const prefix = shared.arnPrefix;
  const deny = (ctx: RequestContext, arn: string, decision: 'Deny' | 'ImplicitDeny', caller?: CallerIdentity) =>
    resourcePolicyDenial(ctx, arn, deps.accountId, decision, caller, shared.defaultDenyBody);

  return async (ctx) => {
    const arn = buildMethodArn(prefix, ctx.method, ctx.rawPath);
    let caller: CallerIdentity | undefined;
    if (type === 'AWS_IAM') {
      const auth = await iam.authenticate(ctx);
      if (!auth.ok) return auth.response;
      caller = auth.caller;
      ctx.callerIdentity = caller;
    }
    // Resource policy first: an explicit deny refuses before any authorizer runs (authorization-flow.ts).
    const resource = policy?.evaluate(ctx, arn, caller);
    if (resource === 'Deny') return deny(ctx, arn, 'Deny', caller);
    if (type === 'NONE') return resource === 'Allow' ? undefined : deny(ctx, arn, 'ImplicitDeny');
    if (type === 'AWS_IAM') {
      const decision = authorizationOutcome('AWS_IAM', 'Allow', resource, caller!.accountId === deps.accountId);
      return decision === 'Allow' ? undefined : deny(ctx, arn, decision, caller);
    }
    const started = performance.now();
    const outcome = await authorize!(ctx, arn);
    let grant: AuthorizerGrant;
    if (outcome.ok) grant = outcome;
    // The authorizer's policy was silent on this method: an explicit allow in the resource policy lets it through.
    else if (outcome.silentGrant && authorizationOutcome('CUSTOM', 'ImplicitDeny', resource) === 'Allow') grant = outcome.silentGrant;
    else return refusalResponse(ctx, outcome, shared.nullConfigErrorBody);
    ctx.authorizer = restAuthorizerContext(grant, grant.cached ? 0 : Math.round(performance.now() - started));
    if (grant.usageIdentifierKey !== undefined) ctx.usageIdentifierKey = grant.usageIdentifierKey;
    ctx.invalidateContextVariables();
    return undefined;
  };
}

/**
 * COGNITO_USER_POOLS: the token is authenticated first; then, when the API has a resource policy, it must allow the
 * method ARN explicitly — a Deny or a silent policy refuses (apigateway-authorization-flow.md, "Amazon Cognito
 * Authentication and Resource Policy").
 */
function compileRestCognito(route: RouteDescriptor & { protocol: 'REST' }, shared: StageAuthorizers, deps: AuthorizersDeps): StageFn {
  if (!route.method.authorizerId) throw new Error('authorizationType COGNITO_USER_POOLS needs an authorizerId');
  const cognito = shared.cognito(route.method.authorizerId);
  const scopes = route.method.authorizationScopes ?? [];
  const policy = shared.policy;
  const prefix = shared.arnPrefix;
  return async (ctx) => {
    const outcome = await cognito.authorize(ctx.req.headers, scopes);
    if (!outcome.ok) return refusalResponse(ctx, outcome, shared.nullConfigErrorBody);
    if (policy) {
      const arn = buildMethodArn(prefix, ctx.method, ctx.rawPath);
      const decision = authorizationOutcome('COGNITO_USER_POOLS', 'Allow', policy.evaluate(ctx, arn, undefined));
      if (decision !== 'Allow') return resourcePolicyDenial(ctx, arn, deps.accountId, decision, undefined, shared.defaultDenyBody);
    }
    ctx.authorizer = { claims: outcome.claims };
    ctx.invalidateContextVariables();
    return undefined;
  };
}

function compileHttp(route: RouteDescriptor & { protocol: 'HTTP' }, shared: StageAuthorizers, iam: IamAuthentication): StageFn | null {
  const type = route.route.authorizationType ?? 'NONE';
  const prefix = shared.arnPrefix;
  const integration = route.integration;
  const integrationFormat: '1.0' | '2.0' =
    (integration?.payloadFormatVersion ?? (integration?.integrationType === 'AWS_PROXY' ? '2.0' : '1.0')) === '2.0' ? '2.0' : '1.0';
  if (type === 'AWS_IAM') {
    return async (ctx) => {
      const auth = await iam.authenticate(ctx);
      if (!auth.ok) return auth.response;
      ctx.callerIdentity = auth.caller;
      ctx.authorizer = httpIamAuthorizerContext(auth.caller);
      ctx.invalidateContextVariables();
      return undefined;
    };
  }
  if (type === 'JWT') {
    if (!route.route.authorizerId) throw new Error('authorizationType JWT needs an authorizerId');
    const jwt = shared.jwt(route.route.authorizerId);
    const scopes = route.route.authorizationScopes;
    return async (ctx) => {
      const outcome = await jwt.authorize(new PipelineAuthorizerRequest(ctx, '', '2.0', []), scopes);
      if (!outcome.ok) return refusalResponse(ctx, outcome, false);
      ctx.authorizer = httpJwtAuthorizerContext(outcome, integrationFormat);
      ctx.invalidateContextVariables();
      return undefined;
    };
  }
  if (type === 'CUSTOM') {
    if (!route.route.authorizerId) throw new Error('authorizationType CUSTOM needs an authorizerId');
    const { authorizer, getters, format } = shared.lambda(route.route.authorizerId);
    return async (ctx) => {
      const arn = buildMethodArn(prefix, ctx.method, ctx.rawPath);
      const outcome = await authorizer.authorize(new PipelineAuthorizerRequest(ctx, arn, format, getters));
      if (!outcome.ok) return refusalResponse(ctx, outcome, false);
      ctx.authorizer = httpLambdaAuthorizerContext(outcome);
      ctx.invalidateContextVariables();
      return undefined;
    };
  }
  return null;
}
