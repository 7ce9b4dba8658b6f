import type { ActiveStage } from '@app/contracts';
import { InMemoryEventBus } from '@app/bus';
import type { ActiveStageLoader, LoadedStage } from '@app/store';
import { StageSync, StageTarget } from './stage-sync.service';

class FakeLoader {
  stages = new Map<string, LoadedStage>();
  down = false;
  async revisions() {
    if (this.down) throw new Error('connection refused');
    return new Map([...this.stages].map(([k, v]) => [k, v.revision]));
  }
  async load(apiId: string, stageName: string) {
    if (this.down) throw new Error('connection refused');
    return this.stages.get(`${apiId}/${stageName}`);
  }
  put(apiId: string, stageName: string, deploymentId: string, revision: number) {
    const active = { apiId, protocolType: 'HTTP', stage: { stageName }, snapshot: { deploymentId } } as unknown as ActiveStage;
    this.stages.set(`${apiId}/${stageName}`, { active, revision });
  }
}

class RecordingTarget implements StageTarget {
  served = new Map<string, string>();
  failNext = false;
  load(active: ActiveStage) {
    if (this.failNext) {
      this.failNext = false;
      throw new Error('route table does not compile');
    }
    this.served.set(`${active.apiId}/${active.stage.stageName}`, active.snapshot.deploymentId);
  }
  remove(apiId: string, stageName: string) {
    this.served.delete(`${apiId}/${stageName}`);
  }
  removeApi(apiId: string) {
    for (const k of [...this.served.keys()]) if (k.startsWith(`${apiId}/`)) this.served.delete(k);
  }
}

/** Bus delivery and reloads are asynchronous: wait for the condition (a fixed sleep is flaky on a busy machine). */
async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 5));
}
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe(StageSync.name, () => {
  let loader: FakeLoader;
  let target: RecordingTarget;
  let bus: InMemoryEventBus;
  let sut: StageSync;

  beforeEach(async () => {
    loader = new FakeLoader();
    target = new RecordingTarget();
    bus = new InMemoryEventBus();
    loader.put('a1', 'prod', 'd1', 1);
    sut = new StageSync(loader as unknown as ActiveStageLoader, bus, target, 0);
    await sut.start();
  });

  it('loads every deployed stage at start', () => {
    expect(target.served).toEqual(new Map([['a1/prod', 'd1']]));
  });

  it('reloads a stage on stage.activated', async () => {
    loader.put('a1', 'prod', 'd2', 2);
    await bus.publish('stage.activated', { v: 1, apiId: 'a1', stageName: 'prod', deploymentId: 'd2' });
    await until(() => target.served.get('a1/prod') === 'd2');
    expect(target.served.get('a1/prod')).toBe('d2');
  });

  it('catches up by reconciliation on changes whose bus message was lost', async () => {
    loader.put('a1', 'prod', 'd3', 3);
    loader.put('a2', '$default', 'x1', 1);
    await sut.reconcile();
    expect(target.served).toEqual(new Map([['a1/prod', 'd3'], ['a2/$default', 'x1']]));
  });

  it('drops stages deleted in the store during reconciliation', async () => {
    loader.stages.clear();
    await sut.reconcile();
    expect(target.served.size).toBe(0);
  });

  it('keeps serving the old stage when the new one fails to compile, and retries on reconcile', async () => {
    loader.put('a1', 'prod', 'd2', 2);
    target.failNext = true;
    await bus.publish('stage.activated', { v: 1, apiId: 'a1', stageName: 'prod', deploymentId: 'd2' });
    await until(() => !target.failNext);
    await settle();
    expect(target.served.get('a1/prod')).toBe('d1');
    await sut.reconcile();
    expect(target.served.get('a1/prod')).toBe('d2');
  });

  it('keeps serving what it has while the store is down', async () => {
    loader.down = true;
    await sut.reconcile();
    expect(target.served.get('a1/prod')).toBe('d1');
  });

  it('drops all stages of a deleted API', async () => {
    await bus.publish('api.deleted', { v: 1, apiId: 'a1' });
    await until(() => target.served.size === 0);
    expect(target.served.size).toBe(0);
  });
});
