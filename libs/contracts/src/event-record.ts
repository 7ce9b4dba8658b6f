/**
 * An HTTP API payload 2.0 event handed to a local function worker as its parts (an "event record") rather than as
 * JSON text. The worker builds the event object from the parts directly, where it would otherwise `JSON.parse` the
 * text, and the gateway writes plain strings, where it would otherwise escape and quote every value. Measured on the
 * hello-world route: `JSON.parse` of the event was a third of the worker's time, and writing and flattening the
 * event text a tenth of the gateway's.
 *
 * Every other consumer (a remote Lambda endpoint, the Invoke API's size limit) reads `text()`, the event as JSON
 * text; the object the worker builds from `record` is the one `JSON.parse(text())` gives, member for member and in
 * the same order (checked by the pipeline's specs on every recorded event).
 *
 * The record is a sequence of tokens: a number is written in decimal and ends with `,`; a string is its UTF-16
 * length as a number, then its text, unescaped. In order:
 *   routeKey, rawPath, rawQueryString,
 *   n, then n cookies (n = 0: no `cookies` member),
 *   n, then n header (name, value) pairs,
 *   n, then n query (name, value) pairs (n = 0: no `queryStringParameters` member),
 *   accountId, apiId, authorizer (JSON text; empty: no `authorizer` member), domainName, domainPrefix,
 *   http.method, http.path, http.protocol, http.sourceIp, http.userAgent, requestId, stage, time, timeEpoch (number),
 *   hasBody (0|1), then body when 1,
 *   n, then n path parameter (name, value) pairs (n = -1: no `pathParameters` member),
 *   isBase64Encoded (0|1),
 *   n, then n stage variable (name, value) pairs (n = -1: no `stageVariables` member).
 * `version` is "2.0" and `requestContext.routeKey` is `routeKey`.
 */
export interface HttpApiV2EventPayload {
  readonly format: 'http-api-v2';
  /** The event's record (above). */
  readonly record: string;
  /** The event as JSON text, written on first use. */
  text(): string;
  /** At least the UTF-8 byte length of `text()`, known without writing it (see `eventTextBytesBound`). */
  readonly maxTextBytes: number;
}

/** What a Lambda invocation carries: JSON text, or an event a local worker can build from its parts. */
export type LambdaPayload = string | HttpApiV2EventPayload;

/** The payload as JSON text, what the Lambda Invoke API carries. */
export function payloadText(payload: LambdaPayload): string {
  return typeof payload === 'string' ? payload : payload.text();
}

/**
 * A bound on the UTF-8 bytes of an event's JSON text from the length of its record: each UTF-16 code unit of a
 * string becomes at most 6 bytes of JSON (`\u001f`), and each string or number token brings at least two characters
 * (`0,`) into the record, which pays for its quotes, colon and comma. The fixed member names come to under 512.
 */
export function eventTextBytesBound(recordLength: number): number {
  return 6 * recordLength + 512;
}

/** A string token of an event record: its length, a comma, its text. */
export function recordToken(value: string): string {
  return value.length + ',' + value;
}

/** A map as event record tokens (its count, then its pairs in insertion order), or `absent` for no map. */
export function recordPairs(map: Readonly<Record<string, string>> | null | undefined, absent: string): string {
  if (!map) return absent;
  let count = 0;
  let out = '';
  for (const key in map) {
    out += recordToken(key) + recordToken(map[key]);
    count++;
  }
  return count + ',' + out;
}

/**
 * The worker's reader of the record, as JavaScript source (a worker thread runs plain `.js`; see
 * worker-bootstrap.source.ts, which embeds it): defines `buildHttpApiV2Event(record)`, which returns the event
 * object. Object members are defined, not assigned, so a header or parameter named `__proto__` becomes a member as
 * `JSON.parse` makes it, not the object's prototype. Written without template literals (it lives in a String.raw).
 */
export const HTTP_API_V2_EVENT_READER_SOURCE = String.raw`
let eventRecord = '';
let eventAt = 0;
function eventNumber() {
  let sign = 1;
  if (eventRecord.charCodeAt(eventAt) === 45) { sign = -1; eventAt++; }
  let value = 0;
  let c = eventRecord.charCodeAt(eventAt);
  if (!(c >= 48 && c <= 57)) throw new Error('event record: expected a digit at ' + eventAt);
  for (; c >= 48 && c <= 57; c = eventRecord.charCodeAt(++eventAt)) value = value * 10 + (c - 48);
  if (c !== 44) throw new Error('event record: expected a comma at ' + eventAt);
  eventAt++;
  return sign * value;
}
function eventString() {
  const length = eventNumber();
  if (length < 0 || eventAt + length > eventRecord.length) throw new Error('event record: bad string length at ' + eventAt);
  const value = eventRecord.slice(eventAt, eventAt + length);
  eventAt += length;
  return value;
}
function eventMember(object, name, value) {
  if (name === '__proto__') Object.defineProperty(object, name, { value: value, writable: true, enumerable: true, configurable: true });
  else object[name] = value;
}
function eventPairs(count) {
  const object = {};
  for (let i = 0; i < count; i++) eventMember(object, eventString(), eventString());
  return object;
}
function buildHttpApiV2Event(record) {
  eventRecord = record;
  eventAt = 0;
  const routeKey = eventString();
  const event = { version: '2.0', routeKey: routeKey, rawPath: eventString(), rawQueryString: eventString() };
  const cookieCount = eventNumber();
  if (cookieCount > 0) {
    const cookies = [];
    for (let i = 0; i < cookieCount; i++) cookies.push(eventString());
    event.cookies = cookies;
  }
  event.headers = eventPairs(eventNumber());
  const queryCount = eventNumber();
  if (queryCount > 0) event.queryStringParameters = eventPairs(queryCount);
  const requestContext = { accountId: eventString(), apiId: eventString() };
  const authorizer = eventString();
  if (authorizer !== '') requestContext.authorizer = JSON.parse(authorizer);
  requestContext.domainName = eventString();
  requestContext.domainPrefix = eventString();
  requestContext.http = { method: eventString(), path: eventString(), protocol: eventString(), sourceIp: eventString(), userAgent: eventString() };
  requestContext.requestId = eventString();
  requestContext.routeKey = routeKey;
  requestContext.stage = eventString();
  requestContext.time = eventString();
  requestContext.timeEpoch = eventNumber();
  event.requestContext = requestContext;
  if (eventNumber() === 1) event.body = eventString();
  const pathCount = eventNumber();
  if (pathCount >= 0) event.pathParameters = eventPairs(pathCount);
  event.isBase64Encoded = eventNumber() === 1;
  const variableCount = eventNumber();
  if (variableCount >= 0) event.stageVariables = eventPairs(variableCount);
  if (eventAt !== eventRecord.length) throw new Error('event record: ' + (eventRecord.length - eventAt) + ' characters left over');
  eventRecord = '';
  return event;
}
`;
