import type { APIGatewayRequestAuthorizerEvent, APIGatewayRequestAuthorizerEventV2, APIGatewayTokenAuthorizerEvent } from 'aws-lambda';
import type { AuthorizerRequest } from './identity-source';

/** The events API Gateway sends to Lambda authorizers (api-gateway-lambda-authorizer-input.md, http-api-lambda-authorizer.md). */
export function tokenAuthorizerEvent(token: string, methodArn: string): APIGatewayTokenAuthorizerEvent {
  return { type: 'TOKEN', authorizationToken: token, methodArn };
}

export function restRequestAuthorizerEvent(r: AuthorizerRequest): APIGatewayRequestAuthorizerEvent {
  return {
    type: 'REQUEST',
    methodArn: r.methodArn,
    resource: r.resource,
    path: r.path,
    httpMethod: r.httpMethod,
    headers: r.headers,
    multiValueHeaders: r.multiValueHeaders ?? null,
    queryStringParameters: r.queryStringParameters,
    multiValueQueryStringParameters: r.multiValueQueryStringParameters ?? null,
    pathParameters: r.pathParameters,
    stageVariables: r.stageVariables,
    requestContext: r.requestContext as unknown as APIGatewayRequestAuthorizerEvent['requestContext'],
  } as APIGatewayRequestAuthorizerEvent;
}

/** HTTP API payload 1.0: REST's REQUEST shape plus version, identitySource and authorizationToken (comma-joined). */
export function httpV1AuthorizerEvent(r: AuthorizerRequest, identities: readonly string[]): Record<string, unknown> {
  const joined = identities.join(',');
  return {
    version: '1.0',
    type: 'REQUEST',
    methodArn: r.methodArn,
    identitySource: joined,
    authorizationToken: joined,
    resource: r.resource,
    path: r.path,
    httpMethod: r.httpMethod,
    headers: r.headers,
    queryStringParameters: r.queryStringParameters,
    pathParameters: r.pathParameters,
    stageVariables: r.stageVariables,
    requestContext: r.requestContext,
  };
}

export function httpV2AuthorizerEvent(r: AuthorizerRequest, identities: readonly string[]): APIGatewayRequestAuthorizerEventV2 {
  const event: Record<string, unknown> = {
    version: '2.0',
    type: 'REQUEST',
    routeArn: r.methodArn,
    identitySource: [...identities],
    routeKey: r.routeKey ?? '$default',
    rawPath: r.rawPath ?? r.path,
    rawQueryString: r.rawQueryString ?? '',
  };
  if (r.cookies && r.cookies.length) event.cookies = r.cookies;
  event.headers = r.headers;
  if (Object.keys(r.queryStringParameters).length) event.queryStringParameters = r.queryStringParameters;
  event.requestContext = r.requestContext;
  if (Object.keys(r.pathParameters).length) event.pathParameters = r.pathParameters;
  if (Object.keys(r.stageVariables).length) event.stageVariables = r.stageVariables;
  return event as unknown as APIGatewayRequestAuthorizerEventV2;
}
