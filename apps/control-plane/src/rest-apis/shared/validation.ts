import type { ArnContext } from '@app/contracts';
import { badRequest } from '../../common/aws-error';

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS', 'ANY'] as const;

export function checkHttpMethod(method: string): string {
  if (!(HTTP_METHODS as readonly string[]).includes(method)) {
    throw badRequest('Invalid HttpMethod specified. Valid options are GET,PUT,POST,DELETE,PATCH,OPTIONS,HEAD,ANY');
  }
  return method;
}

const LAMBDA_INVOCATION = /^arn:aws:apigateway:([a-z0-9-]+):lambda:path\/2015-03-31\/functions\/(.+)\/invocations$/;
const FUNCTION_ARN = /^arn:aws:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:(\$LATEST|[A-Za-z0-9_-]+))?$/;
/** `arn:aws:apigateway:{region}:{service}:{path|action}/{...}`: the form of every AWS integration URI. */
const AWS_SERVICE_URI = /^arn:aws:apigateway:[a-z0-9-]+:[A-Za-z0-9.-]+:(path|action)\/.+$/;

/** A Lambda invocation URI (AWS_PROXY integrations, Lambda authorizers); the member name goes in the error. */
export function checkLambdaInvocationUri(uri: string, member: string): void {
  const match = LAMBDA_INVOCATION.exec(uri);
  if (!match) {
    throw badRequest(
      `Invalid ${member} specified: '${uri}'. Must be arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{functionArn}/invocations`,
    );
  }
  // Stage variables are resolved at request time, so an ARN built from them cannot be checked here.
  if (!match[2].includes('${stageVariables.') && !FUNCTION_ARN.test(match[2])) {
    throw badRequest(`Invalid function ARN in ${member}: '${match[2]}'`);
  }
}

export function checkAwsServiceUri(uri: string): void {
  if (!AWS_SERVICE_URI.test(uri)) throw badRequest(`AWS ARN for integration must contain path or action: '${uri}'`);
}

export function checkHttpUri(uri: string): void {
  // `{param}` placeholders and stage variables are substituted per request; parse with them neutralised.
  const probe = uri.replace(/\$\{stageVariables\.[^}]+\}/g, 'x').replace(/\{[^}]+\}/g, 'x');
  let url: URL | undefined;
  try {
    url = new URL(probe);
  } catch {
    url = undefined;
  }
  const variableHost = /^https?:\/\/\$\{stageVariables\./.test(uri);
  if (!variableHost && (!url || (url.protocol !== 'http:' && url.protocol !== 'https:'))) {
    throw badRequest(`Invalid HTTP endpoint specified for URI: '${uri}'`);
  }
}

export function restApiArn(ctx: ArnContext, apiId: string): string {
  return `arn:aws:apigateway:${ctx.region}::/restapis/${apiId}`;
}

export function stageArn(ctx: ArnContext, apiId: string, stageName: string): string {
  return `${restApiArn(ctx, apiId)}/stages/${stageName}`;
}

/** Epoch seconds, as the AWS JSON protocol carries timestamps. */
export function epochSeconds(date: Date | string = new Date()): number {
  return Math.floor(new Date(date).getTime() / 1000);
}
