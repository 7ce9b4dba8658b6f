'use strict';
// The Cognito user pool of the full-pipeline case, played locally: this process (the bench orchestrator) holds the
// RS256 private key and signs ID tokens as a pool does; a small issuer process, pinned with the servers, serves the
// pool's public key at `{issuer}/.well-known/jwks.json`, where the gateway's COGNITO_USER_POOLS authorizer reads it
// (the gateway runs with COGNITO_ISSUER_URL pointing here). The gateway caches the key set, so the issuer is asked
// once per run, not per request.
const http = require('node:http');
const { startServer } = require('./processes');

const REGION = 'us-east-1';
const ACCOUNT = '123456789012';
const POOL_ID = `${REGION}_BenchPool`;
const CLIENT_ID = 'bench-app-client';
const KEY_ID = 'bench-pool-key';
const JWKS_PATH = `/${POOL_ID}/.well-known/jwks.json`;

function serve(port, jwksJson) {
  const body = Buffer.from(jwksJson);
  const server = http.createServer((req, res) => {
    req.resume();
    if (req.url !== JWKS_PATH) return void res.writeHead(404).end();
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
    res.end(body);
  });
  server.listen(port, '127.0.0.1');
  process.on('SIGTERM', () => process.exit(0));
}

/**
 * A fresh key pair and its issuer on 127.0.0.1:port pinned to cpus. Resolves { issuerUrlTemplate (for
 * COGNITO_ISSUER_URL), poolArn (for the authorizer's providerARNs), signIdToken(), child }.
 */
async function startUserPool(cpus, port) {
  const { generateKeyPair, exportJWK, SignJWT } = require('jose');
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const jwk = { ...(await exportJWK(publicKey)), kid: KEY_ID, alg: 'RS256', use: 'sig' };
  const args = [__filename, String(port), JSON.stringify({ keys: [jwk] })];
  const { child, url: origin } = await startServer('user-pool issuer', cpus, process.execPath, args, port, JWKS_PATH);
  const issuer = `${origin}/${POOL_ID}`;
  return {
    child,
    issuerUrlTemplate: `${origin}/{userPoolId}`,
    poolArn: `arn:aws:cognito-idp:${REGION}:${ACCOUNT}:userpool/${POOL_ID}`,
    /** An ID token of this pool (what a method without authorization scopes takes), valid for `expiresIn`. */
    signIdToken: (expiresIn = '24h') =>
      new SignJWT({ sub: 'bench-user', token_use: 'id', aud: CLIENT_ID, 'cognito:username': 'bench' })
        .setProtectedHeader({ alg: 'RS256', kid: KEY_ID })
        .setIssuer(issuer)
        .setIssuedAt()
        .setExpirationTime(expiresIn)
        .sign(privateKey),
  };
}

if (require.main === module) serve(Number(process.argv[2]), process.argv[3]);

module.exports = { startUserPool };
