import type { DeploymentSnapshot, V2StageDoc } from '@app/contracts';
import { SNAPSHOT_FORMAT_VERSION } from '@app/contracts';
import type { Store } from './store';
import { STORE_BACKENDS, type TestStore } from './testing/store-backends';

const stageDoc = (deploymentId: string): V2StageDoc => ({
  stageName: '$default',
  deploymentId,
  autoDeploy: true,
  createdDate: '2026-01-01T00:00:00Z',
  lastUpdatedDate: '2026-01-01T00:00:00Z',
});

const snapshot = (apiId: string, deploymentId: string): DeploymentSnapshot => ({
  formatVersion: SNAPSHOT_FORMAT_VERSION,
  apiId,
  deploymentId,
  createdDate: '2026-01-01T00:00:00Z',
  definition: {
    protocolType: 'HTTP',
    api: { apiId, name: 'pets', protocolType: 'HTTP', routeSelectionExpression: '${request.method} ${request.path}', createdDate: '2026-01-01T00:00:00Z' },
    routes: [{ routeId: 'r1', routeKey: 'GET /pets' }],
    integrations: [],
    authorizers: [],
    models: [],
    routeResponses: {},
    integrationResponses: {},
  },
});

describe.each(STORE_BACKENDS)('Store on %s', (_name, makeBackend) => {
  let sut: Store;
  let backend: TestStore;

  beforeAll(async () => {
    backend = await makeBackend();
    sut = backend.store;
  });

  afterAll(() => backend.dispose());

  it('migrates idempotently', async () => {
    await expect(sut.dataSource.runMigrations()).resolves.toEqual([]);
  });

  it('stores an API with components, a deployment and a stage, and loads the active stage', async () => {
    await sut.apis.save({ id: 'api1', protocolType: 'HTTP', name: 'pets', doc: snapshot('api1', 'd1').definition.api, updatedAt: 'now' });
    await sut.components.put('api1', 'route', 'r1', { routeId: 'r1', routeKey: 'GET /pets' });
    await sut.deployments.insert(snapshot('api1', 'd1'));
    await sut.stages.save('api1', stageDoc('d1'));

    const loaded = await sut.activeStages.load('api1', '$default');

    expect(loaded?.active.snapshot.deploymentId).toBe('d1');
    expect(loaded?.active.protocolType).toBe('HTTP');
    expect(loaded?.revision).toBe(1);
    expect(await sut.components.list('api1', 'route')).toEqual([{ routeId: 'r1', routeKey: 'GET /pets' }]);
  });

  it('bumps the stage revision on every save, which reconciliation compares', async () => {
    const current = await sut.stages.get('api1', '$default');
    await sut.stages.save('api1', stageDoc('d1'), current!.revision);
    expect((await sut.activeStages.revisions()).get('api1/$default')).toBe(current!.revision + 1);
  });

  it('refuses a second deployment with the same id (deployments are immutable)', async () => {
    await expect(sut.deployments.insert(snapshot('api1', 'd1'))).rejects.toThrow();
  });

  it('stores function code once per SHA-256 and returns the same bytes', async () => {
    const zip = Buffer.from([0x50, 0x4b, 3, 4, 0, 255, 1]);
    const first = await sut.functionCode.put(zip);
    const second = await sut.functionCode.put(Buffer.from(zip));
    expect(second).toBe(first);
    expect(await sut.functionCode.getZip(first)).toEqual(zip);
    expect(await sut.functionCode.getZip('0'.repeat(64))).toBeUndefined();
  });

  it('deletes an API with everything under it', async () => {
    await sut.apis.deleteWithChildren('api1');
    expect(await sut.apis.getById('api1')).toBeNull();
    expect(await sut.components.list('api1', 'route')).toEqual([]);
    expect(await sut.activeStages.load('api1', '$default')).toBeUndefined();
  });

  it('answers ping while connected', async () => {
    expect(await sut.ping()).toBe(true);
  });
});
