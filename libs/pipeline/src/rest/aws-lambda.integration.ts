import { AWS_LIMITS, type LambdaInvokeRequest } from '@app/contracts';
import type { RequestContext } from '../context/request-context';
import { lambdaFunctionFromUri, substituteStageVariables } from '../integrations/integration-uri';
import type { IntegrationFactory } from '../registry/stage.compiler';
import type { GatewayResponse } from '../stages/gateway-response';
import type { IntegrationOutput } from './integration-responses';
import { compileNonProxyRoute, restOnly } from './rest-route.compiler';
import { isGatewayResponse } from './request-payload';
import { invokeWithinTimeout } from '../integrations/lambda-invocation';

const LAMBDA_URI = /^arn:aws[\w-]*:apigateway:[^:]*:lambda:path\//;
const NO_HEADERS = { headers: {}, multivalueheader: {} };

/** Integration request headers the Lambda Invoke API reads (set by `integration.request.header.*` mappings). */
export function invocationOptions(header: Record<string, string>): Partial<Pick<LambdaInvokeRequest, 'invocationType' | 'clientContext' | 'logType'>> {
  const out: Partial<Pick<LambdaInvokeRequest, 'invocationType' | 'clientContext' | 'logType'>> = {};
  for (const name in header) {
    const lower = name.toLowerCase();
    const value = header[name];
    if (lower === 'x-amz-invocation-type' && (value === 'Event' || value === 'RequestResponse' || value === 'DryRun')) out.invocationType = value;
    else if (lower === 'x-amz-client-context') out.clientContext = value;
    else if (lower === 'x-amz-log-type' && (value === 'None' || value === 'Tail')) out.logType = value;
  }
  return out;
}

/**
 * REST AWS integration with Lambda (the "Lambda custom integration", doc_source/set-up-lambda-custom-integrations.md):
 * the request template's output (or the passed-through body) is the invocation payload; the function's result is
 * the integration response body. A successful result takes the default integration response; a function error's
 * `errorMessage` is matched against the selection patterns, and with no match the default response carries the
 * error object (a 200, as AWS does). Other AWS service integrations are not supported and answer a 500.
 */
export const awsIntegration: IntegrationFactory = (descriptor, compile) =>
  restOnly(descriptor, 'AWS', (d) => {
    const integration = d.method.methodIntegration!;
    const uri = substituteStageVariables(integration.uri ?? '', compile.stageVariables);
    if (!LAMBDA_URI.test(uri)) {
      const reason = `${d.httpMethod} ${d.resource.path}: AWS integration '${uri}' is not a Lambda function; only Lambda is supported for AWS integrations`;
      return (ctx) => {
        ctx.integrationErrorMessage = reason;
        return ctx.stage.responses.respond(ctx, 'API_CONFIGURATION_ERROR');
      };
    }
    const functionName = lambdaFunctionFromUri(uri);
    const route = compileNonProxyRoute(d, compile);
    const timeoutMs = integration.timeoutInMillis ?? AWS_LIMITS.restIntegrationTimeoutMs.default;

    return async (ctx: RequestContext): Promise<GatewayResponse> => {
      const request = route.methodRequest(ctx);
      const payload = route.payload.map(ctx, request);
      if (isGatewayResponse(payload)) return payload;
      const text = typeof payload.body === 'string' ? payload.body : payload.body.toString('utf8');
      const options = route.parameters && request ? invocationOptions(route.parameters(request).header) : null;
      const invoke: LambdaInvokeRequest = { ...options, functionName, payload: text.trim() === '' ? '{}' : text };
      const outcome = await invokeWithinTimeout(ctx, invoke, timeoutMs);
      if ('response' in outcome) return outcome.response;
      const result = outcome.answer;
      ctx.invalidateContextVariables();
      return route.responder.respond(ctx, request, result.kind === 'success' ? successOutput(result.payload) : errorOutput(result.payload));
    };
  });

function successOutput(payload: string): IntegrationOutput {
  return { selector: '', body: payload, binary: false, ...NO_HEADERS };
}

/**
 * A function error: selection patterns match its `errorMessage`. Header mappings read the body with an
 * `errorMessage` that is itself JSON deserialised (doc_source/handle-errors-in-lambda-integration.md, custom errors),
 * so `integration.response.body.errorMessage.httpStatus` works; templates see the body as Lambda returned it.
 */
export function errorOutput(payload: string): IntegrationOutput {
  let message = '';
  let mappingBody: string | undefined;
  try {
    const parsed = JSON.parse(payload) as { errorMessage?: unknown };
    if (parsed && typeof parsed === 'object' && typeof parsed.errorMessage === 'string') {
      message = parsed.errorMessage;
      const inner = message.trimStart();
      if (inner.startsWith('{') || inner.startsWith('[')) {
        try {
          mappingBody = JSON.stringify({ ...parsed, errorMessage: JSON.parse(message) });
        } catch {
          // Not JSON after all: header mappings read the message as text.
        }
      }
    }
  } catch {
    message = payload;
  }
  return { selector: message, body: payload, binary: false, ...NO_HEADERS, mappingBody };
}
