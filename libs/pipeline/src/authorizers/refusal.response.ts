import type { AuthorizerRefusal } from '@app/auth';
import type { GatewayResponseType, RestGatewayResponseDoc } from '@app/contracts';
import type { RequestContext } from '../context/request-context';
import { GATEWAY_RESPONSE_DEFAULTS } from '../gateway-responses/gateway-response.table';
import type { GatewayResponse } from '../stages/gateway-response';

/**
 * True when the API left the body of `type` at AWS's default (no template for the type, nor for DEFAULT_4XX/5XX):
 * only then may a producer answer with AWS's own body where it differs from the default template's, e.g. REST
 * authorizer configuration errors (`{"message": null}`) and resource-policy denials (`{"Message": "..."}`).
 */
export function usesDefaultBody(protocol: 'REST' | 'HTTP', customised: readonly RestGatewayResponseDoc[], type: GatewayResponseType): boolean {
  if (protocol === 'HTTP') return true;
  const fallback = GATEWAY_RESPONSE_DEFAULTS[type].statusCode >= 500 ? 'DEFAULT_5XX' : 'DEFAULT_4XX';
  return !customised.some((r) => (r.responseType === type || r.responseType === fallback) && r.responseTemplates && Object.keys(r.responseTemplates).length > 0);
}

const NULL_MESSAGE = '{"message": null}';

/**
 * Answers an authorizer's refusal with the API's gateway response of that type; `$context.authorizer.error` carries
 * the reason for access logs. `nullMessage`: the API did not customise AUTHORIZER_CONFIGURATION_ERROR, so REST
 * answers `{"message": null}` as AWS does.
 */
export function refusalResponse(ctx: RequestContext, refusal: AuthorizerRefusal, nullMessage: boolean): GatewayResponse {
  if (refusal.error !== undefined) ctx.authorizer = { error: refusal.error };
  const response = ctx.stage.responses.respond(ctx, refusal.responseType, refusal.message ?? undefined);
  if (refusal.message === null && nullMessage) response.body = NULL_MESSAGE;
  if (refusal.headers) for (const name in refusal.headers) response.headers.push(name, refusal.headers[name]);
  return response;
}
