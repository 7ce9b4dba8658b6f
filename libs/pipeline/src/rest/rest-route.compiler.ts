import { compileRequestParameterMapping, type IntegrationRequestParameters } from '@app/mapping';
import type { RestDefinition, RestIntegrationDoc, RestMethodDoc } from '@app/contracts';
import type { RequestContext } from '../context/request-context';
import { UpstreamPools } from '../integrations/http-proxy.integration';
import { compileBinaryMediaTypes } from '../integrations/request-view';
import type { CompileContext, RouteDescriptor } from '../stages/compile-context';
import type { StageFn } from '../stages/pipeline-stage';
import { IntegrationResponder } from './integration-responses';
import { readMethodRequest, type MethodRequest } from './method-request';
import { RequestPayloadMapper } from './request-payload';

/** Per compiled stage: the API's binaryMediaTypes and the upstream pools of its HTTP integrations. */
interface StageShared {
  isBinary: (contentType: string | undefined) => boolean;
  hasBinaryTypes: boolean;
  pools: UpstreamPools;
}

const shared = new WeakMap<CompileContext, StageShared>();

export function stageShared(compile: CompileContext): StageShared {
  let entry = shared.get(compile);
  if (!entry) {
    const types = compile.active.protocolType === 'REST' ? (compile.active.snapshot.definition as RestDefinition).api.binaryMediaTypes : undefined;
    const pools = new UpstreamPools();
    compile.onClose(() => pools.close());
    entry = { isBinary: compileBinaryMediaTypes(types), hasBinaryTypes: (types?.length ?? 0) > 0, pools };
    shared.set(compile, entry);
  }
  return entry;
}

/** The parts every REST non-proxy integration (MOCK, HTTP, AWS) shares, compiled once per route. */
export interface NonProxyRoute {
  integration: RestIntegrationDoc;
  method: RestMethodDoc;
  payload: RequestPayloadMapper;
  responder: IntegrationResponder;
  /** `integration.request.*` parameter mappings; null when there are none. */
  parameters: ((request: MethodRequest) => IntegrationRequestParameters) | null;
  /** Builds the method request view only for routes that read it. */
  methodRequest(ctx: RequestContext): MethodRequest | null;
  shared: StageShared;
}

export function compileNonProxyRoute(descriptor: RouteDescriptor & { protocol: 'REST' }, compile: CompileContext): NonProxyRoute {
  const method = descriptor.method;
  const integration = method.methodIntegration!;
  const s = stageShared(compile);
  const payload = new RequestPayloadMapper(integration, s.isBinary);
  const responder = new IntegrationResponder(integration, method, s.isBinary, s.hasBinaryTypes);
  const mapping = compileParameters(integration, method);
  const needed = mapping !== null || payload.hasTemplates || responder.hasTemplates;
  return {
    integration,
    method,
    payload,
    responder,
    parameters: mapping ? (request) => mapping(request.source) : null,
    methodRequest: needed ? (ctx) => readMethodRequest(ctx, ctx.body ? ctx.body.toString('utf8') : '') : () => null,
    shared: s,
  };
}

/** REST `integration.request.{header|querystring|path}.*` mappings; refuses sources the method does not declare, as AWS does. */
export function compileParameters(
  integration: RestIntegrationDoc,
  method: RestMethodDoc,
  requireDeclared = true,
): ((source: MethodRequest['source']) => IntegrationRequestParameters) | null {
  const params = integration.requestParameters;
  if (!params || Object.keys(params).length === 0) return null;
  try {
    return compileRequestParameterMapping(params, requireDeclared ? { declaredParameters: method.requestParameters ?? {} } : {});
  } catch (error) {
    throw new Error(`integration requestParameters: ${(error as Error).message}`);
  }
}

/** Integrations are REST-only; an HTTP API route that names one of these types answers a configuration error. */
export function restOnly(descriptor: RouteDescriptor, type: string, build: (d: RouteDescriptor & { protocol: 'REST' }) => StageFn): StageFn {
  if (descriptor.protocol === 'REST') return build(descriptor);
  const reason = `route '${descriptor.route.routeKey}': ${type} integrations are supported for REST APIs only`;
  return (ctx) => {
    ctx.integrationErrorMessage = reason;
    return ctx.stage.responses.respond(ctx, 'API_CONFIGURATION_ERROR');
  };
}
