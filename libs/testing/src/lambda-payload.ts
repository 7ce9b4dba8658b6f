import {
  eventTextBytesBound,
  HTTP_API_V2_EVENT_READER_SOURCE,
  HTTP_API_V2_RESPONSE_WRITER_SOURCE,
  recordToken,
  type HttpApiV2EventPayload,
  type LambdaPayload,
} from '@app/contracts';

/** The local worker's event record reader (contracts' event-record.ts), compiled here as the worker compiles it. */
export const buildHttpApiV2Event = new Function(`${HTTP_API_V2_EVENT_READER_SOURCE}\nreturn buildHttpApiV2Event;`)() as (record: string) => Record<string, any>;

/** The local worker's response record writer (contracts' response-record.ts), compiled as the worker compiles it. */
export const httpApiV2ResponseRecord = new Function(`${HTTP_API_V2_RESPONSE_WRITER_SOURCE}\nreturn httpApiV2ResponseRecord;`)() as (
  value: unknown,
  maxJsonBytes: number,
) => string | null;

/**
 * The event a function receives for this payload. For an event record, also checks that the object the worker
 * builds is the one the JSON text gives, member for member and in order: every spec that records an invocation
 * then checks the two forms of the event against each other.
 */
export function eventOfPayload(payload: LambdaPayload): Record<string, any> {
  if (typeof payload === 'string') return JSON.parse(payload);
  const text = payload.text();
  const built = buildHttpApiV2Event(payload.record);
  const rebuilt = JSON.stringify(built);
  if (rebuilt !== text) throw new Error(`The event built from its record differs from its JSON text:\n  record: ${rebuilt}\n  text:   ${text}`);
  if (Buffer.byteLength(text) > payload.maxTextBytes) throw new Error(`The event's text is ${Buffer.byteLength(text)} bytes, over its bound of ${payload.maxTextBytes}`);
  return built;
}

/** A record for the smallest event, with `parts` replacing the members the test is about. */
export function minimalRecord(parts: Partial<Record<'cookies' | 'headers' | 'query' | 'authorizer' | 'body' | 'path' | 'base64' | 'variables', string>> = {}): string {
  return (
    recordToken('$default') + recordToken('/p') + recordToken('') +
    (parts.cookies ?? '0,') +
    (parts.headers ?? '0,') +
    (parts.query ?? '0,') +
    recordToken('123456789012') + recordToken('api') +
    (parts.authorizer ?? recordToken('')) +
    recordToken('api.example.com') + recordToken('api') +
    recordToken('GET') + recordToken('/p') + recordToken('HTTP/1.1') + recordToken('10.0.0.1') + recordToken('') +
    recordToken('rid') + recordToken('$default') + recordToken('24/Nov/2026:17:00:00 +0000') + '1795539600000,' +
    (parts.body ?? '0,') +
    (parts.path ?? '-1,') +
    (parts.base64 ?? '0,') +
    (parts.variables ?? '-1,')
  );
}

/** An event record as a Lambda payload, its text written by the reader (as a remote invoker would receive it). */
export function recordPayload(record: string): HttpApiV2EventPayload {
  return { format: 'http-api-v2', record, maxTextBytes: eventTextBytesBound(record.length), text: () => JSON.stringify(buildHttpApiV2Event(record)) };
}
