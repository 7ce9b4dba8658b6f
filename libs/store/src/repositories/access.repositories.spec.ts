import type { Store } from '../store';
import { STORE_BACKENDS, type TestStore } from '../testing/store-backends';

describe.each(STORE_BACKENDS)('access repositories on %s', (_name, makeBackend) => {
  let sut: Store;
  let backend: TestStore;

  beforeAll(async () => {
    backend = await makeBackend();
    sut = backend.store;
  });

  afterAll(() => backend.dispose());

  it('finds a key by id and by value hash, and refuses a second key with the same hash', async () => {
    await sut.apiKeys.save({ id: 'k1', valueHash: 'h1', valueEncrypted: 'v1.x', doc: { id: 'k1', name: 'one', enabled: true } });
    await sut.apiKeys.save({ id: 'k2', valueHash: 'h2', valueEncrypted: 'v1.y', doc: { id: 'k2', name: 'two', enabled: false } });
    expect((await sut.apiKeys.getById('k1'))?.doc).toEqual({ id: 'k1', name: 'one', enabled: true });
    expect((await sut.apiKeys.getByValueHash('h2'))?.id).toBe('k2');
    expect(await sut.apiKeys.getByValueHash('nope')).toBeNull();
    expect((await sut.apiKeys.list()).map((k) => k.id)).toEqual(['k1', 'k2']);
    await expect(sut.apiKeys.save({ id: 'k3', valueHash: 'h1', valueEncrypted: 'v1.z', doc: {} })).rejects.toThrow();
  });

  it('links keys to plans and lists the links both ways', async () => {
    await sut.usagePlans.save({ id: 'p1', doc: { id: 'p1', name: 'gold' } });
    await sut.usagePlans.save({ id: 'p2', doc: { id: 'p2', name: 'silver' } });
    await sut.usagePlans.addKey('p1', 'k1');
    await sut.usagePlans.addKey('p1', 'k2');
    await sut.usagePlans.addKey('p2', 'k1');
    expect((await sut.usagePlans.listKeys('p1')).map((k) => k.keyId)).toEqual(['k1', 'k2']);
    expect((await sut.usagePlans.listForKey('k1')).map((k) => k.usagePlanId)).toEqual(['p1', 'p2']);
    expect(await sut.usagePlans.getKey('p2', 'k1')).toEqual({ usagePlanId: 'p2', keyId: 'k1', keyType: 'API_KEY' });
    expect(await sut.usagePlans.getKey('p2', 'k2')).toBeNull();
    expect(await sut.usagePlans.listAllKeys()).toHaveLength(3);
  });

  it('deleting a key removes its plan links; deleting a plan removes its key links', async () => {
    expect(await sut.apiKeys.delete('k2')).toBe(true);
    expect((await sut.usagePlans.listKeys('p1')).map((k) => k.keyId)).toEqual(['k1']);
    expect(await sut.usagePlans.delete('p2')).toBe(true);
    expect(await sut.usagePlans.listForKey('k1')).toEqual([expect.objectContaining({ usagePlanId: 'p1' })]);
    expect(await sut.usagePlans.delete('p2')).toBe(false);
    expect(await sut.apiKeys.delete('k2')).toBe(false);
    expect(await sut.usagePlans.removeKey('p1', 'k1')).toBe(true);
    expect(await sut.usagePlans.removeKey('p1', 'k1')).toBe(false);
  });
});
