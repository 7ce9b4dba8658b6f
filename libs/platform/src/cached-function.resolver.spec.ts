import type { FunctionRecord } from '@app/contracts';
import { InMemoryEventBus } from '@app/bus';
import { CachedFunctionResolver } from './cached-function.resolver';

const record = (name: string, revision: string) => ({ configuration: { FunctionName: name, RevisionId: revision } }) as FunctionRecord;

describe(CachedFunctionResolver.name, () => {
  let store: Map<string, FunctionRecord>;
  let reads: number;
  let bus: InMemoryEventBus;
  let now: number;
  let sut: CachedFunctionResolver;

  beforeEach(() => {
    store = new Map([['hello', record('hello', 'r1')]]);
    reads = 0;
    now = 0;
    bus = new InMemoryEventBus();
    sut = new CachedFunctionResolver({ get: async (n) => (reads++, store.get(n)) }, bus, 60_000, 2_000, () => now);
  });

  it('reads the store once for many concurrent and later lookups', async () => {
    await Promise.all([sut.resolve('hello'), sut.resolve('hello'), sut.resolve('hello')]);
    await sut.resolve('hello');
    expect(reads).toBe(1);
  });

  it('serves the new record after function.updated', async () => {
    await sut.resolve('hello');
    store.set('hello', record('hello', 'r2'));
    await bus.publish('function.updated', { v: 1, functionName: 'hello', revisionId: 'r2' });
    await new Promise((r) => setImmediate(r));
    expect((await sut.resolve('hello'))?.configuration.RevisionId).toBe('r2');
  });

  it('caches unknown functions only briefly', async () => {
    expect(await sut.resolve('later')).toBeUndefined();
    store.set('later', record('later', 'r1'));
    expect(await sut.resolve('later')).toBeUndefined();
    now += 2_001;
    expect((await sut.resolve('later'))?.configuration.FunctionName).toBe('later');
  });

  it('peeks at a fresh record only: not before the first load, not for an unknown name, not once stale', async () => {
    expect(sut.peek('hello')).toBeUndefined();
    await sut.resolve('hello');
    expect(sut.peek('hello')?.configuration.RevisionId).toBe('r1');
    await sut.resolve('missing');
    expect(sut.peek('missing')).toBeUndefined();
    now += 60_001;
    expect(sut.peek('hello')).toBeUndefined();
  });

  it('stops peeking at a record once function.updated arrives', async () => {
    await sut.resolve('hello');
    await bus.publish('function.updated', { v: 1, functionName: 'hello', revisionId: 'r2' });
    await new Promise((r) => setImmediate(r));
    expect(sut.peek('hello')).toBeUndefined();
  });

  it('re-reads after the TTL even without a bus message', async () => {
    await sut.resolve('hello');
    store.set('hello', record('hello', 'r3'));
    now += 60_001;
    expect((await sut.resolve('hello'))?.configuration.RevisionId).toBe('r3');
  });
});
