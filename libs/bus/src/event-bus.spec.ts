import { randomBytes } from 'node:crypto';
import type { BusEvents } from '@app/contracts';
import type { EventBus } from './event-bus';
import { InMemoryEventBus } from './in-memory.event-bus';
import { RedisEventBus } from './redis.event-bus';
import { TEST_REDIS_URL } from '@app/testing/test-services';

type Pair = { publisher: EventBus; subscriber: EventBus; invalid: string[]; close: () => Promise<void> };

/** Two buses stand for two nodes; in memory they are one object, as in the all-in-one process. */
const implementations: Array<[string, () => Promise<Pair>]> = [
  [
    'in memory',
    async () => {
      const invalid: string[] = [];
      const bus = new InMemoryEventBus((r) => invalid.push(r));
      return { publisher: bus, subscriber: bus, invalid, close: () => bus.close() };
    },
  ],
  [
    'redis',
    async () => {
      const invalid: string[] = [];
      const prefix = `spec:${randomBytes(4).toString('hex')}:`;
      const publisher = new RedisEventBus({ url: TEST_REDIS_URL, prefix });
      const subscriber = new RedisEventBus({ url: TEST_REDIS_URL, prefix, onInvalid: (r) => invalid.push(r) });
      await Promise.all([publisher.start(), subscriber.start()]);
      return { publisher, subscriber, invalid, close: async () => void (await Promise.all([publisher.close(), subscriber.close()])) };
    },
  ],
];

function nextEvent<K extends keyof BusEvents>(bus: EventBus, type: K): Promise<BusEvents[K]> {
  return new Promise((resolve) => {
    const off = bus.subscribe(type, (payload) => {
      off();
      resolve(payload);
    });
  });
}

describe.each(implementations)('EventBus (%s)', (_name, make) => {
  let sut: Pair;

  beforeEach(async () => {
    sut = await make();
  });

  afterEach(async () => {
    await sut.close();
  });

  it('delivers a published event to a subscriber of that type', async () => {
    const received = nextEvent(sut.subscriber, 'stage.activated');
    await sut.publisher.publish('stage.activated', { v: 1, apiId: 'a1', stageName: 'prod', deploymentId: 'd1' });
    await expect(received).resolves.toEqual({ v: 1, apiId: 'a1', stageName: 'prod', deploymentId: 'd1' });
  });

  it('does not deliver events of other types', async () => {
    const seen: string[] = [];
    sut.subscriber.subscribe('api.deleted', () => void seen.push('api.deleted'));
    const done = nextEvent(sut.subscriber, 'stage.deleted');
    await sut.publisher.publish('stage.deleted', { v: 1, apiId: 'a1', stageName: 'prod' });
    await done;
    expect(seen).toEqual([]);
  });

  it('drops a message with an unknown version and keeps delivering the next', async () => {
    const received = nextEvent(sut.subscriber, 'api.deleted');
    await sut.publisher.publish('api.deleted', { v: 2 } as unknown as BusEvents['api.deleted']);
    await sut.publisher.publish('api.deleted', { v: 1, apiId: 'ok' });
    await expect(received).resolves.toEqual({ v: 1, apiId: 'ok' });
    expect(sut.invalid).toEqual(['bus event "api.deleted" has unsupported version 2']);
  });

  it('keeps delivering when one handler throws', async () => {
    sut.subscriber.subscribe('access.changed', () => {
      throw new Error('handler bug');
    });
    const received = nextEvent(sut.subscriber, 'access.changed');
    await sut.publisher.publish('access.changed', { v: 1, reason: 'key created' });
    await expect(received).resolves.toEqual({ v: 1, reason: 'key created' });
    expect(sut.invalid).toEqual(['handler for "access.changed" failed: handler bug']);
  });
});
