import { errors, jwtVerify, type JWTPayload } from 'jose';
import type { V2AuthorizerDoc } from '@app/contracts';
import { REFUSALS, type AuthorizerOutcome, type AuthorizerRefusal } from './authorizer.outcome';
import { compileIdentitySources, type AuthorizerRequest, type IdentityExtractor } from './identity-source';
import type { JwksRegistry } from './jwks.registry';

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

/** AWS accepts RSA signatures only (http-api-jwt-authorizer.md). */
const ALGORITHMS = ['RS256', 'RS384', 'RS512'];

/**
 * JWT authorizer for HTTP APIs. Failures answer 401 `{"message":"Unauthorized"}` with a `www-authenticate` header
 * in the RFC 6750 form AWS uses; a valid token without one of the route's scopes answers 403 `{"message":"Forbidden"}`.
 */
export class JwtAuthorizer {
  private readonly extract: IdentityExtractor;

  constructor(
    private readonly config: JwtAuthorizerConfig,
    private readonly registry: JwksRegistry,
  ) {
    const sources = config.identitySource?.length ? config.identitySource : ['$request.header.Authorization'];
    this.extract = compileIdentitySources([sources[0]])[0];
  }

  /** `routeScopes`: the route's authorizationScopes (none: any valid token passes). `now`: epoch ms, for tests. */
  async authorize(request: AuthorizerRequest, routeScopes?: readonly string[], now = Date.now()): Promise<AuthorizerOutcome> {
    const raw = this.extract(request);
    if (raw === undefined) return unauthorized('Bearer', 'no token');
    const token = raw.replace(/^Bearer\s+/i, '');
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
    if (routeScopes && routeScopes.length > 0 && !routeScopes.some((s) => scopes?.includes(s))) {
      const wanted = routeScopes.join(' ');
      return REFUSALS.forbidden(
        { 'www-authenticate': `Bearer scope="${wanted}" error="insufficient_scope" error_description="expected scopes: [${wanted}]"` },
        'token has none of the route scopes',
      );
    }
    return { ok: true, context: {}, jwt: { claims: stringifyClaims(payload), scopes }, cached: false };
  }
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
