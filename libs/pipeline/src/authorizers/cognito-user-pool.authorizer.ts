import type { IncomingHttpHeaders } from 'node:http';
import { decodeJwt, errors, jwtVerify, type JWTPayload } from 'jose';
import { REFUSALS, stampOf, type AuthorizerRefusal, type KeySetVersion, type TokenCachePartition, type VerifiedTokenCache } from '@app/auth';
import { AWS_LIMITS, type RestAuthorizerDoc } from '@app/contracts';
import type { CognitoKeySets } from './cognito-key-sets';

/** Cognito's own issuer; COGNITO_ISSUER_URL replaces it for local issuers. */
export const COGNITO_ISSUER_TEMPLATE = 'https://cognito-idp.{region}.amazonaws.com/{userPoolId}';

const POOL_ARN = /^arn:aws[\w-]*:cognito-idp:([a-z0-9-]+):(\d{12}):userpool\/([\w-]+)$/;
const HEADER_SOURCE = /^method\.request\.header\.([!#$%&'*+.^_`|~0-9A-Za-z-]+)$/;
/** User pools sign with RS256 only. */
const ALGORITHMS = ['RS256'];

export type CognitoOutcome = { ok: true; claims: Record<string, string> } | AuthorizerRefusal;

/** A verified token as cached: what the per-method checks need, the grant, and the pool keys it was checked against. */
interface VerifiedUserPoolToken {
  tokenUse: unknown;
  /** identityValidationExpression against `client_id` (access tokens) or `aud` (ID tokens); true without one. */
  clientMatches: boolean;
  /** The access token's `scope`, split. */
  scopes: readonly string[];
  grant: { ok: true; claims: Record<string, string> };
  keys: KeySetVersion;
  keyStamp: number;
}

/**
 * A REST `COGNITO_USER_POOLS` authorizer (apigateway-enable-cognito-user-pool.md). The token is the identity source
 * header's value as sent (no `Bearer` scheme). It must be signed by one of the `providerARNs` pools (its `iss`
 * picks the pool) and unexpired. A method without `authorizationScopes` takes an ID token (`token_use: id`); a method
 * with scopes takes an access token (`token_use: access`) whose `scope` holds at least one of them. An
 * `identityValidationExpression` must match the token's client: `aud` of an ID token, `client_id` of an access
 * token. Every refusal is 401 UNAUTHORIZED; an expired token says so in the message, as AWS does.
 *
 * Results are cached for the authorizer's `authorizerResultTtlInSeconds` (default 300, 0 turns caching off), as the
 * API reference says of every REST authorizer, keyed by the exact token and never past its `exp`. The method's
 * scopes, token use and client are checked on each request against the cached token, so a token cached on one method
 * grants nothing on another it would not pass. A cached token is verified again once its pool's key set has been
 * refetched (rotation). Refusals are not cached: a token with an unknown `kid` may become valid after the refetch.
 */
export class CognitoUserPoolAuthorizer {
  private constructor(
    private readonly header: string,
    /** The issuer URL of each pool in providerARNs. */
    private readonly issuers: ReadonlySet<string>,
    private readonly clientPattern: RegExp | undefined,
    private readonly keySets: CognitoKeySets,
    private readonly tokens: TokenCachePartition<VerifiedUserPoolToken> | undefined,
    private readonly ttlMs: number,
  ) {}

  /**
   * Throws, naming the field, when the authorizer cannot be enforced (the deployment is refused). `cache`: the node's
   * verified-token cache (none: every request verifies its token).
   */
  static compile(doc: RestAuthorizerDoc, issuerTemplate: string, keySets: CognitoKeySets, cache?: VerifiedTokenCache): CognitoUserPoolAuthorizer {
    if (doc.type !== 'COGNITO_USER_POOLS') throw new Error(`authorizer '${doc.id}' is a ${doc.type} authorizer; COGNITO_USER_POOLS methods need a COGNITO_USER_POOLS authorizer`);
    const source = (doc.identitySource ?? '').trim();
    const header = HEADER_SOURCE.exec(source);
    if (!header) throw new Error(`authorizer '${doc.id}': identitySource must be method.request.header.<name>, got '${source}'`);
    if (!doc.providerARNs?.length) throw new Error(`authorizer '${doc.id}': providerARNs are required for COGNITO_USER_POOLS`);
    const issuers = new Set<string>();
    for (const arn of doc.providerARNs) {
      const m = POOL_ARN.exec(arn);
      if (!m) throw new Error(`authorizer '${doc.id}': providerARNs entry '${arn}' is not a user pool ARN (arn:aws:cognito-idp:{region}:{account}:userpool/{userPoolId})`);
      issuers.add(issuerTemplate.replaceAll('{region}', m[1]).replaceAll('{userPoolId}', m[3]).replace(/\/+$/, ''));
    }
    let clientPattern: RegExp | undefined;
    if (doc.identityValidationExpression) {
      try {
        clientPattern = new RegExp(`^(?:${doc.identityValidationExpression})$`);
      } catch (error) {
        throw new Error(`authorizer '${doc.id}': identityValidationExpression is not a regular expression: ${(error as Error).message}`);
      }
    }
    const ttlMs = (doc.authorizerResultTtlInSeconds ?? AWS_LIMITS.authorizerCacheTtlSeconds.default) * 1000;
    const tokens = cache && ttlMs > 0 ? cache.partition<VerifiedUserPoolToken>() : undefined;
    return new CognitoUserPoolAuthorizer(header[1].toLowerCase(), issuers, clientPattern, keySets, tokens, ttlMs);
  }

  /** `scopes`: the method's authorizationScopes (empty: an ID token is expected). `now`: epoch ms, for tests. */
  async authorize(headers: IncomingHttpHeaders, scopes: readonly string[], now = Date.now()): Promise<CognitoOutcome> {
    const value = headers[this.header];
    const token = Array.isArray(value) ? value.join(',') : value;
    if (!token) return REFUSALS.unauthorized('no token in the identity source');
    const hit = this.tokens?.get(token, now);
    if (hit !== undefined && hit.keyStamp === hit.keys.current()) return checkMethod(hit, scopes);
    const verified = await this.verify(token, now);
    return 'grant' in verified ? checkMethod(verified, scopes) : verified;
  }

  private async verify(token: string, now: number): Promise<VerifiedUserPoolToken | AuthorizerRefusal> {
    let issuer: unknown;
    try {
      issuer = decodeJwt(token).iss;
    } catch {
      return REFUSALS.unauthorized('the token is not a JWT');
    }
    if (typeof issuer !== 'string' || !this.issuers.has(issuer)) return REFUSALS.unauthorized('the token was not issued by a user pool of this authorizer');
    const keys = this.keySets.versionOf(issuer);
    const before = keys.current();
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.keySets.keysFor(issuer), { issuer, algorithms: ALGORITHMS, requiredClaims: ['exp'], currentDate: new Date(now) }));
    } catch (error) {
      if (error instanceof errors.JWTExpired) return { ...REFUSALS.unauthorized('token expired'), message: 'The incoming token has expired' };
      return REFUSALS.unauthorized(`invalid token: ${(error as Error).message}`);
    }
    const client = payload.token_use === 'access' ? payload.client_id : payload.aud;
    const verified: VerifiedUserPoolToken = {
      tokenUse: payload.token_use,
      clientMatches: !this.clientPattern || (typeof client === 'string' && this.clientPattern.test(client)),
      scopes: Object.freeze(typeof payload.scope === 'string' ? payload.scope.split(' ') : []),
      // Frozen: a cached grant's claims are handed to every request that presents this token.
      grant: { ok: true, claims: Object.freeze(restClaims(payload)) },
      keys,
      keyStamp: stampOf(before, keys),
    };
    if (this.tokens !== undefined && verified.keyStamp !== 0) {
      const validFrom = typeof payload.nbf === 'number' ? payload.nbf * 1000 : -Infinity;
      this.tokens.set(token, verified, validFrom, Math.min((payload.exp as number) * 1000, now + this.ttlMs), now);
    }
    return verified;
  }
}

