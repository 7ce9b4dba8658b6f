import { VerifiedTokenCache } from './verified-token.cache';

describe(VerifiedTokenCache.name, () => {
  const NOW = 1_700_000_000_000;

  it('answers for the exact token string only, inside [validFrom, expiresAt)', () => {
    const sut = new VerifiedTokenCache();
    const part = sut.partition<string>();
    part.set('tok', 'claims', NOW - 10, NOW + 1000, NOW);
    expect(part.get('tok', NOW)).toBe('claims');
    expect(part.get('tok ', NOW)).toBeUndefined();
    expect(part.get('Tok', NOW)).toBeUndefined();
    expect(part.get('tok', NOW - 11)).toBeUndefined();
    expect(part.get('tok', NOW + 999)).toBe('claims');
    expect(part.get('tok', NOW + 1000)).toBeUndefined();
    expect(sut.size).toBe(0); // the expired entry was dropped when read
  });

  it('keeps partitions apart: one authorizer never reads what another verified', () => {
    const sut = new VerifiedTokenCache();
    const a = sut.partition<string>();
    const b = sut.partition<string>();
    a.set('tok', 'a', 0, NOW + 1000, NOW);
    expect(b.get('tok', NOW)).toBeUndefined();
    b.set('tok', 'b', 0, NOW + 1000, NOW);
    expect([a.get('tok', NOW), b.get('tok', NOW), sut.size]).toEqual(['a', 'b', 2]);
  });

  it('stores nothing already expired, and replaces an entry set again', () => {
    const sut = new VerifiedTokenCache();
    const part = sut.partition<string>();
    part.set('old', 'x', 0, NOW, NOW);
    expect(sut.size).toBe(0);
    part.set('tok', 'first', 0, NOW + 1000, NOW);
    part.set('tok', 'second', 0, NOW + 2000, NOW);
    expect([part.get('tok', NOW + 1500), sut.size]).toEqual(['second', 1]);
    part.delete('tok');
    expect([part.get('tok', NOW), sut.size]).toEqual([undefined, 0]);
  });

  it('holds at most maxEntries across partitions, evicting the least recently used', () => {
    const sut = new VerifiedTokenCache(3);
    const a = sut.partition<number>();
    const b = sut.partition<number>();
    a.set('t1', 1, 0, NOW + 1000, NOW);
    b.set('t2', 2, 0, NOW + 1000, NOW);
    a.set('t3', 3, 0, NOW + 1000, NOW);
    expect(a.get('t1', NOW)).toBe(1); // t1 is now the most recently used; t2 the least
    b.set('t4', 4, 0, NOW + 1000, NOW);
    expect(sut.size).toBe(3);
    expect([a.get('t1', NOW), b.get('t2', NOW), a.get('t3', NOW), b.get('t4', NOW)]).toEqual([1, undefined, 3, 4]);
    for (let i = 0; i < 100; i++) a.set(`bulk${i}`, i, 0, NOW + 1000, NOW);
    expect(sut.size).toBe(3);
    expect([a.get('bulk99', NOW), a.get('bulk97', NOW), a.get('bulk96', NOW), b.get('t4', NOW)]).toEqual([99, 97, undefined, undefined]);
  });

  it('drops an expired entry at the cold end when a new one comes in, even below the cap', () => {
    const sut = new VerifiedTokenCache(10);
    const gone = sut.partition<string>(); // e.g. a redeployed authorizer's, which nobody reads again
    const live = sut.partition<string>();
    gone.set('stale', 's', 0, NOW + 10, NOW);
    live.set('t1', '1', 0, NOW + 10_000, NOW + 20);
    expect(sut.size).toBe(1);
    expect(live.get('t1', NOW + 20)).toBe('1');
  });

  it('caches nothing with maxEntries 0', () => {
    const sut = new VerifiedTokenCache(0);
    const part = sut.partition<string>();
    part.set('tok', 'x', 0, NOW + 1000, NOW);
    expect([part.get('tok', NOW), sut.size]).toEqual([undefined, 0]);
  });
});
