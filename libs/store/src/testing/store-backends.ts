import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDataSource, openStore } from '../data-source.factory';
import { Store } from '../store';
import { TEST_DATABASE_URL } from '@app/testing/test-services';


export interface TestStore {
  store: Store;
  /** Closes the store and removes its data (temp folder, or the Postgres schema). */
  dispose(): Promise<void>;
}

/**
 * Both store backends for `describe.each`, so every repository spec runs against the embedded store and real
 * Postgres (STYLE.md: one interface, both implementations). Each opened store is fresh and migrated: a temp folder
 * for sql.js, a schema of its own for Postgres.
 */
export const STORE_BACKENDS: Array<[string, () => Promise<TestStore>]> = [
  [
    'sql.js (local mode)',
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'store-spec-'));
      const store = new Store(await openStore(createDataSource({ mode: 'local', dataDir: dir, databaseSchema: 'public' }), { migrate: true }));
      return {
        store,
        dispose: async () => {
          await store.close();
          rmSync(dir, { recursive: true, force: true });
        },
      };
    },
  ],
  [
    'postgres (cluster mode)',
    async () => {
      const schema = `spec_${randomBytes(4).toString('hex')}`;
      const cluster = (databaseSchema: string) => createDataSource({ mode: 'cluster', databaseUrl: TEST_DATABASE_URL, databaseSchema, dataDir: '.data' });
      const store = new Store(await openStore(cluster(schema), { migrate: true }));
      return {
        store,
        dispose: async () => {
          await store.close();
          const admin = await cluster('public').initialize();
          await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
          await admin.destroy();
        },
      };
    },
  ],
];
