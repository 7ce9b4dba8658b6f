import type { JWTVerifyGetKey } from 'jose';
import { versionedRemoteKeySet, type KeySetVersion } from '@app/auth';
import { AWS_LIMITS } from '@app/contracts';

export interface CognitoKeySetsOptions {
  /** JWKS fetch timeout (ms). Default 1,500, as AWS's JWKS timeout. */
  timeoutMs?: number;
  /** A token with an unknown `kid` refetches the keys at most this often (ms), so forged tokens cannot hammer the pool. Default 30,000. */
  cooldownMs?: number;
  /** Keys are refetched after this long even without an unknown kid (ms). Default 10 minutes. */
  cacheMaxAgeMs?: number;
}

/**
 * One remote key set per user-pool issuer, shared by every Cognito authorizer of every stage on the node, so a
 * redeploy does not refetch keys. User pools publish their keys at `{issuer}/.well-known/jwks.json` (no OpenID
 * discovery round trip is needed); jose fetches lazily on first use and refetches on key rotation.
 */
export class CognitoKeySets {
  private readonly sets = new Map<string, { keys: JWTVerifyGetKey; version: KeySetVersion }>();

  constructor(private readonly options: CognitoKeySetsOptions = {}) {}

  keysFor(issuer: string): JWTVerifyGetKey {
    return this.set(issuer).keys;
  }

  /** Which copy of the pool's keys is in force (0 until the first fetch); cached verifications are checked against it. */
  versionOf(issuer: string): KeySetVersion {
    return this.set(issuer).version;
  }

  private set(issuer: string) {
    let set = this.sets.get(issuer);
    if (!set) {
      set = versionedRemoteKeySet(new URL(`${issuer}/.well-known/jwks.json`), {
        timeoutDuration: this.options.timeoutMs ?? AWS_LIMITS.jwksTimeoutMs,
        cooldownDuration: this.options.cooldownMs ?? 30_000,
        cacheMaxAge: this.options.cacheMaxAgeMs ?? 600_000,
      });
      this.sets.set(issuer, set);
    }
    return set;
  }
}
