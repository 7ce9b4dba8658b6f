import { newExtendedRequestId, newRequestId } from './request-ids';

describe('request ids', () => {
  it('HTTP API request ids have the form of AWS ids: 15 URL-safe base64 characters and one `=` (were 14 + `==` with `+`)', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 2_000; i++) {
      const sut = newExtendedRequestId();
      expect(sut).toMatch(/^[A-Za-z0-9_-]{15}=$/);
      seen.add(sut);
    }
    expect(seen.size).toBe(2_000);
  });

  it('REST request ids are UUID v4', () => {
    expect(newRequestId()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
