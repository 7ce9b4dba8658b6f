import { randomFillSync, randomUUID } from 'node:crypto';

/** `$context.requestId` of REST APIs: a UUID v4, as AWS sends in `x-amzn-RequestId`. */
export function newRequestId(): string {
  return randomUUID();
}

const POOL_SIZE = 4096;
const pool = Buffer.allocUnsafe(POOL_SIZE);
let offset = POOL_SIZE;
const ID_BYTES = 11;

/**
 * `$context.extendedRequestId` (and the HTTP API request id): 11 random bytes in URL-safe base64 with its one `=`
 * of padding — 16 characters like AWS's `LV7fzho-PHcEJPw=` or `Kz_9PGx_oAMFRyQ=`. Bytes come from a pooled buffer
 * refilled 4 KB at a time, not one syscall per request.
 */
export function newExtendedRequestId(): string {
  if (offset + ID_BYTES > POOL_SIZE) {
    randomFillSync(pool);
    offset = 0;
  }
  const id = pool.toString('base64url', offset, offset + ID_BYTES) + '=';
  offset += ID_BYTES;
  return id;
}
