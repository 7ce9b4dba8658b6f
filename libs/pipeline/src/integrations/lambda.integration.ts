import type { LambdaInvokeRequest } from '@app/contracts';
import type { RequestContext } from '../context/request-context';
import type { GatewayResponse } from '../stages/gateway-response';
import type { StageFn } from '../stages/pipeline-stage';
import { serializeV1Event } from './lambda-event.v1';
import { v2EventPayload } from './lambda-event.v2';
import { MalformedLambdaResponse, parseV1Response, parseV2Response, v2Response } from './lambda-response';
import { isTextContentType } from './request-view';
import { invokeWithinTimeout, type LambdaAnswer } from './lambda-invocation';

export interface LambdaIntegrationConfig {
  /** Function name or ARN (a `:qualifier` suffix allowed), stage variables already substituted. */
  functionName: string;
  payloadFormatVersion: '1.0' | '2.0';
  /** Integration timeout; REST 50..29,000 (default 29,000), HTTP APIs 50..30,000 (default 30,000). */
  timeoutMs: number;
  /** REST only: does this Content-Type go to Lambda base64-encoded (`binaryMediaTypes`)? */
  isBinary?: (contentType: string | undefined) => boolean;
  /**
   * REST: invocation options from `integration.request.header.X-Amz-Invocation-Type` / `X-Amz-Client-Context` /
   * `X-Amz-Log-Type` parameter mappings, evaluated per request.
   */
  invocation?: ((ctx: RequestContext) => Partial<Pick<LambdaInvokeRequest, 'invocationType' | 'clientContext' | 'logType'>>) | null;
}


/**
 * AWS_PROXY integration. Failures become the AWS answers: a function error or an unreadable response is a 502
 * `{"message": "Internal server error"}` on REST and 500 `{"message":"Internal Server Error"}` on HTTP APIs;
 * an invoke the Lambda service refuses (throttled, missing function) is a configuration error, 500; no answer
 * within the integration timeout is INTEGRATION_TIMEOUT (REST 504, HTTP API 503).
 */
/** The invoker comes from the request (the handler's `invoker` option), so compiled stages hold no service. */
export function createLambdaIntegration(config: LambdaIntegrationConfig): StageFn {
  const { functionName, payloadFormatVersion, timeoutMs } = config;
  const isBinary = config.isBinary;
  const invocation = config.invocation ?? null;
  const respond = (ctx: RequestContext, outcome: LambdaAnswer): GatewayResponse => {
    if ('response' in outcome) return outcome.response;
    const isRest = ctx.stage.protocol === 'REST';
    const result = outcome.answer;
    if (result.kind === 'function-error') {
      ctx.integrationErrorMessage = result.payload;
      return internalError(ctx, isRest);
    }
    try {
      if (payloadFormatVersion === '1.0') return parseV1Response(result.payload, isRest ? 'REST' : 'HTTP');
      return result.kind === 'success' && result.httpResponse ? v2Response(result.httpResponse) : parseV2Response(result.payload);
    } catch (error) {
      if (!(error instanceof MalformedLambdaResponse)) throw error;
      ctx.integrationErrorMessage = `Malformed Lambda proxy response: ${error.message}`;
      return internalError(ctx, isRest);
    }
  };
  // Not an async function: the invocation's promise is continued with one `.then`.
  return (ctx: RequestContext): Promise<GatewayResponse> => {
    const isRest = ctx.stage.protocol === 'REST';
    const contentType = ctx.req.headers['content-type'];
    const base64 = isRest ? (isBinary ? isBinary(contentType) : false) : !isTextContentType(contentType);
    const payload = payloadFormatVersion === '2.0' ? v2EventPayload(ctx, base64) : serializeV1Event(ctx, base64);
    // No requestId: a Lambda invocation has its own UUID, distinct from the gateway request id (as on AWS).
    return invokeWithinTimeout(ctx, invocation ? { ...invocation(ctx), functionName, payload } : { functionName, payload }, timeoutMs).then((outcome) =>
      respond(ctx, outcome),
    );
  };
}

/** REST: 502 with AWS's `{"message": "Internal server error"}`; HTTP APIs: 500 `{"message":"Internal Server Error"}`. */
function internalError(ctx: RequestContext, isRest: boolean): GatewayResponse {
  const response = ctx.stage.responses.respond(ctx, 'DEFAULT_5XX');
  if (isRest && ctx.stage.responses.usesDefaultStatus('DEFAULT_5XX')) response.statusCode = 502;
  return response;
}
