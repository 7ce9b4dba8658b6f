import { createRemoteJWKSet, jwksCache, type JWTVerifyGetKey, type RemoteJWKSetOptions } from 'jose';

/**
 * Which copy of an issuer's key set is in use, so that a cached verification can be trusted only while the keys it
 * was checked against are still the ones in force. jose writes `uat` (epoch ms) into the `jwksCache` object each time
 * it applies a freshly fetched key set (rotation on an unknown `kid`, or after `cacheMaxAge`); that stamp is the
 * version. Reading it costs a property load and one clock read, so it can run on every cache hit.
 */
export class KeySetVersion {
  /** Handed to jose as `jwksCache`; jose writes `uat` and `jwks` into it. */
  readonly state: { uat?: number; jwks?: unknown } = {};
  private remote?: { readonly fresh: boolean };

  /** @internal Set once the remote key set exists. */
  attach(remote: { readonly fresh: boolean }): void {
    this.remote = remote;
  }

  /**
   * The fetch time of the keys in force, or 0 when there are none yet or they are older than the key set's
   * `cacheMaxAge` (a verification must run then, and it refetches them). Never 0 for a usable set.
   */
  current(): number {
    const remote = this.remote;
    return remote !== undefined && remote.fresh ? (this.state.uat ?? 0) : 0;
  }
}

/** A remote JWKS (jose's, with its fetch, cooldown and rotation) together with its {@link KeySetVersion}. */
export function versionedRemoteKeySet(url: URL, options: RemoteJWKSetOptions, version = new KeySetVersion()): { keys: JWTVerifyGetKey; version: KeySetVersion } {
  const remote = createRemoteJWKSet(url, { ...options, [jwksCache]: version.state as Record<string, never> });
  version.attach(remote);
  return { keys: remote, version };
}

/**
 * The version to record with a verification: read before verifying, so a key set replaced while the token was being
 * checked makes the entry stale at once (one extra verification, never a stale grant); when no keys were loaded yet
 * the verification itself loaded them, and the version after it is the one used.
 */
export function stampOf(before: number, version: KeySetVersion): number {
  return before !== 0 ? before : version.current();
}
