import type { LambdaInvokeRequest, LambdaInvokeResult } from '@app/contracts';
// From the module itself, not the package index: a call through the index's re-export getter is a megamorphic
// lookup on every request.
import { INVOKE_TIMED_OUT, invokeWithin } from '@app/contracts/lambda-invoke.within';
import type { RequestContext } from '../context/request-context';
import type { GatewayResponse } from '../stages/gateway-response';

/** A function's answer (success or function error); every other outcome is already a gateway response. */
export type LambdaAnswer = { answer: Extract<LambdaInvokeResult, { kind: 'success' | 'function-error' }> } | { response: GatewayResponse };

/**
 * One Lambda invocation within the integration timeout, shared by the proxy (AWS_PROXY) and custom (AWS)
 * integrations: a timeout is INTEGRATION_TIMEOUT (504), an invoker failure or a Lambda service error (unknown
 * function, throttled, bad request) is API_CONFIGURATION_ERROR (500); latency and status go to the context.
 */
export function invokeWithinTimeout(ctx: RequestContext, request: LambdaInvokeRequest, timeoutMs: number): Promise<LambdaAnswer> {
  const started = performance.now();
  // One `.then` rather than an async function: no generator to resume on every request.
  return invokeWithin(ctx.invoker, request, timeoutMs).then(
    (result) => answerOf(ctx, result, started),
    (error: unknown) => {
      ctx.integrationErrorMessage = (error as Error).message;
      return { response: ctx.stage.responses.respond(ctx, 'API_CONFIGURATION_ERROR') };
    },
  );
}

function answerOf(ctx: RequestContext, result: LambdaInvokeResult | typeof INVOKE_TIMED_OUT, started: number): LambdaAnswer {
  if (result === INVOKE_TIMED_OUT) {
    ctx.integrationErrorMessage = 'Endpoint request timed out';
    return { response: ctx.stage.responses.respond(ctx, 'INTEGRATION_TIMEOUT') };
  }
  ctx.integrationLatency = Math.round(performance.now() - started);
  ctx.integrationStatus = result.statusCode;
  if (result.kind === 'service-error') {
    ctx.integrationErrorMessage = `${result.errorType}: ${result.message}`;
    return { response: ctx.stage.responses.respond(ctx, 'API_CONFIGURATION_ERROR') };
  }
  return { answer: result };
}
