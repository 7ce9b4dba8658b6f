import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { verifySigV4, type SigV4Request } from './sigv4.verifier';

const NOW = Date.UTC(2024, 2, 10, 12, 0, 0);
const KEYS: Record<string, string> = { AKIDEXAMPLE: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const lookup = (id: string) => KEYS[id];

async function signed(
  overrides: { secret?: string; date?: number; service?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<SigV4Request> {
  const signer = new SignatureV4({
    credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: overrides.secret ?? KEYS.AKIDEXAMPLE },
    region: 'us-east-1',
    service: overrides.service ?? 'apigateway',
    sha256: Sha256,
  });
  const body = overrides.body ?? '{"name":"pets"}';
  const request = new HttpRequest({
    method: 'POST',
    hostname: 'localhost',
    path: '/restapis/a%20b/stages',
    query: { limit: '10', tag: ['x', 'y z'] },
    headers: { host: 'localhost:4566', 'content-type': 'application/json', ...overrides.headers },
    body,
  });
  const out = await signer.sign(request, { signingDate: new Date(overrides.date ?? NOW) });
  return { method: 'POST', path: out.path, query: 'limit=10&tag=x&tag=y%20z', headers: { ...out.headers, 'User-Agent': 'aws-cli/2' }, body };
}

describe(verifySigV4.name, () => {
  const opts = { service: ['apigateway', 'lambda'], now: NOW };

  it('accepts a request signed by the SDK signer', async () => {
    await expect(verifySigV4(await signed(), lookup, opts)).resolves.toEqual({ ok: true, accessKeyId: 'AKIDEXAMPLE', region: 'us-east-1', service: 'apigateway' });
  });

  it('accepts UNSIGNED-PAYLOAD and a matching x-amz-content-sha256', async () => {
    const unsigned = await signed({ headers: { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' } });
    await expect(verifySigV4({ ...unsigned, body: 'anything else' }, lookup, opts)).resolves.toMatchObject({ ok: true });
    const hashed = await signed({ headers: { 'x-amz-content-sha256': 'cb2e8df5d3d1a9ea4a6b07e1e7e8d44a0d1a6a5b4c8a5c4f35e3f70ef2d80b9c' } });
    await expect(verifySigV4(hashed, lookup, opts)).resolves.toMatchObject({ ok: false, statusCode: 400, awsErrorType: 'XAmzContentSHA256Mismatch' });
  });

  const mismatch = { ok: false, statusCode: 403, awsErrorType: 'InvalidSignatureException', reason: expect.stringMatching(/^The request signature we calculated does not match/) };

  it.each([
    ['the method', (r: SigV4Request) => ({ ...r, method: 'PUT' })],
    ['the path', (r: SigV4Request) => ({ ...r, path: '/restapis/a%20c/stages' })],
    ['the query', (r: SigV4Request) => ({ ...r, query: 'limit=11&tag=x&tag=y%20z' })],
    ['a signed header', (r: SigV4Request) => ({ ...r, headers: { ...r.headers, 'content-type': 'text/plain' } })],
    ['the signature', (r: SigV4Request) => ({ ...r, headers: { ...r.headers, authorization: String(r.headers.authorization).replace(/.$/, (c) => (c === '0' ? '1' : '0')) } })],
    ['the date', (r: SigV4Request) => ({ ...r, headers: { ...r.headers, 'x-amz-date': '20240310T120001Z' } })],
  ])('rejects a request whose %s was altered', async (_what, tamper) => {
    await expect(verifySigV4(tamper(await signed()), lookup, opts)).resolves.toEqual(mismatch);
  });

  it('rejects an altered body', async () => {
    const r = await signed();
    await expect(verifySigV4({ ...r, body: '{"name":"cats"}' }, lookup, opts)).resolves.toMatchObject({ ok: false, statusCode: 400, awsErrorType: 'XAmzContentSHA256Mismatch' });
    const { 'x-amz-content-sha256': _, ...headers } = r.headers;
    const withoutDeclaredHash = { ...r, headers, body: '{"name":"cats"}' };
    await expect(verifySigV4(withoutDeclaredHash, lookup, opts)).resolves.toMatchObject({ ok: false, statusCode: 403 });
  });

  it('rejects a removed signed header', async () => {
    const r = await signed();
    const { 'content-type': _, ...headers } = r.headers;
    await expect(verifySigV4({ ...r, headers }, lookup, opts)).resolves.toEqual(mismatch);
  });

  it('ignores an unsigned header that changed', async () => {
    const r = await signed();
    await expect(verifySigV4({ ...r, headers: { ...r.headers, 'User-Agent': 'other' } }, lookup, opts)).resolves.toMatchObject({ ok: true });
  });

  it('rejects a signature made with the wrong secret', async () => {
    await expect(verifySigV4(await signed({ secret: 'wrong' }), lookup, opts)).resolves.toEqual(mismatch);
  });

  it('rejects an unknown access key', async () => {
    await expect(verifySigV4(await signed(), () => undefined, opts)).resolves.toEqual({
      ok: false,
      statusCode: 403,
      awsErrorType: 'UnrecognizedClientException',
      reason: 'The security token included in the request is invalid.',
    });
  });

  it('rejects a signature older than 5 minutes with the AWS message', async () => {
    await expect(verifySigV4(await signed({ date: NOW - 301_000 }), lookup, opts)).resolves.toEqual({
      ok: false,
      statusCode: 403,
      awsErrorType: 'InvalidSignatureException',
      reason: 'Signature expired: 20240310T115459Z is now earlier than 20240310T115500Z (20240310T120000Z - 5 min.)',
    });
  });

  it('rejects a signature from more than 5 minutes in the future', async () => {
    await expect(verifySigV4(await signed({ date: NOW + 301_000 }), lookup, opts)).resolves.toMatchObject({
      ok: false,
      reason: 'Signature not yet current: 20240310T120501Z is still later than 20240310T120500Z (20240310T120000Z + 5 min.)',
    });
  });

  it('accepts a signature within the skew', async () => {
    await expect(verifySigV4(await signed({ date: NOW - 299_000 }), lookup, opts)).resolves.toMatchObject({ ok: true });
  });

  it('rejects a signature for another service', async () => {
    await expect(verifySigV4(await signed({ service: 's3' }), lookup, opts)).resolves.toMatchObject({
      ok: false,
      awsErrorType: 'InvalidSignatureException',
      reason: "Credential should be scoped to correct service: 'apigateway'.",
    });
  });

  it('answers a request without Authorization with MissingAuthenticationTokenException', async () => {
    await expect(verifySigV4({ method: 'GET', path: '/', query: '', headers: {} }, lookup, opts)).resolves.toEqual({
      ok: false,
      statusCode: 403,
      awsErrorType: 'MissingAuthenticationTokenException',
      reason: 'Missing Authentication Token',
    });
  });

  it.each([
    ['another scheme', 'Basic abc'],
    ['no Credential', 'AWS4-HMAC-SHA256 SignedHeaders=host, Signature=abc'],
    ['no Signature', 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240310/us-east-1/apigateway/aws4_request, SignedHeaders=host'],
    ['a short credential scope', 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240310, SignedHeaders=host, Signature=abc'],
  ])('rejects a malformed Authorization header: %s', async (_what, authorization) => {
    await expect(
      verifySigV4({ method: 'GET', path: '/', query: '', headers: { authorization, 'x-amz-date': '20240310T120000Z', host: 'h' } }, lookup, opts),
    ).resolves.toMatchObject({ ok: false, statusCode: 400, awsErrorType: 'IncompleteSignatureException' });
  });

  it('rejects a credential date that differs from X-Amz-Date', async () => {
    const r = await signed();
    const authorization = String(r.headers.authorization).replace('/20240310/', '/20240309/');
    await expect(verifySigV4({ ...r, headers: { ...r.headers, authorization } }, lookup, opts)).resolves.toMatchObject({
      ok: false,
      awsErrorType: 'InvalidSignatureException',
      reason: expect.stringContaining('Date in Credential scope does not match'),
    });
  });

  describe('presigned URLs', () => {
    async function presigned(expiresIn = 60) {
      const signer = new SignatureV4({ credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: KEYS.AKIDEXAMPLE }, region: 'us-east-1', service: 'apigateway', sha256: Sha256 });
      const out = await signer.presign(
        new HttpRequest({ method: 'GET', hostname: 'localhost', path: '/restapis', query: { limit: '5' }, headers: { host: 'localhost:4566' } }),
        { signingDate: new Date(NOW), expiresIn },
      );
      return { method: 'GET', path: out.path, query: out.query as Record<string, string>, headers: out.headers };
    }

    it('accepts a presigned request before it expires', async () => {
      await expect(verifySigV4(await presigned(), lookup, { ...opts, now: NOW + 59_000 })).resolves.toMatchObject({ ok: true, accessKeyId: 'AKIDEXAMPLE' });
    });

    it('rejects it after it expires', async () => {
      await expect(verifySigV4(await presigned(), lookup, { ...opts, now: NOW + 61_000 })).resolves.toMatchObject({
        ok: false,
        awsErrorType: 'InvalidSignatureException',
        reason: 'Signature expired: request has expired',
      });
    });

    it('rejects an altered query parameter or expiry', async () => {
      const r = await presigned();
      await expect(verifySigV4({ ...r, query: { ...r.query, limit: '6' } }, lookup, opts)).resolves.toEqual(mismatch);
      await expect(verifySigV4({ ...r, query: { ...r.query, 'X-Amz-Expires': '3600' } }, lookup, opts)).resolves.toEqual(mismatch);
    });
  });
});
