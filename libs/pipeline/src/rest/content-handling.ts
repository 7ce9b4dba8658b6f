import type { ContentHandling } from '@app/contracts';

/**
 * REST payload conversions (doc_source/api-gateway-payload-encodings-workflow.md). A payload is "binary" when its
 * Content-Type (request) is listed in the API's `binaryMediaTypes`; the response side also looks at the first media
 * type of the request's `Accept`.
 */

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** Text taken as base64 and decoded; null when it is not base64 (AWS answers that with a 500 configuration error). */
export function decodeBase64Strict(text: string): Buffer | null {
  const compact = text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0 || text.indexOf(' ') >= 0 ? text.replace(/\s+/g, '') : text;
  if (compact.length % 4 !== 0 || !BASE64.test(compact)) return null;
  return Buffer.from(compact, 'base64');
}

/**
 * What the method response carries, per the "API Gateway Response Content Type Conversions" table:
 * - binary payload: CONVERT_TO_TEXT → base64 text; CONVERT_TO_BINARY → as is; unset → as is when the client accepts
 *   a binary type, else base64 text;
 * - text payload: CONVERT_TO_BINARY → base64-decoded; CONVERT_TO_TEXT → text; unset → base64-decoded when the
 *   client accepts a binary type, else text.
 * Returns the text (mapping templates then apply) or the bytes (sent as they are), or null when text that had to be
 * decoded is not base64.
 */
export function convertResponsePayload(
  payload: Buffer | string,
  payloadIsBinary: boolean,
  acceptsBinary: boolean,
  handling: ContentHandling | undefined,
): { text: string } | { bytes: Buffer } | null {
  if (payloadIsBinary) {
    const bytes = typeof payload === 'string' ? Buffer.from(payload) : payload;
    if (handling === 'CONVERT_TO_BINARY' || (handling === undefined && acceptsBinary)) return { bytes };
    return { text: bytes.toString('base64') };
  }
  const text = typeof payload === 'string' ? payload : payload.toString('utf8');
  if (handling === 'CONVERT_TO_BINARY' || (handling === undefined && acceptsBinary)) {
    const bytes = decodeBase64Strict(text);
    return bytes ? { bytes } : null;
  }
  return { text };
}
