import {
  AWS_LIMITS,
  type ActiveStage,
  type RestDefinition,
  type RestIntegrationDoc,
  type V2Definition,
  type V2IntegrationDoc,
} from '@app/contracts';
import { CorsPolicy } from '../cors/cors.policy';
import { GatewayResponder } from '../gateway-responses/gateway-responder';
import { ContextTemplateRenderer, type TemplateRenderer } from '../gateway-responses/template-renderer';
import { createHttpProxyIntegration, UpstreamPools } from '../integrations/http-proxy.integration';
import { lambdaFunctionFromUri, substituteStageVariables, UndefinedStageVariableError } from '../integrations/integration-uri';
import { createLambdaIntegration } from '../integrations/lambda.integration';
import { compileRequestParameters, compileResponseParameters } from '../integrations/parameter-mapping';
import { compileBinaryMediaTypes } from '../integrations/request-view';
import { HttpApiRouter } from '../routing/http-api.router';
import { RestApiRouter } from '../routing/rest-api.router';
import type { GatewayResponseType } from '@app/contracts';
import type { CompileContext, RouteDescriptor } from '../stages/compile-context';
import { STAGE_SLOTS, type ResponseStageFn, type StageFn, type StagePlugin } from '../stages/pipeline-stage';
import type { CompiledRoute, CompiledStage } from './compiled-stage';
import type { RequestContext } from '../context/request-context';
import { compileParameters } from '../rest/rest-route.compiler';
import { readMethodRequest } from '../rest/method-request';
import { invocationOptions } from '../rest/aws-lambda.integration';

/** Builds the integration stage for integration types the pipeline does not handle itself (MOCK, AWS, HTTP). */
export type IntegrationFactory = (descriptor: RouteDescriptor, compile: CompileContext) => StageFn;

export interface StageCompilerOptions {
  /** Renders gateway response templates; defaults to ContextTemplateRenderer ($context/$stageVariables only). */
  renderer?: TemplateRenderer;
  /** Account id reported in `requestContext.accountId`; default `123456789012`. */
  accountId?: string;
  /** Plug-in stages (throttle, API keys, authorizers, validators), run in STAGE_SLOTS order. */
  plugins?: readonly StagePlugin[];
  /** Integrations by type for REST `MOCK`/`AWS`/`HTTP` and HTTP API types the pipeline lacks. */
  integrations?: Partial<Record<string, IntegrationFactory>>;
}

/** Compiles an ActiveStage; throws `Error` naming the faulty route/resource when the definition cannot be served. */
export function compileStage(active: ActiveStage, options: StageCompilerOptions = {}): CompiledStage {
  if (active.protocolType === 'WEBSOCKET') throw new Error(`API ${active.apiId} is a WebSocket API; the ws-gateway serves it`);
  const closers: Array<() => Promise<void> | void> = [];
  const pools = new UpstreamPools();
  closers.push(() => pools.close());
  const protocol: 'REST' | 'HTTP' = active.protocolType === 'REST' ? 'REST' : 'HTTP';
  const stageName = active.stage.stageName;
  const variables = (active.protocolType === 'REST' ? active.stage.variables : active.stage.stageVariables) ?? {};
  const compile: CompileContext = {
    active,
    apiId: active.apiId,
    stageName,
    protocol,
    stageVariables: variables,
    onClose: (release) => closers.push(release),
  };
  const renderer = options.renderer ?? new ContextTemplateRenderer();
  const plugins = [...(options.plugins ?? [])].sort((a, b) => STAGE_SLOTS.indexOf(a.slot) - STAGE_SLOTS.indexOf(b.slot));
  const warnings: string[] = [];
  const base = {
    apiId: active.apiId,
    stageName,
    protocol,
    deploymentId: active.snapshot.deploymentId,
    accountId: options.accountId ?? '123456789012',
    stageVariables: Object.keys(variables).length > 0 ? Object.freeze({ ...variables }) : null,
    warnings,
    close: async () => {
      await Promise.all(closers.map((c) => c()));
    },
  };
  try {
    if (active.protocolType === 'REST') {
      const def = active.snapshot.definition as RestDefinition;
      const responses = new GatewayResponder('REST', renderer, def.gatewayResponses);
      const router = compileRest(def, compile, plugins, pools, options, warnings);
      return { ...base, responses, cors: null, httpRouter: null, restRouter: router };
    }
    const def = active.snapshot.definition as V2Definition;
    const responses = new GatewayResponder('HTTP', renderer);
    const cors = def.api.corsConfiguration ? new CorsPolicy(def.api.corsConfiguration) : null;
    const router = compileHttp(def, compile, plugins, pools, options, warnings);
    return { ...base, responses, cors, httpRouter: router, restRouter: null };
  } catch (error) {
    void pools.close();
    throw new Error(`cannot load stage '${stageName}' of API ${active.apiId}: ${(error as Error).message}`);
  }
}

