import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { RequestContext } from '../context/request-context';
import { jsonString, jsonStringMap } from './json-text';
import { stageFragments } from './lambda-event.stage';
import { formatRequestTimeEpoch } from '../context/request-time';
import { FORWARDED_HEADERS, forwardedFor, forwardedPort, forwardedProto, parseQuery } from './request-view';

/**
 * Lambda proxy payload format 1.0 (REST APIs, and HTTP APIs with payloadFormatVersion 1.0), as
 * set-up-lambda-proxy-integrations.md and http-api-develop-integrations-lambda.md show it, as JSON text: `headers`
 * keep the client's casing with the last value of a repeated header, `multiValueHeaders` keep every value, absent
 * query strings / path parameters / stage variables are `null`. Written straight to a string, like the 2.0 event.
 */
export function serializeV1Event(ctx: RequestContext, base64Body: boolean): string {
  const isRest = ctx.stage.protocol === 'REST';
  const stage = stageFragments(ctx.stage);
  // REST: `path` is the resource path without the stage, requestContext.path the full one. HTTP APIs send the
  // path as the client sent it (stage included) in both.
  const fullPath = ctx.stagePrefix + ctx.rawPath;
  const resource = jsonString(ctx.resourcePath);
  const method = jsonString(ctx.method);
  const headers = headerMaps(ctx);
  let out = isRest ? '{"resource":' : '{"version":"1.0","resource":';
  out +=
    resource +
    ',"path":' + jsonString(decodePath(isRest ? ctx.rawPath : fullPath)) +
    ',"httpMethod":' + method +
    ',"headers":{' + headers.last +
    '},"multiValueHeaders":{' + headers.all + '}' +
    queryMaps(ctx.rawQuery) +
    ',"requestContext":{' + stage.ids +
    ',"domainName":' + jsonString(ctx.domainName) +
    ',"domainPrefix":' + jsonString(ctx.domainPrefix) +
    ',"extendedRequestId":' + jsonString(ctx.extendedRequestId) +
    ',"httpMethod":' + method +
    ',"identity":' + identityText(ctx, isRest) +
    ',"path":' + jsonString(fullPath) +
    ',"protocol":"' + ctx.protocol +
    '","requestId":' + jsonString(ctx.requestId) +
    ',"requestTime":"' + ctx.requestTime +
    '","requestTimeEpoch":' + formatRequestTimeEpoch(ctx.requestTimeEpoch) +
    ',"resourceId":' + (isRest && ctx.route?.resourceId != null ? jsonString(ctx.route.resourceId) : 'null') +
    ',"resourcePath":' + resource +
    ',' + stage.stage;
  if (ctx.authorizer) out += ',"authorizer":' + JSON.stringify(ctx.authorizer);
  else if (!isRest) out += ',"authorizer":{"claims":null,"scopes":null}';
  out +=
    '},"pathParameters":' + (ctx.pathParameters ? jsonStringMap(ctx.pathParameters) : 'null') +
    ',"stageVariables":' + (stage.variables ?? 'null');
  const hasBody = ctx.body !== null && ctx.body.length > 0;
  if (!hasBody) return out + ',"body":null,"isBase64Encoded":false}';
  return out + (base64Body ? ',"body":"' + ctx.body!.toString('base64') + '","isBase64Encoded":true}' : ',"body":' + jsonString(ctx.body!.toString('utf8')) + ',"isBase64Encoded":false}');
}

/** The same event as an object, for the places that read members of it (authorizer requests). */
export function buildV1Event(ctx: RequestContext, base64Body: boolean): APIGatewayProxyEvent & { version?: string } {
  return JSON.parse(serializeV1Event(ctx, base64Body)) as APIGatewayProxyEvent & { version?: string };
}

const NULL_IDENTITY_TEXT =
  '"cognitoAuthenticationProvider":null,"cognitoAuthenticationType":null,"cognitoIdentityId":null,"cognitoIdentityPoolId":null,"principalOrgId":null';

