import { errors, jwtVerify, type JWTPayload } from 'jose';
import type { V2AuthorizerDoc } from '@app/contracts';
import { REFUSALS, type AuthorizerGrant, type AuthorizerOutcome, type AuthorizerRefusal } from './authorizer.outcome';
import { compileIdentitySources, type AuthorizerRequest, type IdentityExtractor } from './identity-source';
import type { JwksRegistry } from './jwks.registry';
import { stampOf, type KeySetVersion } from './key-set.version';
import type { TokenCachePartition, VerifiedTokenCache } from './verified-token.cache';

export interface JwtAuthorizerConfig {
  issuer: string;
  /** The token's `aud` (or, for access tokens without `aud`, `client_id`) must be one of these. */
  audience: string[];
  /** Default `$request.header.Authorization`. */
  identitySource?: string[];
}

export function jwtAuthorizerConfig(doc: V2AuthorizerDoc): JwtAuthorizerConfig {
  const issuer = doc.jwtConfiguration?.issuer;
  if (!issuer) throw new RangeError('jwtConfiguration.issuer is required for a JWT authorizer');
  const audience = doc.jwtConfiguration?.audience ?? [];
  if (audience.length === 0) throw new RangeError('jwtConfiguration.audience needs at least one entry for a JWT authorizer');
  return { issuer, audience, identitySource: doc.identitySource };
}

export interface JwtResultCaching {
  /** The node's cache; this authorizer takes a partition of its own. */
  cache: VerifiedTokenCache;
  /** AWS documents no TTL for JWT results: a verified token is reused for at most this long (s), and never past `exp`. Default 300. */
  maxAgeSeconds?: number;
}

/** AWS accepts RSA signatures only (http-api-jwt-authorizer.md). */
const ALGORITHMS = ['RS256', 'RS384', 'RS512'];
/** The identity source may hold the token alone or after `Bearer `; both forms are the same cache key. */
const BEARER = /^Bearer\s+/i;
/** JWT grants carry no Lambda context; one frozen object serves them all. */
const NO_CONTEXT: AuthorizerGrant['context'] = Object.freeze({});

/** What a verified token leaves in the cache: the grant (scopes are checked per route on it) and the keys' version. */
interface VerifiedJwt {
  grant: AuthorizerGrant;
  keyStamp: number;
}

/**
 * JWT authorizer for HTTP APIs. Failures answer 401 `{"message":"Unauthorized"}` with a `www-authenticate` header
 * in the RFC 6750 form AWS uses; a valid token without one of the route's scopes answers 403 `{"message":"Forbidden"}`.
 *
 * With `caching`, a verified token (signature, `iss`, `aud`, `exp`/`nbf`/`iat`) is not verified again while it is
 * unexpired, for at most `maxAgeSeconds`, and while the issuer's key set is the one it was checked against (a JWKS
 * refetch or rotation makes every entry verify again). Route scopes are checked on every request. Refusals are never
 * cached: a token with an unknown `kid` may become valid once the JWKS is refetched, an expired one fails again on its
 * own, and caching forgeries by their exact string would only let them push valid tokens out.
 */
export class JwtAuthorizer {
  private readonly extract: IdentityExtractor;
  private readonly keyVersion: KeySetVersion;
  private readonly tokens: TokenCachePartition<VerifiedJwt> | undefined;
  private readonly maxAgeMs: number;

  constructor(
    private readonly config: JwtAuthorizerConfig,
    private readonly registry: JwksRegistry,
    caching?: JwtResultCaching,
  ) {
    const sources = config.identitySource?.length ? config.identitySource : ['$request.header.Authorization'];
    this.extract = compileIdentitySources([sources[0]])[0];
    this.keyVersion = registry.versionOf(config.issuer);
    this.maxAgeMs = (caching?.maxAgeSeconds ?? 300) * 1000;
    this.tokens = caching && this.maxAgeMs > 0 ? caching.cache.partition<VerifiedJwt>() : undefined;
  }

  /** `routeScopes`: the route's authorizationScopes (none: any valid token passes). `now`: epoch ms, for tests. */
  async authorize(request: AuthorizerRequest, routeScopes?: readonly string[], now = Date.now()): Promise<AuthorizerOutcome> {
    const raw = this.extract(request);
    if (raw === undefined) return unauthorized('Bearer', 'no token');
    const token = raw.replace(BEARER, '');
    const hit = this.tokens?.get(token, now);
    if (hit !== undefined && hit.keyStamp === this.keyVersion.current()) return withScopes(hit.grant, routeScopes);
    return this.verify(token, routeScopes, now);
  }