function pluginStages(descriptor: RouteDescriptor, compile: CompileContext, plugins: readonly StagePlugin[]): StageFn[] {
  const out: StageFn[] = [];
  for (const p of plugins) {
    const fn = p.stage.create(descriptor, compile);
    if (fn) out.push(fn);
  }
  return out;
}

function timeout(value: number | undefined, limits: { min: number; max: number; default: number }, where: string): number {
  if (value === undefined) return limits.default;
  if (!Number.isInteger(value) || value < limits.min || value > limits.max) {
    throw new Error(`${where}: timeoutInMillis ${value} is outside ${limits.min}..${limits.max}`);
  }
  return value;
}

/** A route whose integration cannot run here answers with a configuration error; the reason is a warning. */
/** A route that cannot be compiled either fails the deploy (a definition error) or, like AWS, answers 500 alone. */
function routeFailure(error: unknown, where: string, warnings: string[]): StageFn {
  if (error instanceof UndefinedStageVariableError) return failing('API_CONFIGURATION_ERROR', `${where}: ${error.message}`, warnings);
  throw new Error(`${where}: ${(error as Error).message}`);
}

function failing(type: GatewayResponseType, reason: string, warnings: string[]): StageFn {
  warnings.push(reason);
  return (ctx) => {
    ctx.integrationErrorMessage = reason;
    return ctx.stage.responses.respond(ctx, type);
  };
}

const PATH_MAPPING = /^integration\.request\.path\.(.+)$/;
const METHOD_PATH = /^method\.request\.path\.(.+)$/;

function compileRest(
  def: RestDefinition,
  compile: CompileContext,
  plugins: readonly StagePlugin[],
  pools: UpstreamPools,
  options: StageCompilerOptions,
  warnings: string[],
): RestApiRouter<CompiledRoute> {
  const router = new RestApiRouter<CompiledRoute>();
  const isBinary = compileBinaryMediaTypes(def.api.binaryMediaTypes);
  for (const resource of def.resources) {
    for (const [httpMethod, method] of Object.entries(resource.resourceMethods ?? {})) {
      const where = `${httpMethod} ${resource.path}`;
      const descriptor: RouteDescriptor = { protocol: 'REST', resource, method, httpMethod };
      const integration = method.methodIntegration;
      let integrationFn: StageFn;
      let pluginFns: StageFn[] = [];
      try {
        pluginFns = pluginStages(descriptor, compile, plugins);
        integrationFn = compileRestIntegration(integration, descriptor, compile, pools, options, warnings, where, isBinary);
      } catch (error) {
        integrationFn = routeFailure(error, where, warnings);
      }
      const route: CompiledRoute = {
        routeKey: where,
        resourcePath: resource.path,
        resourceId: resource.id,
        stages: [...pluginFns, integrationFn],
        responseStages: [],
      };
      router.add(resource.path, httpMethod, route);
    }
  }
  return router;
}

function compileRestIntegration(
  integration: RestIntegrationDoc | undefined,
  descriptor: RouteDescriptor,
  compile: CompileContext,
  pools: UpstreamPools,
  options: StageCompilerOptions,
  warnings: string[],
  where: string,
  isBinary: (ct: string | undefined) => boolean,
): StageFn {
  if (!integration) return failing('API_CONFIGURATION_ERROR', `${where}: no integration defined for method`, warnings);
  const timeoutMs = timeout(integration.timeoutInMillis, AWS_LIMITS.restIntegrationTimeoutMs, where);
  // Proxy integrations accept mappings from method parameters the method does not declare (AWS refuses those when
  // the integration is saved; snapshots imported from elsewhere may still carry them).
  const method = (descriptor as RouteDescriptor & { protocol: 'REST' }).method;
  const mapping = compileParameters(integration, method, false);
  const mapRequest = mapping ? (ctx: RequestContext) => mapping(readMethodRequest(ctx, ctx.body ? ctx.body.toString('utf8') : '').source) : null;
  if (integration.type === 'AWS_PROXY') {
    const uri = substituteStageVariables(integration.uri ?? '', compile.stageVariables);
    return createLambdaIntegration({
      functionName: lambdaFunctionFromUri(uri),
      payloadFormatVersion: '1.0',
      timeoutMs,
      isBinary,
      invocation: mapRequest ? (ctx) => invocationOptions(mapRequest(ctx).header) : null,
    });
  }
  if (integration.type === 'HTTP_PROXY') {
    const sources: Record<string, string> = {};
    for (const [target, source] of Object.entries(integration.requestParameters ?? {})) {
      const t = PATH_MAPPING.exec(target);
      const s = METHOD_PATH.exec(source);
      if (t && s) sources[t[1]] = s[1];
    }
    return createHttpProxyIntegration(
      {
        uri: substituteStageVariables(integration.uri ?? '', compile.stageVariables),
        method: integration.httpMethod ?? 'ANY',
        timeoutMs,
        pathParameterSources: sources,
        restParameters: mapRequest,
      },
      pools,
    );
  }
  const factory = options.integrations?.[integration.type];
  if (factory) return factory(descriptor, compile);
  return failing('API_CONFIGURATION_ERROR', `${where}: integration type ${integration.type} needs an integration factory (mapping library)`, warnings);
}

