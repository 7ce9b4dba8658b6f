import type { RequestContext } from '../context/request-context';
import type { GatewayResponse } from './gateway-response';
import type { CompileContext } from './compile-context';

/**
 * What a request-phase stage function returns: `undefined` means "continue with the next stage"; a response
 * stops the chain and is sent (after the response stages ran). Envoy-style: request stages run in order,
 * response stages in reverse.
 */
export type StageOutcome = GatewayResponse | undefined;
export type StageFn = (ctx: RequestContext) => StageOutcome | Promise<StageOutcome>;

/** A response-phase function: may change the response in place (headers, status). Runs for every response. */
export type ResponseStageFn = (ctx: RequestContext, response: GatewayResponse) => void;

/**
 * A gateway feature compiled once per route. `create` returns null when the feature has nothing to do for the
 * route, so a route's array holds only what runs (fastify's per-route hook arrays).
 */
export interface PipelineStage<C> {
  readonly name: string;
  create(config: C, compile: CompileContext): StageFn | null;
}

export interface ResponseStage<C> {
  readonly name: string;
  create(config: C, compile: CompileContext): ResponseStageFn | null;
}

/**
 * Where plug-in stages run, in this order, between CORS preflight and the integration. The throttle, API key,
 * authorizer and validator features (other libraries) register here; the pipeline itself implements none of them.
 */
export const STAGE_SLOTS = ['throttle', 'api-key', 'authorize', 'validate', 'transform'] as const;
export type StageSlot = (typeof STAGE_SLOTS)[number];

/** A plug-in stage with its slot; it receives the route descriptor and decides itself whether it applies. */
export interface StagePlugin {
  readonly slot: StageSlot;
  readonly stage: PipelineStage<import('./compile-context').RouteDescriptor>;
}