/** The method's own requirements, checked on every request (cached or not): token use, client, scopes. */
function checkMethod(token: VerifiedUserPoolToken, scopes: readonly string[]): CognitoOutcome {
  const access = scopes.length > 0;
  if (token.tokenUse !== (access ? 'access' : 'id')) {
    return REFUSALS.unauthorized(access ? 'the method has authorization scopes: an access token is required' : 'the method has no authorization scopes: an ID token is required');
  }
  if (!token.clientMatches) return REFUSALS.unauthorized('the token client does not match identityValidationExpression');
  if (!access) return token.grant;
  for (const s of scopes) if (token.scopes.includes(s)) return token.grant;
  return REFUSALS.unauthorized('the token has none of the method scopes');
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const two = (n: number) => (n < 10 ? `0${n}` : String(n));

/** Java's `Date.toString()` in UTC (`Wed Nov 06 01:23:45 UTC 2019`), which is how REST APIs hand on `exp` and `iat`. */
export function javaDateString(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${two(d.getUTCDate())} ${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} UTC ${d.getUTCFullYear()}`;
}

/**
 * Claims as REST APIs pass them on (`requestContext.authorizer.claims`, `$context.authorizer.claims`): every value a
 * string. `exp` and `iat` become Java date strings while other numbers (`auth_time`) stay decimal, as seen from AWS;
 * lists (`cognito:groups`) are comma-joined.
 */
export function restClaims(payload: JWTPayload): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key in payload) {
    const v = payload[key];
    if (typeof v === 'string') out[key] = v;
    else if (typeof v === 'number') out[key] = (key === 'exp' || key === 'iat') && Number.isInteger(v) ? javaDateString(v) : String(v);
    else if (Array.isArray(v)) out[key] = v.map(String).join(',');
    else if (v !== null && typeof v === 'object') out[key] = JSON.stringify(v);
    else out[key] = String(v);
  }
  return out;
}
