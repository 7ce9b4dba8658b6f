import type { APIGatewayProxyEventV2 } from 'aws-lambda';
// From the module itself, not the package index: a call through the index's re-export getter is a megamorphic
// lookup, and the writer makes dozens of calls per request.
import { eventTextBytesBound, recordPairs, recordToken, type HttpApiV2EventPayload } from '@app/contracts/event-record';
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
  const headers = collectHeaders(ctx);
  if (headers.cookies !== null) {
    let cookies = '';
    for (const cookie of headers.cookies) cookies += (cookies === '' ? '' : ',') + jsonString(cookie);
    out += ',"cookies":[' + cookies + ']';
  }
  let headerText = '';
  for (let i = 0; i < headers.names.length; i++) headerText += (i === 0 ? '' : ',') + jsonString(headers.names[i]) + ':' + jsonString(headers.values[i]);
  out += ',"headers":{' + headerText + '}';
  const query = joinedQuery(ctx.rawQuery);
  if (query !== null) out += ',"queryStringParameters":' + jsonStringMap(query);
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
  const body = bodyText(ctx, base64Body);
  if (body !== null) out += ',"body":' + (base64Body ? '"' + body + '"' : jsonString(body));
  if (ctx.pathParameters) out += ',"pathParameters":' + jsonStringMap(ctx.pathParameters);
  out += body !== null && base64Body ? ',"isBase64Encoded":true' : ',"isBase64Encoded":false';
  return out + (stage.variables === null ? '}' : ',"stageVariables":' + stage.variables + '}');
}

/**
 * The same event as an event record (contracts' event-record.ts): the parts, unescaped, for a local function worker
 * to build the event object from without JSON text.
 */
export function writeV2EventRecord(ctx: RequestContext, base64Body: boolean): string {
  const stage = stageFragments(ctx.stage);
  const path = ctx.stagePrefix + ctx.rawPath;
  let out = recordToken(ctx.routeKey) + recordToken(path) + recordToken(ctx.rawQuery);
  const headers = collectHeaders(ctx);
  if (headers.cookies === null) out += '0,';
  else {
    out += headers.cookies.length + ',';
    for (const cookie of headers.cookies) out += recordToken(cookie);
  }
  out += headers.names.length + ',';
  for (let i = 0; i < headers.names.length; i++) out += recordToken(headers.names[i]) + recordToken(headers.values[i]);
  out += recordPairs(joinedQuery(ctx.rawQuery), '0,');
  out +=
    stage.recordIds +
    recordToken(ctx.authorizer ? JSON.stringify(ctx.authorizer) : '') +
    recordToken(ctx.domainName) +
    recordToken(ctx.domainPrefix) +
    recordToken(ctx.method) +
    recordToken(path) +
    recordToken(ctx.protocol) +
    recordToken(ctx.sourceIp) +
    recordToken(ctx.userAgent ?? '') +
    recordToken(ctx.requestId) +
    stage.recordStage +
    recordToken(ctx.requestTime) +
    formatRequestTimeEpoch(ctx.requestTimeEpoch) + ',';
  const body = bodyText(ctx, base64Body);
  out += body === null ? '0,' : '1,' + recordToken(body);
  out += recordPairs(ctx.pathParameters, '-1,');
  out += body !== null && base64Body ? '1,' : '0,';
  return out + stage.recordVariables;
}

/** Payload 2.0 for a local worker: the record now, the JSON text only if some consumer asks for it. */
class HttpApiV2Event implements HttpApiV2EventPayload {
  readonly format = 'http-api-v2';
  readonly record: string;
  readonly maxTextBytes: number;
  private json: string | undefined;

  constructor(
    private readonly ctx: RequestContext,
    private readonly base64Body: boolean,
  ) {
    this.record = writeV2EventRecord(ctx, base64Body);
    this.maxTextBytes = eventTextBytesBound(this.record.length);
  }

  text(): string {
    return (this.json ??= serializeV2Event(this.ctx, this.base64Body));
  }
}

/** The 2.0 event as a Lambda payload: a record for a local worker, JSON text for everything else. */
export function v2EventPayload(ctx: RequestContext, base64Body: boolean): HttpApiV2EventPayload {
  return new HttpApiV2Event(ctx, base64Body);
}

/** The same event as an object, for the places that read members of it (authorizer requests). */
export function buildV2Event(ctx: RequestContext, base64Body: boolean): APIGatewayProxyEventV2 {
  return JSON.parse(serializeV2Event(ctx, base64Body)) as APIGatewayProxyEventV2;
}

/** The body as the event carries it (base64 or UTF-8 text), or null when the request has none. */
function bodyText(ctx: RequestContext, base64Body: boolean): string | null {
  if (ctx.body === null || ctx.body.length === 0) return null;
  return base64Body ? ctx.body.toString('base64') : ctx.body.toString('utf8');
}

interface EventHeaders {
  /** Lower-cased names, first appearance first, the forwarded headers API Gateway sets itself last. */
  names: string[];
  /** Repeats comma-joined. */
  values: string[];
  /** The `cookie` header's cookies, or null without one. */
  cookies: string[] | null;
}

/** Distinct header names looked up by a scan; past this many, by a Map. */
const SCANNED_NAMES = 16;

/** The request's headers as payload 2.0 carries them. */
function collectHeaders(ctx: RequestContext): EventHeaders {
  const raw = ctx.req.rawHeaders;
  const names: string[] = [];
  const values: string[] = [];
  // Name → index, made once there are more names than a scan is quick for: a client may send up to 2,000 header
  // lines, and a scan per line would be quadratic in them. Most requests have a handful: no Map for those.
  let seen: Map<string, number> | null = null;
  let cookies: string[] | null = null;
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    const value = raw[i + 1];
    if (name === 'cookie') {
      for (const c of value.split(';')) {
        const t = c.trim();
        if (t !== '') (cookies ??= []).push(t);
      }
      continue;
    }
    if (FORWARDED_HEADERS.has(name)) continue;
    const at = seen === null ? names.indexOf(name) : (seen.get(name) ?? -1);
    if (at >= 0) {
      values[at] += ',' + value;
      continue;
    }
    if (seen === null && names.length === SCANNED_NAMES) seen = new Map(names.map((known, index) => [known, index]));
    if (seen !== null) seen.set(name, names.length);
    names.push(name);
    values.push(value);
  }
  names.push('x-forwarded-for', 'x-forwarded-port', 'x-forwarded-proto');
  values.push(forwardedFor(ctx), forwardedPort(ctx), forwardedProto(ctx));
  return { names, values, cookies };
}

/** The query's parameters with repeated names comma-joined, or null when it has none. */
function joinedQuery(rawQuery: string): Record<string, string> | null {
  if (rawQuery === '') return null;
  const pairs = parseQuery(rawQuery);
  if (pairs.length === 0) return null;
  // No prototype: a parameter named `constructor` or `__proto__` is just a name.
  const joined: Record<string, string> = Object.create(null);
  for (const [k, v] of pairs) {
    const prior = joined[k];
    joined[k] = prior === undefined ? v : prior + ',' + v;
  }
  return joined;
}
