import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { RequestContext } from '../context/request-context';
import { jsonString, jsonStringMap } from './json-text';
import { stageFragments } from './lambda-event.stage';
import { formatRequestTimeEpoch } from '../context/request-time';
import { FORWARDED_HEADERS, forwardedFor, forwardedPort, forwardedProto, parseQuery } from './request-view';

/**
 * Lambda proxy payload format 2.0 (HTTP APIs) as JSON text: header names lower-cased and repeats comma-joined,
 * cookies moved from the `cookie` header into `cookies`, query values comma-joined, optional members omitted when
 * empty — the shape of apigw-v2-request-no-authorizer.json. Written straight to a string (what the function
 * receives is text anyway): no event object, no generic `JSON.stringify` walk on every request.
 */
export function serializeV2Event(ctx: RequestContext, base64Body: boolean): string {
  const stage = stageFragments(ctx.stage);
  const path = jsonString(ctx.stagePrefix + ctx.rawPath);
  const routeKey = jsonString(ctx.routeKey);
  let out = '{"version":"2.0","routeKey":' + routeKey + ',"rawPath":' + path + ',"rawQueryString":' + jsonString(ctx.rawQuery);
  const headers = headerLines(ctx);
  if (headers.cookies !== '') out += ',"cookies":[' + headers.cookies + ']';
  out += ',"headers":{' + headers.text + '}';
  if (ctx.rawQuery !== '') out += queryText(ctx.rawQuery);
  out += ',"requestContext":{' + stage.ids;
  if (ctx.authorizer) out += ',"authorizer":' + JSON.stringify(ctx.authorizer);
  out +=
    ',"domainName":' + jsonString(ctx.domainName) +
    ',"domainPrefix":' + jsonString(ctx.domainPrefix) +
    ',"http":{"method":' + jsonString(ctx.method) +
    ',"path":' + path +
    ',"protocol":"' + ctx.protocol +
    '","sourceIp":' + jsonString(ctx.sourceIp) +
    ',"userAgent":' + jsonString(ctx.userAgent ?? '') +
    '},"requestId":' + jsonString(ctx.requestId) +
    ',"routeKey":' + routeKey +
    ',' + stage.stage +
    ',"time":"' + ctx.requestTime +
    '","timeEpoch":' + formatRequestTimeEpoch(ctx.requestTimeEpoch) + '}';
  const hasBody = ctx.body !== null && ctx.body.length > 0;
  if (hasBody) out += ',"body":' + (base64Body ? '"' + ctx.body!.toString('base64') + '"' : jsonString(ctx.body!.toString('utf8')));
  if (ctx.pathParameters) out += ',"pathParameters":' + jsonStringMap(ctx.pathParameters);
  out += hasBody && base64Body ? ',"isBase64Encoded":true' : ',"isBase64Encoded":false';
  return out + (stage.variables === null ? '}' : ',"stageVariables":' + stage.variables + '}');
}

/** The same event as an object, for the places that read members of it (authorizer requests). */
export function buildV2Event(ctx: RequestContext, base64Body: boolean): APIGatewayProxyEventV2 {
  return JSON.parse(serializeV2Event(ctx, base64Body)) as APIGatewayProxyEventV2;
}

/**
 * `"name":"value",…` of the request's headers (names lower-cased, repeats comma-joined, the forwarded headers
 * API Gateway sets itself last) and the `cookie` header's cookies as JSON string items.
 */
function headerLines(ctx: RequestContext): { text: string; cookies: string } {
  const raw = ctx.req.rawHeaders;
  const names: string[] = [];
  const values: string[] = [];
  // Name → index: a client may send up to 2,000 header lines; a scan per line would be quadratic in them.
  const seen = new Map<string, number>();
  let cookies = '';
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    const value = raw[i + 1];
    if (name === 'cookie') {
      for (const c of value.split(';')) {
        const t = c.trim();
        if (t !== '') cookies += (cookies === '' ? '' : ',') + jsonString(t);
      }
      continue;
    }
    if (FORWARDED_HEADERS.has(name)) continue;
    const at = seen.get(name);
    if (at === undefined) {
      seen.set(name, names.length);
      names.push(name);
      values.push(value);
    } else values[at] += ',' + value;
  }
  let text = '';
  for (let i = 0; i < names.length; i++) text += jsonString(names[i]) + ':' + jsonString(values[i]) + ',';
  text +=
    '"x-forwarded-for":' + jsonString(forwardedFor(ctx)) +
    ',"x-forwarded-port":"' + forwardedPort(ctx) +
    '","x-forwarded-proto":"' + forwardedProto(ctx) + '"';
  return { text, cookies };
}

/** `,"queryStringParameters":{…}` with repeated names comma-joined, or '' when the query has no parameters. */
function queryText(rawQuery: string): string {
  const pairs = parseQuery(rawQuery);
  if (pairs.length === 0) return '';
  // No prototype: a parameter named `constructor` or `__proto__` is just a name.
  const joined: Record<string, string> = Object.create(null);
  for (const [k, v] of pairs) {
    const prior = joined[k];
    joined[k] = prior === undefined ? v : prior + ',' + v;
  }
  return ',"queryStringParameters":' + jsonStringMap(joined);
}
