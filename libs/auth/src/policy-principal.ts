import type { PolicyCaller } from './policy-facts';

/**
 * A resource policy statement's `Principal`: `*`, `{"AWS": "*"}`, or the caller's account id /
 * `arn:aws:iam::{account}:root` / user ARN. Anything else (services, federated principals) names nobody who can
 * call the gateway. An anonymous caller (undefined) matches only the wildcards.
 */
export function principalMatches(principal: unknown, caller: PolicyCaller | undefined): boolean {
  if (principal === '*') return true;
  if (principal === null || typeof principal !== 'object' || Array.isArray(principal)) return false;
  const aws = (principal as Record<string, unknown>).AWS;
  const ids = typeof aws === 'string' ? [aws] : Array.isArray(aws) ? aws.filter((v): v is string => typeof v === 'string') : [];
  for (const id of ids) {
    if (id === '*') return true;
    if (caller === undefined) continue;
    if (id === caller.accountId || id === `arn:aws:iam::${caller.accountId}:root` || id === caller.userArn) return true;
  }
  return false;
}
