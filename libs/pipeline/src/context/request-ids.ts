import { randomFillSync, randomUUID } from 'node:crypto';

/** `$context.requestId` of REST APIs: a UUID v4, as AWS sends in `x-amzn-RequestId`. */
export function newRequestId(): string {
  return randomUUID();
}

const POOL_SIZE = 4096;
const pool = Buffer.allocUnsafe(POOL_SIZE);
let offset = POOL_SIZE;
const SLASHES = /\//g;

/**
 * `$context.extendedRequestId` (and the HTTP API request id): 10 random bytes in base64, 16 characters like AWS's
 * `LV7fzho-PHcEJPw=`. Bytes come from a pooled buffer refilled 4 KB at a time, not one syscall per request.
 */
export function newExtendedRequestId(): string {
  if (offset + 10 > POOL_SIZE) {
    randomFillSync(pool);
    offset = 0;
  }
  const id = pool.toString('base64', offset, offset + 10).replace(SLASHES, '-');
  offset += 10;
  return id;
}
