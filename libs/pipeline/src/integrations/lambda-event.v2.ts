import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import type { RequestContext } from '../context/request-context';
import { FORWARDED_HEADERS, forwardedFor, forwardedPort, forwardedProto, parseQuery } from './request-view';

/**
 * Lambda proxy payload format 2.0 (HTTP APIs): header names lower-cased and repeats comma-joined, cookies moved
 * from the `cookie` header into `cookies`, query values comma-joined, optional members omitted when empty — the
 * shape of apigw-v2-request-no-authorizer.json.
 */
export function buildV2Event(ctx: RequestContext, base64Body: boolean): APIGatewayProxyEventV2 {
  const headers: Record<string, string> = {};
  let cookies: string[] | undefined;
  const raw = ctx.req.rawHeaders;
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
    const prior = headers[name];
    headers[name] = prior === undefined ? value : prior + ',' + value;
  }
  headers['x-forwarded-for'] = forwardedFor(ctx);
  headers['x-forwarded-port'] = forwardedPort(ctx);
  headers['x-forwarded-proto'] = forwardedProto(ctx);

  let queryStringParameters: Record<string, string> | undefined;
  if (ctx.rawQuery !== '') {
    for (const [k, v] of parseQuery(ctx.rawQuery)) {
      queryStringParameters ??= {};
      const prior = queryStringParameters[k];
      queryStringParameters[k] = prior === undefined ? v : prior + ',' + v;
    }
  }

  const path = ctx.stagePrefix + ctx.rawPath;
  const requestContext: Record<string, unknown> = {
    accountId: ctx.stage.accountId,
    apiId: ctx.stage.apiId,
  };
  if (ctx.authorizer) requestContext.authorizer = ctx.authorizer;
  requestContext.domainName = ctx.domainName;
  requestContext.domainPrefix = ctx.domainPrefix;
  requestContext.http = {
    method: ctx.method,
    path,
    protocol: ctx.protocol,
    sourceIp: ctx.sourceIp,
    userAgent: ctx.userAgent ?? '',
  };
  requestContext.requestId = ctx.requestId;
  requestContext.routeKey = ctx.routeKey;
  requestContext.stage = ctx.stage.stageName;
  requestContext.time = ctx.requestTime;
  requestContext.timeEpoch = ctx.requestTimeEpoch;

  const event: Record<string, unknown> = {
    version: '2.0',
    routeKey: ctx.routeKey,
    rawPath: path,
    rawQueryString: ctx.rawQuery,
  };
  if (cookies) event.cookies = cookies;
  event.headers = headers;
  if (queryStringParameters) event.queryStringParameters = queryStringParameters;
  event.requestContext = requestContext;
  const hasBody = ctx.body !== null && ctx.body.length > 0;
  if (hasBody) event.body = base64Body ? ctx.body!.toString('base64') : ctx.body!.toString('utf8');
  if (ctx.pathParameters) event.pathParameters = ctx.pathParameters;
  event.isBase64Encoded = hasBody && base64Body;
  if (ctx.stage.stageVariables) event.stageVariables = ctx.stage.stageVariables;
  return event as unknown as APIGatewayProxyEventV2;
}
