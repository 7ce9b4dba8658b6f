import { createHash, timingSafeEqual } from 'node:crypto';
import { Sha256 } from '@aws-crypto/sha256-js';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';

/**
 * Verifies AWS Signature Version 4 by recomputing the signature with @smithy/signature-v4 over exactly the headers
 * the client listed as signed. Header auth (`Authorization: AWS4-HMAC-SHA256 …`) and presigned URLs
 * (`X-Amz-Signature` in the query). Error types and messages are AWS's, for the AWS JSON error body.
 */
export interface SigV4Request {
  method: string;
  /** The path exactly as received (still percent-encoded), without the query string. */
  path: string;
  /** The raw query string without `?` (decoded here), or already-decoded parameters. */
  query: string | Record<string, string | string[]>;
  /** Header names in any case; repeated headers joined with `,`. */
  headers: Record<string, string | string[] | undefined>;
  body?: string | Uint8Array;
}

export interface SigV4Options {
  /** Services whose signatures are accepted, e.g. `apigateway`, `execute-api`, `lambda`. */
  service: string | readonly string[];
  now?: number;
  /** Largest accepted clock difference for header auth. Default 5 minutes, as AWS. */
  maxSkewMs?: number;
}

export type SigV4Result =
  | { ok: true; accessKeyId: string; region: string; service: string }
  | { ok: false; statusCode: 400 | 403; awsErrorType: string; reason: string };

const ALGORITHM = 'AWS4-HMAC-SHA256';
const UNSIGNED = 'UNSIGNED-PAYLOAD';
const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

export async function verifySigV4(
  request: SigV4Request,
  lookupSecret: (accessKeyId: string) => string | undefined | Promise<string | undefined>,
  options: SigV4Options,
): Promise<SigV4Result> {
  const now = options.now ?? Date.now();
  const headers = lowerCaseHeaders(request.headers);
  const query = typeof request.query === 'string' ? parseQuery(request.query) : { ...request.query };
  const presigned = query['X-Amz-Signature'] !== undefined;
  const parsed = presigned ? parsePresigned(query) : parseAuthorization(headers);
  if ('awsErrorType' in parsed) return parsed;
  const { accessKeyId, scopeDate, region, service, signedHeaders, signature, amzDate } = parsed;

  const services = typeof options.service === 'string' ? [options.service] : options.service;
  if (!services.includes(service)) {
    return fail(403, 'InvalidSignatureException', `Credential should be scoped to correct service: '${services[0]}'.`);
  }
  const signingDate = parseAmzDate(amzDate);
  if (signingDate === undefined) return fail(400, 'IncompleteSignatureException', `Date must be in ISO-8601 'basic format'. Got '${amzDate}'.`);
  if (amzDate.slice(0, 8) !== scopeDate) {
    return fail(403, 'InvalidSignatureException', `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${amzDate.slice(0, 8)}', from '${amzDate}'.`);
  }
  let expiresIn = 0;
  if (presigned) {
    expiresIn = Number(query['X-Amz-Expires']);
    if (!Number.isInteger(expiresIn) || expiresIn < 1 || expiresIn > 604_800) {
      return fail(400, 'AuthorizationQueryParametersError', 'X-Amz-Expires must be an integer from 1 to 604800 seconds');
    }
    if (now > signingDate.getTime() + expiresIn * 1000) return fail(403, 'InvalidSignatureException', 'Signature expired: request has expired');
  } else {
    const skew = options.maxSkewMs ?? 300_000;
    const minutes = Math.round(skew / 60_000);
    if (signingDate.getTime() < now - skew) {
      return fail(403, 'InvalidSignatureException', `Signature expired: ${amzDate} is now earlier than ${formatAmzDate(now - skew)} (${formatAmzDate(now)} - ${minutes} min.)`);
    }
    if (signingDate.getTime() > now + skew) {
      return fail(403, 'InvalidSignatureException', `Signature not yet current: ${amzDate} is still later than ${formatAmzDate(now + skew)} (${formatAmzDate(now)} + ${minutes} min.)`);
    }
  }

  const secret = await lookupSecret(accessKeyId);
  if (secret === undefined) return fail(403, 'UnrecognizedClientException', 'The security token included in the request is invalid.');

  for (const name of signedHeaders) {
    if (headers[name] === undefined) return fail(403, 'InvalidSignatureException', MISMATCH);
  }
  if (!signedHeaders.includes('host')) return fail(403, 'InvalidSignatureException', `'Host' must be a 'SignedHeader' in the AWS Authorization.`);

  // The signer takes a declared x-amz-content-sha256 on trust; the body must really hash to it.
  const declared = headers['x-amz-content-sha256'];
  const body = request.body ?? '';
  if (declared !== undefined && declared !== UNSIGNED && !declared.startsWith('STREAMING-')) {
    const actual = createHash('sha256').update(body).digest('hex');
    if (actual !== declared.toLowerCase()) {
      return fail(400, 'XAmzContentSHA256Mismatch', 'The provided \'x-amz-content-sha256\' header does not match what was computed.');
    }
  }

  const onlySigned: Record<string, string> = {};
  for (const name of signedHeaders) onlySigned[name] = headers[name]!;
  const signer = new SignatureV4({ credentials: { accessKeyId, secretAccessKey: secret }, region, service, sha256: Sha256 });
  let expected: string;
  if (presigned) {
    const { 'X-Amz-Signature': _sig, ...rest } = query;
    const token = typeof rest['X-Amz-Security-Token'] === 'string' ? (rest['X-Amz-Security-Token'] as string) : undefined;
    const presigner = token
      ? new SignatureV4({ credentials: { accessKeyId, secretAccessKey: secret, sessionToken: token }, region, service, sha256: Sha256 })
      : signer;
    const signed = await presigner.presign(new HttpRequest({ method: request.method, path: request.path, query: rest, headers: onlySigned, body }), {
      signingDate,
      expiresIn,
      signableHeaders: new Set(signedHeaders),
    });
    expected = String(signed.query?.['X-Amz-Signature'] ?? '');
  } else {
    const signed = await signer.sign(new HttpRequest({ method: request.method, path: request.path, query, headers: onlySigned, body }), {
      signingDate,
      signableHeaders: new Set(signedHeaders),
    });
    const match = /Signature=([0-9a-f]+)/.exec(String(signed.headers['authorization'] ?? signed.headers['Authorization']));
    expected = match ? match[1] : '';
  }
  if (!constantTimeEqual(expected, signature)) return fail(403, 'InvalidSignatureException', MISMATCH);
  return { ok: true, accessKeyId, region, service };
}

