import { newShortRequestId, newUuid } from './random-ids';

/** More than one batch of ids. */
const MANY = 1_000;

describe(newUuid.name, () => {
  it('makes UUID v4 text with the RFC 9562 variant, as crypto.randomUUID does, all distinct across batches', () => {
    const seen = new Set<string>();
    for (let i = 0; i < MANY; i++) {
      const sut = newUuid();
      expect(sut).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      seen.add(sut);
    }
    expect(seen.size).toBe(MANY);
  });

  it('uses every hex digit in every free position: no byte of the random input is dropped', () => {
    const digits = Array.from({ length: 36 }, () => new Set<string>());
    for (let i = 0; i < MANY; i++) [...newUuid()].forEach((c, at) => digits[at].add(c));
    const free = [...Array(36).keys()].filter((at) => ![8, 13, 14, 18, 19, 23].includes(at));
    for (const at of free) expect(digits[at].size).toBe(16);
  });
});

describe(newShortRequestId.name, () => {
  it('is the canonical URL-safe base64 of 11 bytes with one `=`, all distinct across batches', () => {
    const seen = new Set<string>();
    for (let i = 0; i < MANY; i++) {
      const sut = newShortRequestId();
      expect(sut).toMatch(/^[A-Za-z0-9_-]{15}=$/);
      const bytes = Buffer.from(sut, 'base64url');
      expect(bytes).toHaveLength(11);
      expect(bytes.toString('base64url') + '=').toBe(sut);
      seen.add(sut);
    }
    expect(seen.size).toBe(MANY);
  });
});
