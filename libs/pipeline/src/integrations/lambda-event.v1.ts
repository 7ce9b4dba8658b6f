import type { APIGatewayProxyEvent } from 'aws-lambda';
import type { RequestContext } from '../context/request-context';
import { FORWARDED_HEADERS, forwardedFor, forwardedPort, forwardedProto, parseQuery } from './request-view';

const NULL_IDENTITY = {
  accessKey: null,
  accountId: null,
  caller: null,
  cognitoAuthenticationProvider: null,
  cognitoAuthenticationType: null,
  cognitoIdentityId: null,
  cognitoIdentityPoolId: null,
  principalOrgId: null,
  user: null,
  userArn: null,
  clientCert: null,
};

/** The identity members; an AWS_IAM caller fills accessKey/accountId/caller/user/userArn as AWS does. */
function callerIdentity(ctx: RequestContext): typeof NULL_IDENTITY | Record<string, string | null> {
  const caller = ctx.callerIdentity;
  if (!caller) return NULL_IDENTITY;
  return { ...NULL_IDENTITY, accessKey: caller.accessKey, accountId: caller.accountId, caller: caller.userId, user: caller.userId, userArn: caller.userArn };
}

/**
 * Lambda proxy payload format 1.0 (REST APIs, and HTTP APIs with payloadFormatVersion 1.0), as
 * set-up-lambda-proxy-integrations.md and http-api-develop-integrations-lambda.md show it: `headers` keep the
 * client's casing with the last value of a repeated header, `multiValueHeaders` keep every value, absent query
 * strings / path parameters / stage variables are `null`.
 */
export function buildV1Event(ctx: RequestContext, base64Body: boolean): APIGatewayProxyEvent & { version?: string } {
  // No prototypes: a header or query parameter named `constructor` or `__proto__` is just a name.
  const headers: Record<string, string> = Object.create(null);
  const multiValueHeaders: Record<string, string[]> = Object.create(null);
  const raw = ctx.req.rawHeaders;
  // Header names are case-insensitive: lines that differ only in case are one header, named as first sent.
  let firstCasing: Map<string, string> | null = null;
  for (let i = 0; i < raw.length; i += 2) {
    let name = raw[i];
    const lower = name.toLowerCase();
    if (FORWARDED_HEADERS.has(lower)) continue;
    firstCasing ??= new Map();
    const first = firstCasing.get(lower);
    if (first === undefined) firstCasing.set(lower, name);
    else name = first;
    headers[name] = raw[i + 1];
    (multiValueHeaders[name] ??= []).push(raw[i + 1]);
  }
  const xff = forwardedFor(ctx);
  headers['X-Forwarded-For'] = xff;
  multiValueHeaders['X-Forwarded-For'] = [xff];
  const port = forwardedPort(ctx);
  headers['X-Forwarded-Port'] = port;
  multiValueHeaders['X-Forwarded-Port'] = [port];
  const proto = forwardedProto(ctx);
  headers['X-Forwarded-Proto'] = proto;
  multiValueHeaders['X-Forwarded-Proto'] = [proto];

  let queryStringParameters: Record<string, string> | null = null;
  let multiValueQueryStringParameters: Record<string, string[]> | null = null;
  if (ctx.rawQuery !== '') {
    const pairs = parseQuery(ctx.rawQuery);
    if (pairs.length > 0) {
      queryStringParameters = Object.create(null) as Record<string, string>;
      multiValueQueryStringParameters = Object.create(null) as Record<string, string[]>;
      for (const [k, v] of pairs) {
        queryStringParameters[k] = v;
        (multiValueQueryStringParameters[k] ??= []).push(v);
      }
    }
  }

  const isRest = ctx.stage.protocol === 'REST';
  const stageVariables = ctx.stage.stageVariables;
  const body = ctx.body && ctx.body.length > 0 ? (base64Body ? ctx.body.toString('base64') : ctx.body.toString('utf8')) : null;
  // REST: `path` is the resource path without the stage, requestContext.path the full one. HTTP APIs send the
  // path as the client sent it (stage included) in both.
  const fullPath = ctx.stagePrefix + ctx.rawPath;
  const resource = ctx.resourcePath;
  const requestContext: Record<string, unknown> = {
    accountId: ctx.stage.accountId,
    apiId: ctx.stage.apiId,
    domainName: ctx.domainName,
    domainPrefix: ctx.domainPrefix,
    extendedRequestId: ctx.extendedRequestId,
    httpMethod: ctx.method,
    // HTTP APIs have no API keys, and their 1.0 identity has no apiKey/apiKeyId members.
    identity: isRest
      ? { ...callerIdentity(ctx), apiKey: ctx.apiKey, apiKeyId: ctx.apiKeyId, sourceIp: ctx.sourceIp, userAgent: ctx.userAgent }
      : { ...callerIdentity(ctx), sourceIp: ctx.sourceIp, userAgent: ctx.userAgent },
    path: fullPath,
    protocol: ctx.protocol,
    requestId: ctx.requestId,
    requestTime: ctx.requestTime,
    requestTimeEpoch: ctx.requestTimeEpoch,
    resourceId: isRest ? (ctx.route?.resourceId ?? null) : null,
    resourcePath: resource,
    stage: ctx.stage.stageName,
  };
  if (ctx.authorizer) requestContext.authorizer = ctx.authorizer;
  else if (!isRest) requestContext.authorizer = { claims: null, scopes: null };

  const event: Record<string, unknown> = {};
  if (!isRest) event.version = '1.0';
  event.resource = resource;
  event.path = isRest ? decodePath(ctx.rawPath) : decodePath(fullPath);
  event.httpMethod = ctx.method;
  event.headers = headers;
  event.multiValueHeaders = multiValueHeaders;
  event.queryStringParameters = queryStringParameters;
  event.multiValueQueryStringParameters = multiValueQueryStringParameters;
  event.requestContext = requestContext;
  event.pathParameters = ctx.pathParameters;
  event.stageVariables = stageVariables;
  event.body = body;
  event.isBase64Encoded = body !== null && base64Body;
  return event as unknown as APIGatewayProxyEvent;
}

function decodePath(path: string): string {
  if (path.indexOf('%') < 0) return path;
  try {
    return decodeURI(path);
  } catch {
    return path;
  }
}
