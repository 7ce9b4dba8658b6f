import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';

export interface JwtIssuerOptions {
  /**
   * Path of the issuer under the server's origin: '' (the default) makes the origin itself the issuer, as an OIDC
   * provider; `/${userPoolId}` gives a Cognito user pool's issuer, whose URL ends with the pool id.
   */
  issuerPath?: string;
  /** Where the key set is served, relative to the issuer: '/jwks' for an OIDC provider, '/.well-known/jwks.json' for a user pool. */
  jwksPath: string;
  /**
   * Also serve OpenID discovery at `{issuer}/.well-known/openid-configuration`, pointing at the key set: HTTP API JWT
   * authorizers start there; user pools have no discovery round trip. Default false.
   */
  discovery?: boolean;
  /** `kid` of the key, in the key set and in every token's header. Default 'k1'. */
  kid?: string;
}

export interface JwtIssuer {
  /** `http://127.0.0.1:{port}`: what a COGNITO_ISSUER_URL template is built on. */
  origin: string;
  /** The `iss` of every token: origin + issuerPath. */
  issuer: string;
  /** The public key as served in the key set (with kid, alg and use). */
  jwk: JWK;
  /**
   * An RS256 token of this issuer with `iss`, `iat` and `exp` set (those three win over `claims`); `sub`, `aud` and
   * the rest are the caller's. `expiresIn` is a jose duration ('5m') or a Unix time, past ones for expired tokens.
   */
  sign(claims: Record<string, unknown>, options?: { expiresIn?: number | string }): Promise<string>;
  close(): Promise<void>;
}

/**
 * A JWT issuer on 127.0.0.1 and an ephemeral port, with a fresh RS256 key pair: the test holds the private key and
 * signs tokens, the gateway's JWT and COGNITO_USER_POOLS authorizers fetch the public key over real HTTP.
 */
export async function startJwtIssuer(options: JwtIssuerOptions): Promise<JwtIssuer> {
  const { issuerPath = '', jwksPath, discovery = false, kid = 'k1' } = options;
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const jwks = JSON.stringify({ keys: [jwk] });
  // Filled in once the port is known; no request arrives before listen() resolves.
  let issuer = '';
  const server = createServer((req, res) => {
    req.resume();
    let body: string | undefined;
    if (req.url === `${issuerPath}${jwksPath}`) body = jwks;
    else if (discovery && req.url === `${issuerPath}/.well-known/openid-configuration`) body = JSON.stringify({ issuer, jwks_uri: `${issuer}${jwksPath}` });
    if (body === undefined) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  issuer = `${origin}${issuerPath}`;
  return {
    origin,
    issuer,
    jwk,
    sign: (claims, { expiresIn = '5m' } = {}) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid }).setIssuer(issuer).setIssuedAt().setExpirationTime(expiresIn).sign(privateKey),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
