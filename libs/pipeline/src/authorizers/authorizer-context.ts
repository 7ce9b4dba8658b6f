import type { AuthorizerGrant } from '@app/auth';

/**
 * How a grant appears as `requestContext.authorizer` (the integration's event) and `$context.authorizer.*`
 * (templates, parameter mappings, access logs). REST uses one flat shape for both. HTTP APIs nest the event's copy
 * (`authorizer.lambda.key`, `authorizer.jwt.claims.sub`, `authorizer.iam.accessKey`) while `$context` reads flat
 * (`$context.authorizer.key`, `$context.authorizer.claims.sub`); the flat names are added as non-enumerable
 * properties, which the `$context` walker reads and JSON.stringify (the event) skips.
 */
export function restAuthorizerContext(grant: AuthorizerGrant, integrationLatency: number): Record<string, unknown> {
  // AWS's REST proxy event: principalId, then the context's keys, then integrationLatency (apigw-request.json).
  const out: Record<string, unknown> = { principalId: grant.principalId ?? null };
  for (const key in grant.context) if (key !== 'principalId' && key !== 'integrationLatency') out[key] = grant.context[key];
  out.integrationLatency = integrationLatency;
  return out;
}

export function httpLambdaAuthorizerContext(grant: AuthorizerGrant): Record<string, unknown> {
  const out: Record<string, unknown> = { lambda: grant.context };
  const flat: Record<string, unknown> = { ...grant.context };
  if (grant.principalId !== undefined) flat.principalId = grant.principalId;
  return withHiddenAliases(out, flat);
}

/** Payload 2.0: `{jwt: {claims, scopes}}`; payload 1.0: `{claims, scopes}` (the shape 1.0 sends as nulls without one). */
export function httpJwtAuthorizerContext(grant: AuthorizerGrant, integrationFormat: '1.0' | '2.0'): Record<string, unknown> {
  const jwt = grant.jwt ?? { claims: {}, scopes: null };
  if (integrationFormat === '1.0') return { claims: jwt.claims, scopes: jwt.scopes };
  return withHiddenAliases({ jwt: { claims: jwt.claims, scopes: jwt.scopes } }, { claims: jwt.claims, scopes: jwt.scopes });
}

import type { CallerIdentity } from '../context/caller-identity';
export type { CallerIdentity } from '../context/caller-identity';

/** `requestContext.authorizer.iam` of payload 2.0 (apigw-v2-request-iam.json). */
export function httpIamAuthorizerContext(caller: CallerIdentity): Record<string, unknown> {
  return {
    iam: {
      accessKey: caller.accessKey,
      accountId: caller.accountId,
      callerId: caller.userId,
      cognitoIdentity: null,
      principalOrgId: null,
      userArn: caller.userArn,
      userId: caller.userId,
    },
  };
}

function withHiddenAliases(target: Record<string, unknown>, aliases: Record<string, unknown>): Record<string, unknown> {
  for (const key in aliases) {
    if (key in target) continue;
    Object.defineProperty(target, key, { value: aliases[key], enumerable: false, writable: false, configurable: false });
  }
  return target;
}