  private async verify(token: string, routeScopes: readonly string[] | undefined, now: number): Promise<AuthorizerOutcome> {
    const before = this.keyVersion.current();
    let keys;
    try {
      keys = await this.registry.keysFor(this.config.issuer);
    } catch (err) {
      return unauthorized(invalid('unable to fetch the issuer keys'), (err as Error).message);
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, { issuer: this.config.issuer, algorithms: ALGORITHMS, currentDate: new Date(now) }));
    } catch (err) {
      return unauthorized(invalid(describe(err)), (err as Error).message);
    }
    if (typeof payload.iat === 'number' && payload.iat * 1000 > now) return unauthorized(invalid('the token was issued in the future'), 'iat in the future');
    const audiences = payload.aud === undefined ? (typeof payload.client_id === 'string' ? [payload.client_id] : []) : Array.isArray(payload.aud) ? payload.aud : [payload.aud];
    if (!audiences.some((a) => this.config.audience.includes(a))) return unauthorized(invalid('the token does not have a valid audience'), 'aud/client_id not allowed');

    const scopes = tokenScopes(payload);
    // Frozen: the cached grant's claims and scopes are handed to every request that presents this token.
    const jwt = { claims: Object.freeze(stringifyClaims(payload)), scopes: scopes && Object.freeze(scopes) } as AuthorizerGrant['jwt'];
    const keyStamp = stampOf(before, this.keyVersion);
    if (this.tokens !== undefined && keyStamp !== 0) {
      const validFrom = Math.max(epochMs(payload.nbf), epochMs(payload.iat));
      const expiresAt = Math.min(typeof payload.exp === 'number' ? payload.exp * 1000 : Infinity, now + this.maxAgeMs);
      this.tokens.set(token, { grant: { ok: true, context: NO_CONTEXT, jwt, cached: true }, keyStamp }, validFrom, expiresAt, now);
    }
    return withScopes({ ok: true, context: NO_CONTEXT, jwt, cached: false }, routeScopes);
  }
}

/** The grant when the token holds one of the route's scopes (or the route has none); 403 otherwise. */
function withScopes(grant: AuthorizerGrant, routeScopes: readonly string[] | undefined): AuthorizerOutcome {
  if (routeScopes === undefined || routeScopes.length === 0) return grant;
  const scopes = grant.jwt!.scopes;
  if (scopes !== null) for (const s of routeScopes) if (scopes.includes(s)) return grant;
  const wanted = routeScopes.join(' ');
  return REFUSALS.forbidden(
    { 'www-authenticate': `Bearer scope="${wanted}" error="insufficient_scope" error_description="expected scopes: [${wanted}]"` },
    'token has none of the route scopes',
  );
}

/** A numeric date claim in epoch ms; -Infinity when absent. */
function epochMs(claim: unknown): number {
  return typeof claim === 'number' ? claim * 1000 : -Infinity;
}

function unauthorized(wwwAuthenticate: string, error: string): AuthorizerRefusal {
  return { ...REFUSALS.unauthorized(error), headers: { 'www-authenticate': wwwAuthenticate } };
}

function invalid(description: string): string {
  return `Bearer scope="" error="invalid_token" error_description="${description}"`;
}

function describe(err: unknown): string {
  if (err instanceof errors.JWTExpired) return 'the token has expired';
  if (err instanceof errors.JWTClaimValidationFailed) {
    if (err.claim === 'iss') return 'the token does not have a valid issuer';
    if (err.claim === 'nbf') return 'the token is not valid yet';
    return `the token has an invalid ${err.claim} claim`;
  }
  if (err instanceof errors.JWSSignatureVerificationFailed) return 'the token does not have a valid signature';
  if (err instanceof errors.JWKSNoMatchingKey) return 'the token was signed by an unknown key';
  if (err instanceof errors.JOSEAlgNotAllowed) return 'the token is not signed with an RSA algorithm';
  return 'the token is malformed';
}

/** `scope` (space-separated) or `scp` (array or string); null when the token has neither, as AWS reports it. */
function tokenScopes(payload: JWTPayload): string[] | null {
  const scope = payload.scope ?? payload.scp;
  if (typeof scope === 'string') return scope.split(' ').filter(Boolean);
  if (Array.isArray(scope)) return scope.map(String);
  return null;
}

/** Claims as AWS hands them on: every value a string; arrays and maps in Go's `[a b]` / `map[k:v]` form. */
export function stringifyClaims(payload: JWTPayload): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(payload)) out[k] = stringifyClaim(v);
  return out;
}

function stringifyClaim(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return Number.isInteger(v) ? v.toFixed(0) : String(v);
  if (Array.isArray(v)) return `[${v.map(stringifyClaim).join(' ')}]`;
  if (v !== null && typeof v === 'object') {
    return `map[${Object.keys(v).sort().map((k) => `${k}:${stringifyClaim((v as Record<string, unknown>)[k])}`).join(' ')}]`;
  }
  return String(v);
}
