import type { PolicyDecision } from '@app/auth';

/**
 * How a REST API's resource policy combines with the method's authorization, as apigateway-authorization-flow.md
 * lays it out (the flows and its outcome tables A and B):
 *
 * - `NONE` (resource policy only): the policy must allow explicitly; silence or a deny refuses.
 * - `CUSTOM` (Lambda authorizer): an explicit deny in the resource policy refuses before the authorizer is called;
 *   then the authorizer's policy and the resource policy combine by Table A (the authorizer belongs to the API's
 *   account): either one allowing suffices unless the other denies, both silent is an implicit deny.
 * - `AWS_IAM`: the caller's IAM policies and the resource policy combine by Table A when the caller is in the API's
 *   account, by Table B (both must allow) when not. The gateway has no IAM user policies: a valid key counts as its
 *   user's Allow.
 * - `COGNITO_USER_POOLS`: after the token authenticates, "the resource policy is evaluated independently, and an
 *   explicit allow is required. A deny or 'neither allow or deny' results in a deny." The guide's Table A names
 *   Cognito too and would let a silent policy through; we follow the Cognito section, which describes that flow
 *   specifically (the stricter reading: a policy that only lists denials refuses Cognito callers).
 *
 * `identity` is the authorizing side's decision (a Cognito caller that authenticated is `Allow`); `resource` is the
 * resource policy's, undefined when the API has none (then the authorizing side decides alone).
 */
export type AuthorizationFlow = 'NONE' | 'CUSTOM' | 'AWS_IAM' | 'COGNITO_USER_POOLS';

export function authorizationOutcome(flow: AuthorizationFlow, identity: PolicyDecision, resource: PolicyDecision | undefined, sameAccount = true): PolicyDecision {
  if (resource === undefined) return flow === 'NONE' ? 'Allow' : identity;
  switch (flow) {
    case 'NONE':
      return resource;
    case 'COGNITO_USER_POOLS':
      if (identity === 'Deny' || resource === 'Deny') return 'Deny';
      return identity === 'Allow' && resource === 'Allow' ? 'Allow' : 'ImplicitDeny';
    case 'CUSTOM':
      return combineDecisions(identity, resource, true);
    case 'AWS_IAM':
      return combineDecisions(identity, resource, sameAccount);
  }
}

/** Tables A (same account: either allow suffices) and B (cross-account: both must allow); any deny wins. */
export function combineDecisions(identity: PolicyDecision, resource: PolicyDecision, sameAccount: boolean): PolicyDecision {
  if (identity === 'Deny' || resource === 'Deny') return 'Deny';
  if (sameAccount) return identity === 'Allow' || resource === 'Allow' ? 'Allow' : 'ImplicitDeny';
  return identity === 'Allow' && resource === 'Allow' ? 'Allow' : 'ImplicitDeny';
}