interface ParsedAuth {
  accessKeyId: string;
  scopeDate: string;
  region: string;
  service: string;
  signedHeaders: string[];
  signature: string;
  amzDate: string;
}

function parseAuthorization(headers: Record<string, string>): ParsedAuth | Extract<SigV4Result, { ok: false }> {
  const auth = headers['authorization'];
  if (auth === undefined) return fail(403, 'MissingAuthenticationTokenException', 'Missing Authentication Token');
  if (!auth.startsWith(ALGORITHM + ' ')) {
    return fail(400, 'IncompleteSignatureException', `Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${auth.split(' ')[0]}`);
  }
  const fields: Record<string, string> = {};
  for (const part of auth.slice(ALGORITHM.length + 1).split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) fields[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  for (const name of ['Credential', 'SignedHeaders', 'Signature']) {
    if (!fields[name]) return fail(400, 'IncompleteSignatureException', `Authorization header requires '${name}' parameter. Authorization=${auth}`);
  }
  const amzDate = headers['x-amz-date'];
  if (amzDate === undefined) {
    return fail(400, 'IncompleteSignatureException', `Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. Authorization=${auth}`);
  }
  return withCredential(fields.Credential, fields.SignedHeaders, fields.Signature, amzDate);
}

function parsePresigned(query: Record<string, string | string[]>): ParsedAuth | Extract<SigV4Result, { ok: false }> {
  const get = (name: string) => (typeof query[name] === 'string' ? (query[name] as string) : undefined);
  if (get('X-Amz-Algorithm') !== ALGORITHM) return fail(400, 'AuthorizationQueryParametersError', `X-Amz-Algorithm only supports "${ALGORITHM}"`);
  const credential = get('X-Amz-Credential');
  const signedHeaders = get('X-Amz-SignedHeaders');
  const signature = get('X-Amz-Signature');
  const amzDate = get('X-Amz-Date');
  if (!credential || !signedHeaders || !signature || !amzDate || get('X-Amz-Expires') === undefined) {
    return fail(400, 'AuthorizationQueryParametersError', 'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.');
  }
  return withCredential(credential, signedHeaders, signature, amzDate);
}

function withCredential(credential: string, signedHeaders: string, signature: string, amzDate: string): ParsedAuth | Extract<SigV4Result, { ok: false }> {
  const scope = credential.split('/');
  if (scope.length !== 5 || scope[4] !== 'aws4_request' || !scope[0]) {
    return fail(400, 'IncompleteSignatureException', `Credential should be scoped to a valid region, not '${scope[2] ?? ''}'. `);
  }
  return {
    accessKeyId: scope[0],
    scopeDate: scope[1],
    region: scope[2],
    service: scope[3],
    signedHeaders: signedHeaders.split(';').map((h) => h.trim().toLowerCase()),
    signature,
    amzDate,
  };
}

function fail(statusCode: 400 | 403, awsErrorType: string, reason: string): Extract<SigV4Result, { ok: false }> {
  return { ok: false, statusCode, awsErrorType, reason };
}

function lowerCaseHeaders(headers: SigV4Request['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
  }
  return out;
}

function parseQuery(raw: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  if (!raw) return out;
  for (const pair of raw.split('&')) {
    if (!pair) continue;
    const eq = pair.indexOf('=');
    const key = decode(eq < 0 ? pair : pair.slice(0, eq));
    const value = eq < 0 ? '' : decode(pair.slice(eq + 1));
    const prev = out[key];
    out[key] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
  }
  return out;
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, '%20'));
  } catch {
    return s;
  }
}

function parseAmzDate(s: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(s);
  if (!m) return undefined;
  const t = Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]);
  return Number.isNaN(t) ? undefined : new Date(t);
}

function formatAmzDate(t: number): string {
  return new Date(t).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function constantTimeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
