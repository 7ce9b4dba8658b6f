import { createHmac } from 'node:crypto';
import { KeyHashMemo } from './key-hash.memo';

describe(KeyHashMemo.name, () => {
  const hmac = (value: string) => createHmac('sha256', 'secret').update(value).digest('hex');
  let calls: string[];
  const counting = (value: string) => {
    calls.push(value);
    return hmac(value);
  };
  beforeEach(() => (calls = []));

  it('hashes a known key once, then answers from memory with the same hash', () => {
    const index = new Map([[hmac('known-key-value-0001'), 'key-1']]);
    const sut = new KeyHashMemo(counting);
    expect(sut.lookup('known-key-value-0001', { lookup: (h: string) => index.get(h) })).toBe('key-1');
    expect(sut.lookup('known-key-value-0001', { lookup: (h: string) => index.get(h) })).toBe('key-1');
    expect(calls).toEqual(['known-key-value-0001']);
  });

  it('never remembers values that named no key (random values cannot fill it)', () => {
    const sut = new KeyHashMemo(counting);
    for (let i = 0; i < 100; i++) expect(sut.lookup(`random-${i}`, { lookup: () => undefined })).toBeUndefined();
    expect(sut.lookup('random-1', { lookup: () => undefined })).toBeUndefined();
    expect(sut.size).toBe(0);
    expect(calls).toHaveLength(101);
  });

  it('looks a remembered hash up in the current index: a key removed since is refused', () => {
    const index = new Map([[hmac('known-key-value-0001'), 'key-1']]);
    const sut = new KeyHashMemo(counting);
    sut.lookup('known-key-value-0001', { lookup: (h: string) => index.get(h) });
    index.clear();
    expect(sut.lookup('known-key-value-0001', { lookup: (h: string) => index.get(h) })).toBeUndefined();
  });

  it('keeps at most maxEntries, dropping the oldest', () => {
    const sut = new KeyHashMemo(counting, 2);
    const found = { lookup: () => 'key' };
    for (const v of ['a', 'b', 'c']) sut.lookup(v, found);
    expect(sut.size).toBe(2);
    calls = [];
    sut.lookup('a', found);
    sut.lookup('c', found);
    expect(calls).toEqual(['a']);
  });
});
