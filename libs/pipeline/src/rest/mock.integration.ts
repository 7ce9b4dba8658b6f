import type { RequestContext } from '../context/request-context';
import type { IntegrationFactory } from '../registry/stage.compiler';
import type { GatewayResponse } from '../stages/gateway-response';
import { compileNonProxyRoute, restOnly } from './rest-route.compiler';
import { isGatewayResponse } from './request-payload';

const NO_HEADERS = { headers: {}, multivalueheader: {} };

/**
 * REST MOCK integration: the integration request (the rendered request template, or the passed-through body) is a
 * JSON object whose `statusCode` is the mock backend's status; that status selects the integration response, whose
 * template renders over an empty payload. No request body and no template means 200.
 */
export const mockIntegration: IntegrationFactory = (descriptor, compile) =>
  restOnly(descriptor, 'MOCK', (d) => {
    const route = compileNonProxyRoute(d, compile);
    return (ctx: RequestContext): GatewayResponse => {
      const request = route.methodRequest(ctx);
      const payload = route.payload.map(ctx, request);
      if (isGatewayResponse(payload)) return payload;
      const status = mockStatus(payload.body);
      if (status === null) {
        ctx.integrationErrorMessage = 'Execution failed: the MOCK integration request has no valid statusCode';
        return ctx.stage.responses.respond(ctx, 'API_CONFIGURATION_ERROR');
      }
      ctx.integrationStatus = status;
      ctx.integrationLatency = 0;
      ctx.invalidateContextVariables();
      return route.responder.respond(ctx, request, { selector: String(status), body: '', binary: false, ...NO_HEADERS });
    };
  });

/** `{"statusCode": 200}` → 200; an empty request → 200; anything else (not JSON, no integer statusCode) → null. */
export function mockStatus(body: Buffer | string): number | null {
  const text = typeof body === 'string' ? body : body.toString('utf8');
  if (text.trim() === '') return 200;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (parsed === null || typeof parsed !== 'object') return null;
  const raw = (parsed as { statusCode?: unknown }).statusCode;
  const status = typeof raw === 'string' && /^\d{3}$/.test(raw.trim()) ? Number(raw) : raw;
  return typeof status === 'number' && Number.isInteger(status) && status >= 100 && status <= 599 ? status : null;
}
