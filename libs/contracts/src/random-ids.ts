import { randomFillSync } from 'node:crypto';

/** Ids made per batch. */
const BATCH = 128;

/**
 * Random ids made a batch at a time: the random bytes of 128 ids come from one `randomFillSync`, their text is
 * written into one buffer and read out as one string, and each id is a slice of that string. `crypto.randomUUID()`
 * builds each id from 20 string pieces, which the first write of it then flattens: about 190 ns more per id, on the
 * request path of every Lambda invocation and REST request.
 */
class IdBatch {
  private readonly random: Buffer;
  private readonly chars: Buffer;
  private text = '';
  private next = BATCH;

  constructor(
    private readonly idBytes: number,
    private readonly idChars: number,
    /** Writes the text of one id from `idBytes` random bytes at `from` into `chars` at `to`. */
    private readonly render: (random: Buffer, from: number, chars: Buffer, to: number) => void,
  ) {
    this.random = Buffer.allocUnsafe(idBytes * BATCH);
    this.chars = Buffer.allocUnsafe(idChars * BATCH);
  }

  take(): string {
    if (this.next === BATCH) this.refill();
    const at = this.next++ * this.idChars;
    return this.text.slice(at, at + this.idChars);
  }

  private refill(): void {
    randomFillSync(this.random);
    for (let i = 0; i < BATCH; i++) this.render(this.random, i * this.idBytes, this.chars, i * this.idChars);
    this.text = this.chars.toString('latin1');
    this.next = 0;
  }
}

const HEX = Buffer.from('0123456789abcdef', 'latin1');
const DASH = 0x2d;

const uuids = new IdBatch(16, 36, (random, from, chars, to) => {
  let at = to;
  for (let i = 0; i < 16; i++) {
    let byte = random[from + i];
    // Version 4 and the RFC 9562 variant, as crypto.randomUUID sets them.
    if (i === 6) byte = (byte & 0x0f) | 0x40;
    else if (i === 8) byte = (byte & 0x3f) | 0x80;
    if (i === 4 || i === 6 || i === 8 || i === 10) chars[at++] = DASH;
    chars[at++] = HEX[byte >> 4];
    chars[at++] = HEX[byte & 0x0f];
  }
});

/** A random UUID v4 in lowercase hex, as `crypto.randomUUID()` makes it. */
export function newUuid(): string {
  return uuids.take();
}

const BASE64URL = Buffer.from('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_', 'latin1');
const EQUALS = 0x3d;

const shortIds = new IdBatch(11, 16, (random, from, chars, to) => {
  let at = to;
  // Three whole 3-byte groups, then the last two bytes as three characters and one `=` of padding.
  for (let i = from; i < from + 9; i += 3) {
    const a = random[i];
    const b = random[i + 1];
    const c = random[i + 2];
    chars[at++] = BASE64URL[a >> 2];
    chars[at++] = BASE64URL[((a & 0x03) << 4) | (b >> 4)];
    chars[at++] = BASE64URL[((b & 0x0f) << 2) | (c >> 6)];
    chars[at++] = BASE64URL[c & 0x3f];
  }
  const a = random[from + 9];
  const b = random[from + 10];
  chars[at++] = BASE64URL[a >> 2];
  chars[at++] = BASE64URL[((a & 0x03) << 4) | (b >> 4)];
  chars[at++] = BASE64URL[(b & 0x0f) << 2];
  chars[at] = EQUALS;
});

/**
 * 11 random bytes in URL-safe base64 with its one `=` of padding: 16 characters like AWS's `LV7fzho-PHcEJPw=`
 * (`$context.extendedRequestId`, and the HTTP API request id).
 */
export function newShortRequestId(): string {
  return shortIds.take();
}
