import type { JWTVerifyGetKey } from 'jose';
import { AWS_LIMITS } from '@app/contracts';
import { KeySetVersion, versionedRemoteKeySet } from './key-set.version';

export interface JwksRegistryOptions {
  /** Discovery and JWKS fetch timeout (ms). Default 1,500, as AWS. */
  timeoutMs?: number;
  /** A token with an unknown `kid` refetches the JWKS at most this often (ms), so bad tokens cannot hammer the IdP. Default 30,000. */
  cooldownMs?: number;
  /** Keys are refetched after this long even without an unknown kid (ms). Default 10 minutes. */
  cacheMaxAgeMs?: number;
  /** After a failed discovery, it is retried no sooner than this (ms). Default 5,000. */
  discoveryRetryMs?: number;
}

/**
 * One remote key set per issuer, shared by every JWT authorizer on the node: `{issuer}/.well-known/openid-configuration`
 * gives `jwks_uri`, whose keys jose caches and refetches on key rotation (unknown kid, with cooldown).
 */
export class JwksRegistry {
  private readonly sets = new Map<string, { jwks?: Promise<JWTVerifyGetKey>; failedAt?: number; version: KeySetVersion }>();
  private readonly timeoutMs: number;

  constructor(private readonly options: JwksRegistryOptions = {}) {
    this.timeoutMs = options.timeoutMs ?? AWS_LIMITS.jwksTimeoutMs;
  }

  /** Rejects when discovery fails; a later call retries once discoveryRetryMs has passed. */
  keysFor(issuer: string): Promise<JWTVerifyGetKey> {
    const entry = this.entry(issuer);
    if (entry.jwks) return entry.jwks;
    if (entry.failedAt !== undefined && Date.now() - entry.failedAt < (this.options.discoveryRetryMs ?? 5_000)) {
      return Promise.reject(new Error(`OpenID discovery for ${issuer} failed recently`));
    }
    const jwks = (entry.jwks = this.discover(issuer, entry.version));
    jwks.catch(() => {
      entry.jwks = undefined;
      entry.failedAt = Date.now();
    });
    return jwks;
  }

  /** Which copy of the issuer's keys is in force (0 until discovery and the first fetch succeed); see KeySetVersion. */
  versionOf(issuer: string): KeySetVersion {
    return this.entry(issuer).version;
  }

  private entry(issuer: string) {
    let entry = this.sets.get(issuer);
    if (!entry) this.sets.set(issuer, (entry = { version: new KeySetVersion() }));
    return entry;
  }

  private async discover(issuer: string, version: KeySetVersion): Promise<JWTVerifyGetKey> {
    const url = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
    const response = await fetch(url, { signal: AbortSignal.timeout(this.timeoutMs), redirect: 'manual' });
    if (!response.ok) throw new Error(`OpenID discovery ${url} answered ${response.status}`);
    const doc = (await response.json()) as { jwks_uri?: unknown };
    if (typeof doc.jwks_uri !== 'string') throw new Error(`OpenID discovery ${url} has no jwks_uri`);
    const { keys } = versionedRemoteKeySet(
      new URL(doc.jwks_uri),
      { timeoutDuration: this.timeoutMs, cooldownDuration: this.options.cooldownMs ?? 30_000, cacheMaxAge: this.options.cacheMaxAgeMs ?? 600_000 },
      version,
    );
    return keys;
  }
}
