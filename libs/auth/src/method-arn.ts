import type { ArnContext } from '@app/contracts';

/**
 * `arn:aws:execute-api:{region}:{account}:{apiId}/{stage}/{METHOD}/{path}` as API Gateway passes it to authorizers
 * (methodArn / routeArn): the request's actual path without its leading slash (`…/GET/` for the root).
 * The prefix is fixed per stage, so build it once when compiling and append per request.
 */
export function methodArnPrefix(ctx: ArnContext, apiId: string, stage: string): string {
  return `arn:aws:execute-api:${ctx.region}:${ctx.accountId}:${apiId}/${stage}/`;
}

export function buildMethodArn(prefix: string, httpMethod: string, path: string): string {
  return prefix + httpMethod + (path.startsWith('/') ? path : '/' + path);
}
