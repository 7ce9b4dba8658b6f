import type { LambdaHttpResponse } from '@app/contracts';
import type { GatewayResponse } from '../stages/gateway-response';

/** A Lambda proxy response that API Gateway cannot turn into an HTTP response; the text is for logs. */
export class MalformedLambdaResponse extends Error {}

const V1_KEYS = new Set(['statusCode', 'headers', 'multiValueHeaders', 'body', 'isBase64Encoded']);

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function parseJson(payload: string): unknown {
  try {
    return JSON.parse(payload);
  } catch {
    throw new MalformedLambdaResponse('Lambda returned a payload that is not JSON');
  }
}

function statusOf(value: unknown): number {
  const n = typeof value === 'string' && /^\d{3}$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 100 || n > 599) {
    throw new MalformedLambdaResponse(`statusCode ${JSON.stringify(value)} is not an HTTP status`);
  }
  return n;
}

function headerValue(name: string, value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new MalformedLambdaResponse(`header '${name}' has a ${value === null ? 'null' : typeof value} value`);
}

function bodyOf(body: unknown, base64: boolean): Buffer | string | null {
  if (body === undefined || body === null) return null;
  if (typeof body !== 'string') throw new MalformedLambdaResponse(`body must be a string, got ${Array.isArray(body) ? 'array' : typeof body}`);
  return base64 ? Buffer.from(body, 'base64') : body;
}

function base64Flag(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value !== 'boolean') throw new MalformedLambdaResponse('isBase64Encoded must be a boolean');
  return value;
}

/**
 * Payload 1.0 response: `{statusCode, headers?, multiValueHeaders?, body?, isBase64Encoded?}`. REST APIs refuse any
 * other member (the "Malformed Lambda proxy response" AWS logs); where a header is in both maps the
 * multi-value list wins. REST sends `Content-Type: application/json` when the function set none.
 */
export function parseV1Response(payload: string, protocol: 'REST' | 'HTTP'): GatewayResponse {
  const value = parseJson(payload);
  if (!isObject(value)) throw new MalformedLambdaResponse('Lambda response is not a JSON object');
  if (protocol === 'REST') {
    for (const key of Object.keys(value)) if (!V1_KEYS.has(key)) throw new MalformedLambdaResponse(`unexpected member '${key}'`);
  }
  const statusCode = statusOf(value.statusCode);
  const headers: string[] = [];
  const multi = value.multiValueHeaders;
  const multiNames = new Set<string>();
  if (multi !== undefined && multi !== null) {
    if (!isObject(multi)) throw new MalformedLambdaResponse('multiValueHeaders must be an object');
    for (const [name, list] of Object.entries(multi)) {
      if (!Array.isArray(list)) throw new MalformedLambdaResponse(`multiValueHeaders '${name}' must be an array`);
      multiNames.add(name.toLowerCase());
      for (const v of list) headers.push(name, headerValue(name, v));
    }
  }
  const single = value.headers;
  if (single !== undefined && single !== null) {
    if (!isObject(single)) throw new MalformedLambdaResponse('headers must be an object');
    for (const [name, v] of Object.entries(single)) {
      if (!multiNames.has(name.toLowerCase())) headers.push(name, headerValue(name, v));
    }
  }
  const body = bodyOf(value.body, base64Flag(value.isBase64Encoded));
  if (protocol === 'REST' && !hasHeader(headers, 'content-type')) headers.push('Content-Type', 'application/json');
  return { statusCode, headers, body };
}

/**
 * Payload 2.0 response. With a `statusCode` it is read like 1.0 plus `cookies` (each a `set-cookie` header);
 * without one API Gateway infers 200, `application/json`, and the function's output as the body — a JSON string
 * output is sent as its text, anything else as the JSON the function returned.
 */
export function parseV2Response(payload: string): GatewayResponse {
  const value = parseJson(payload);
  if (!isObject(value) || !('statusCode' in value)) {
    const body = typeof value === 'string' ? value : payload;
    return { statusCode: 200, headers: ['Content-Type', 'application/json'], body };
  }
  const statusCode = statusOf(value.statusCode);
  const headers: string[] = [];
  const single = value.headers;
  if (single !== undefined && single !== null) {
    if (!isObject(single)) throw new MalformedLambdaResponse('headers must be an object');
    for (const [name, v] of Object.entries(single)) headers.push(name, headerValue(name, v));
  }
  const multi = value.multiValueHeaders;
  if (isObject(multi)) {
    for (const [name, list] of Object.entries(multi)) {
      if (Array.isArray(list)) for (const v of list) headers.push(name, headerValue(name, v));
    }
  }
  const cookies = value.cookies;
  if (cookies !== undefined && cookies !== null) {
    if (!Array.isArray(cookies)) throw new MalformedLambdaResponse('cookies must be an array of strings');
    for (const c of cookies) {
      if (typeof c !== 'string') throw new MalformedLambdaResponse('cookies must be an array of strings');
      headers.push('set-cookie', c);
    }
  }
  return { statusCode, headers, body: bodyOf(value.body, base64Flag(value.isBase64Encoded)) };
}

/** A payload 2.0 response the local worker already read off the function's return value (a response record). */
export function v2Response(response: LambdaHttpResponse): GatewayResponse {
  const headers = response.headers;
  const cookies = response.cookies;
  if (cookies !== null) for (const cookie of cookies) headers.push('set-cookie', cookie);
  return { statusCode: response.statusCode, headers, body: bodyOf(response.body, response.isBase64Encoded) };
}

function hasHeader(headers: string[], lower: string): boolean {
  for (let i = 0; i < headers.length; i += 2) if (headers[i].toLowerCase() === lower) return true;
  return false;
}
