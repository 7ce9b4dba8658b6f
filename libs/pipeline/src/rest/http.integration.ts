import { AWS_LIMITS } from '@app/contracts';
import type { RequestContext } from '../context/request-context';
import { exchangeUpstream } from '../integrations/http-proxy.integration';
import { substituteStageVariables } from '../integrations/integration-uri';
import type { IntegrationFactory } from '../registry/stage.compiler';
import { getHeader, setHeader, type GatewayResponse } from '../stages/gateway-response';
import { headerViews } from './header-views';
import { compileNonProxyRoute, restOnly } from './rest-route.compiler';
import { isGatewayResponse } from './request-payload';

type PathPart = string | { param: string; greedy: boolean };
const PLACEHOLDER = /\{([A-Za-z0-9._-]+)(\+?)\}/g;

function compilePath(pathname: string): PathPart[] {
  const parts: PathPart[] = [];
  let last = 0;
  for (const m of pathname.matchAll(PLACEHOLDER)) {
    if (m.index! > last) parts.push(pathname.slice(last, m.index));
    parts.push({ param: m[1], greedy: m[2] === '+' });
    last = m.index! + m[0].length;
  }
  if (last < pathname.length) parts.push(pathname.slice(last));
  return parts;
}

function encodePathValue(value: string, greedy: boolean): string {
  return greedy ? value.split('/').map(encodeURIComponent).join('/') : encodeURIComponent(value);
}

/**
 * REST HTTP (non-proxy) integration. Unlike HTTP_PROXY nothing of the method request is forwarded implicitly: the
 * backend gets the rendered (or passed-through) body, the client's Content-Type, and only the headers, query string
 * parameters and path parameters that `integration.request.*` mappings or `$context.requestOverride` set. The
 * backend's status code selects the integration response. Stage variables in the URI are substituted at compile time.
 */
export const httpIntegration: IntegrationFactory = (descriptor, compile) =>
  restOnly(descriptor, 'HTTP', (d) => {
    const route = compileNonProxyRoute(d, compile);
    const integration = route.integration;
    const url = new URL(substituteStageVariables(integration.uri ?? '', compile.stageVariables));
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`integration uri '${integration.uri}' is not http(s)`);
    const pool = route.shared.pools.get(url.origin);
    const pathParts = compilePath(decodeURI(url.pathname));
    const baseQuery = url.search.length > 1 ? url.search.slice(1) : '';
    const fixedMethod = !integration.httpMethod || integration.httpMethod === 'ANY' ? null : integration.httpMethod;
    const timeoutMs = integration.timeoutInMillis ?? AWS_LIMITS.restIntegrationTimeoutMs.default;
    const userAgent = `AmazonAPIGateway_${compile.apiId}`;
    const host = url.host;

    return async (ctx: RequestContext): Promise<GatewayResponse> => {
      const request = route.methodRequest(ctx);
      const payload = route.payload.map(ctx, request);
      if (isGatewayResponse(payload)) return payload;
      const mapped = route.parameters && request ? route.parameters(request) : null;
      const overrides = payload.overrides;
      let path = '';
      for (const part of pathParts) {
        if (typeof part === 'string') path += part;
        else {
          const value = overrides?.path[part.param] ?? mapped?.path[part.param] ?? '';
          path += encodePathValue(value, part.greedy);
        }
      }
      let query = baseQuery;
      const add = (name: string, value: string) => {
        query += (query === '' ? '' : '&') + encodeURIComponent(name) + '=' + encodeURIComponent(value);
      };
      if (mapped) for (const name in mapped.querystring) if (!overrides || !(name in overrides.querystring)) for (const v of mapped.querystring[name]) add(name, v);
      if (overrides) for (const name in overrides.querystring) add(name, overrides.querystring[name]);
      const headers = ['host', host, 'user-agent', userAgent];
      const body = payload.body;
      const length = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
      if (length > 0) headers.push('content-type', payload.contentType ?? 'application/json');
      if (mapped) for (const name in mapped.header) setHeader(headers, name, mapped.header[name]);
      if (overrides) for (const name in overrides.header) setHeader(headers, name, overrides.header[name]);
      const started = performance.now();
      const response = await exchangeUpstream(
        pool,
        ctx,
        { path: query ? `${path}?${query}` : path, method: fixedMethod ?? ctx.method, headers, body: length > 0 ? body : null },
        timeoutMs,
      );
      if (ctx.errorResponseType !== null) return response;
      ctx.integrationLatency = Math.round(performance.now() - started);
      ctx.invalidateContextVariables();
      return route.responder.respond(ctx, request, {
        selector: String(response.statusCode),
        body: response.body ?? '',
        binary: route.shared.hasBinaryTypes && route.shared.isBinary(getHeader(response.headers, 'content-type')),
        ...headerViews(response.headers),
      });
    };
  });
