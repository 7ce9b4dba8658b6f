import { createHash } from 'node:crypto';

/** What a Lambda authorizer answered, as cached: the REST policy is re-evaluated for each method ARN. */
export interface CachedAuthorization {
  principalId?: string;
  policyDocument?: unknown;
  /** Simple responses (HTTP 2.0). */
  isAuthorized?: boolean;
  context: Record<string, unknown>;
  usageIdentifierKey?: string;
}

export interface AuthorizerCache {
  get(key: string): Promise<CachedAuthorization | undefined>;
  set(key: string, value: CachedAuthorization, ttlSeconds: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Cache key for one authorizer and the request's identity values. Hashed: tokens must not sit in Redis key names,
 * and the key length stays fixed. `scope` names the authorizer uniquely, e.g. `{apiId}/{stage}/{authorizerId}`.
 */
export function authorizerCacheKey(scope: string, identities: readonly string[]): string {
  const h = createHash('sha256').update(scope);
  for (const id of identities) h.update('\u0000').update(id);
  return h.digest('base64url');
}