/** `identity`; an AWS_IAM caller fills accessKey/accountId/caller/user/userArn as AWS does. HTTP APIs have no API keys. */
function identityText(ctx: RequestContext, isRest: boolean): string {
  const caller = ctx.callerIdentity;
  let out = caller
    ? '{"accessKey":' + jsonString(caller.accessKey) + ',"accountId":' + jsonString(caller.accountId) + ',"caller":' + jsonString(caller.userId) + ',' + NULL_IDENTITY_TEXT +
      ',"user":' + jsonString(caller.userId) + ',"userArn":' + jsonString(caller.userArn)
    : '{"accessKey":null,"accountId":null,"caller":null,' + NULL_IDENTITY_TEXT + ',"user":null,"userArn":null';
  out += ',"clientCert":null';
  if (isRest) out += ',"apiKey":' + nullableString(ctx.apiKey) + ',"apiKeyId":' + nullableString(ctx.apiKeyId);
  const userAgent = ctx.userAgent;
  return out + ',"sourceIp":' + jsonString(ctx.sourceIp) + ',"userAgent":' + nullableString(userAgent) + '}';
}

function nullableString(value: string | null | undefined): string {
  return value === null || value === undefined ? 'null' : jsonString(value);
}

/**
 * `headers` and `multiValueHeaders` members: header names are case-insensitive, so lines that differ only in case
 * are one header, named as first sent; the forwarded headers API Gateway sets itself come last.
 */
function headerMaps(ctx: RequestContext): { last: string; all: string } {
  const raw = ctx.req.rawHeaders;
  const groups = new ValueGroups();
  for (let i = 0; i < raw.length; i += 2) {
    const lower = raw[i].toLowerCase();
    if (!FORWARDED_HEADERS.has(lower)) groups.add(lower, raw[i], raw[i + 1]);
  }
  const xff = jsonString(forwardedFor(ctx));
  const port = '"' + forwardedPort(ctx) + '"';
  const proto = '"' + forwardedProto(ctx) + '"';
  const sep = groups.size === 0 ? '' : ',';
  return {
    last: groups.lastMembers() + sep + '"X-Forwarded-For":' + xff + ',"X-Forwarded-Port":' + port + ',"X-Forwarded-Proto":' + proto,
    all: groups.allMembers() + sep + '"X-Forwarded-For":[' + xff + '],"X-Forwarded-Port":[' + port + '],"X-Forwarded-Proto":[' + proto + ']',
  };
}

/** `queryStringParameters` (last value of a repeated name) and `multiValueQueryStringParameters`, null without any. */
function queryMaps(rawQuery: string): string {
  const pairs = rawQuery === '' ? [] : parseQuery(rawQuery);
  if (pairs.length === 0) return ',"queryStringParameters":null,"multiValueQueryStringParameters":null';
  const groups = new ValueGroups();
  for (const [k, v] of pairs) groups.add(k, k, v);
  return ',"queryStringParameters":{' + groups.lastMembers() + '},"multiValueQueryStringParameters":{' + groups.allMembers() + '}';
}

/**
 * Values grouped by name in first-seen order, as JSON members: the last value of each name, and all of them. A map
 * from name to slot, not a scan per value: a client may send up to 2,000 header lines.
 */
class ValueGroups {
  private readonly names: string[] = [];
  private readonly last: string[] = [];
  private readonly all: string[] = [];
  private readonly slots = new Map<string, number>();

  get size(): number {
    return this.names.length;
  }

  /** `key` groups (a lower-cased header name), `name` is what the event shows (the casing first sent). */
  add(key: string, name: string, value: string): void {
    const text = jsonString(value);
    const at = this.slots.get(key);
    if (at === undefined) {
      this.slots.set(key, this.names.length);
      this.names.push(jsonString(name));
      this.last.push(text);
      this.all.push(text);
    } else {
      this.last[at] = text;
      this.all[at] += ',' + text;
    }
  }

  /** `"name":"last value",…` */
  lastMembers(): string {
    let out = '';
    for (let i = 0; i < this.names.length; i++) out += (i === 0 ? '' : ',') + this.names[i] + ':' + this.last[i];
    return out;
  }

  /** `"name":["value",…],…` */
  allMembers(): string {
    let out = '';
    for (let i = 0; i < this.names.length; i++) out += (i === 0 ? '' : ',') + this.names[i] + ':[' + this.all[i] + ']';
    return out;
  }
}

function decodePath(path: string): string {
  if (path.indexOf('%') < 0) return path;
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}
