// From the module itself, not the package index: a call through the index's re-export getter is a megamorphic
// lookup on every request.
import { newShortRequestId, newUuid } from '@app/contracts/random-ids';

/** `$context.requestId` of REST APIs: a UUID v4, as AWS sends in `x-amzn-RequestId`. */
export function newRequestId(): string {
  return newUuid();
}

/**
 * `$context.extendedRequestId` (and the HTTP API request id): 16 characters like AWS's `LV7fzho-PHcEJPw=` or
 * `Kz_9PGx_oAMFRyQ=`.
 */
export function newExtendedRequestId(): string {
  return newShortRequestId();
}
