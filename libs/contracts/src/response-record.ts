import { RecordReader } from './record-reader';

/**
 * The mirror of the event record (event-record.ts): a local function worker that was handed an HTTP API 2.0 event
 * record reads the handler's return value as a payload 2.0 response and sends its parts (a "response record"),
 * where it would otherwise `JSON.stringify` the value and the gateway `JSON.parse` the text. Measured on the
 * hello-world route: parsing the response was a twentieth of the gateway's main thread.
 *
 * The worker writes a record only for a value whose parts are exactly what the gateway would read from its JSON
 * text: a plain object with a whole-number `statusCode` from 100 to 599, string `headers` values, string `cookies`,
 * a string `body` and a boolean `isBase64Encoded` (each but `statusCode` may be absent, `null` or `undefined`, and a
 * header whose value is `undefined` is left out, as JSON.stringify leaves it out), and no other member. Any other
 * value (a bare value or one without `statusCode` whose response API Gateway infers, numbers as header values,
 * `multiValueHeaders`, anything with `toJSON`, or a record that might exceed the response size limit) travels as
 * JSON text, and the gateway reads it, or refuses it, as before.
 *
 * Tokens as in the event record (a number in decimal ending with `,`; a string as its UTF-16 length, then its text):
 *   statusCode, isBase64Encoded (0|1),
 *   n, then n header (name, value) pairs in the object's order,
 *   n, then n cookies (n = -1: no `cookies` member),
 *   hasBody (0|1), then body when 1.
 */
export interface LambdaHttpResponse {
  statusCode: number;
  /** Header (name, value) pairs, in the order of the function's `headers` object. */
  headers: string[];
  /** The `cookies` member; null when the function sent none. */
  cookies: string[] | null;
  /** The `body` member as the function sent it (still base64 when `isBase64Encoded`); null when absent. */
  body: string | null;
  isBase64Encoded: boolean;
}

/** A malformed response record is a bug in the worker, never user input. */
export class ResponseRecordError extends Error {}

/** Reads a response record (the worker's side is `HTTP_API_V2_RESPONSE_WRITER_SOURCE`). */
export function readHttpApiV2ResponseRecord(record: string): LambdaHttpResponse {
  const read = new RecordReader(record, (message) => new ResponseRecordError(`response record: ${message}`));
  const statusCode = read.number();
  const isBase64Encoded = read.number() === 1;
  const headerCount = read.number();
  const headers: string[] = [];
  for (let i = 0; i < headerCount; i++) headers.push(read.string(read.number()), read.string(read.number()));
  const cookieCount = read.number();
  let cookies: string[] | null = null;
  if (cookieCount >= 0) {
    cookies = [];
    for (let i = 0; i < cookieCount; i++) cookies.push(read.string(read.number()));
  }
  const body = read.number() === 1 ? read.string(read.number()) : null;
  if (!read.atEnd) throw new ResponseRecordError(`response record: ${record.length - read.at} characters left over`);
  return { statusCode, headers, cookies, body, isBase64Encoded };
}

/** The response as the JSON text of a payload 2.0 response object: what the function's return value reads as. */
export function httpResponseJson(response: LambdaHttpResponse): string {
  const headers: Record<string, string> = {};
  for (let i = 0; i < response.headers.length; i += 2) {
    // Defined, not assigned: a header named `__proto__` stays a member.
    Object.defineProperty(headers, response.headers[i], { value: response.headers[i + 1], enumerable: true, writable: true, configurable: true });
  }
  return JSON.stringify({
    statusCode: response.statusCode,
    headers,
    ...(response.cookies ? { cookies: response.cookies } : {}),
    ...(response.body !== null ? { body: response.body } : {}),
    isBase64Encoded: response.isBase64Encoded,
  });
}

/**
 * The worker's writer, as JavaScript source (embedded by worker-bootstrap.source.ts, like the event reader):
 * defines `httpApiV2ResponseRecord(value, maxJsonBytes)`, the record of a return value, or null when the value must
 * travel as JSON text. `maxJsonBytes` is the response size limit: a record whose JSON text could exceed it is not
 * written, so the limit is checked on the exact text as before. The bound is the event record's: every UTF-16 unit
 * becomes at most 6 bytes of JSON, and every token's length and comma pay for its quotes, colon and comma.
 * A member with a getter is read once here, and once more by JSON.stringify when the value then travels as text.
 */
export const HTTP_API_V2_RESPONSE_WRITER_SOURCE = String.raw`
function isPlainObject(value) {
  if (value === null || typeof value !== 'object') return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
function httpApiV2ResponseRecord(value, maxJsonBytes) {
  if (!isPlainObject(value)) return null;
  let statusCode;
  let headers;
  let cookies;
  let body;
  let base64;
  const members = Object.keys(value);
  for (let i = 0; i < members.length; i++) {
    const name = members[i];
    const member = value[name];
    if (name === 'statusCode') statusCode = member;
    else if (name === 'headers') headers = member;
    else if (name === 'body') body = member;
    else if (name === 'cookies') cookies = member;
    else if (name === 'isBase64Encoded') base64 = member;
    else if (member !== undefined) return null;
  }
  if (typeof statusCode !== 'number' || !Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599) return null;
  if (base64 !== undefined && base64 !== null && typeof base64 !== 'boolean') return null;
  let record = statusCode + ',' + (base64 === true ? 1 : 0) + ',';
  let pairs = '';
  let count = 0;
  if (headers !== undefined && headers !== null) {
    if (!isPlainObject(headers)) return null;
    const names = Object.keys(headers);
    for (let i = 0; i < names.length; i++) {
      const header = headers[names[i]];
      if (header === undefined) continue;
      if (typeof header !== 'string') return null;
      pairs += names[i].length + ',' + names[i] + header.length + ',' + header;
      count++;
    }
  }
  record += count + ',' + pairs;
  if (cookies === undefined || cookies === null) record += '-1,';
  else {
    if (!Array.isArray(cookies) || Object.getPrototypeOf(cookies) !== Array.prototype || cookies.toJSON !== undefined) return null;
    record += cookies.length + ',';
    for (let i = 0; i < cookies.length; i++) {
      const cookie = cookies[i];
      if (typeof cookie !== 'string') return null;
      record += cookie.length + ',' + cookie;
    }
  }
  if (body === undefined || body === null) record += '0,';
  else if (typeof body === 'string') record += '1,' + body.length + ',' + body;
  else return null;
  if (6 * record.length + 512 > maxJsonBytes) return null;
  return record;
}
`;