function compileHttp(
  def: V2Definition,
  compile: CompileContext,
  plugins: readonly StagePlugin[],
  pools: UpstreamPools,
  options: StageCompilerOptions,
  warnings: string[],
): HttpApiRouter<CompiledRoute> {
  const router = new HttpApiRouter<CompiledRoute>();
  const integrations = new Map(def.integrations.map((i) => [i.integrationId, i]));
  for (const route of def.routes) {
    const where = `route '${route.routeKey}'`;
    const integrationId = route.target?.startsWith('integrations/') ? route.target.slice('integrations/'.length) : undefined;
    const integration = integrationId ? integrations.get(integrationId) : undefined;
    if (integrationId && !integration) throw new Error(`${where}: target ${route.target} does not exist`);
    const descriptor: RouteDescriptor = { protocol: 'HTTP', route, integration, cors: def.api.corsConfiguration };
    let integrationFn: StageFn;
    const responseStages: ResponseStageFn[] = [];
    try {
      integrationFn = compileHttpIntegration(integration, route.routeKey, descriptor, compile, pools, options, warnings, where);
      const mapping = compileResponseParameters(integration?.responseParameters);
      if (mapping) {
        // Only what the integration answered is mapped, not gateway errors.
        responseStages.push((ctx, response) => {
          if (ctx.errorResponseType === null) mapping.apply(ctx, response);
        });
      }
    } catch (error) {
      integrationFn = routeFailure(error, where, warnings);
    }
    const space = route.routeKey.indexOf(' ');
    router.add(route.routeKey, {
      routeKey: route.routeKey,
      resourcePath: space < 0 ? route.routeKey : route.routeKey.slice(space + 1),
      resourceId: null,
      stages: [...pluginStages(descriptor, compile, plugins), integrationFn],
      responseStages,
    });
  }
  return router;
}

function compileHttpIntegration(
  integration: V2IntegrationDoc | undefined,
  routeKey: string,
  descriptor: RouteDescriptor,
  compile: CompileContext,
  pools: UpstreamPools,
  options: StageCompilerOptions,
  warnings: string[],
  where: string,
): StageFn {
  // AWS answers a route without an integration as if it did not exist.
  if (!integration) return (ctx) => ctx.stage.responses.respond(ctx, 'RESOURCE_NOT_FOUND');
  const timeoutMs = timeout(integration.timeoutInMillis, AWS_LIMITS.httpIntegrationTimeoutMs, where);
  if (integration.integrationType === 'AWS_PROXY') {
    const version = integration.payloadFormatVersion ?? '2.0';
    if (version !== '1.0' && version !== '2.0') throw new Error(`payloadFormatVersion '${version}' is not 1.0 or 2.0`);
    const uri = substituteStageVariables(integration.integrationUri ?? '', compile.stageVariables);
    return createLambdaIntegration({ functionName: lambdaFunctionFromUri(uri), payloadFormatVersion: version, timeoutMs });
  }
  if (integration.integrationType === 'HTTP_PROXY') {
    return createHttpProxyIntegration(
      {
        uri: substituteStageVariables(integration.integrationUri ?? '', compile.stageVariables),
        method: integration.integrationMethod ?? 'ANY',
        timeoutMs,
        appendRequestPath: routeKey === '$default',
        requestMapping: compileRequestParameters(integration.requestParameters),
      },
      pools,
    );
  }
  const factory = options.integrations?.[integration.integrationType];
  if (factory) return factory(descriptor, compile);
  return failing('API_CONFIGURATION_ERROR', `${where}: integration type ${integration.integrationType} is not supported for HTTP APIs here`, warnings);
}
