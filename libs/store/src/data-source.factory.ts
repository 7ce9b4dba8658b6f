import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@app/config';
import { STORE_ENTITIES } from './entities';
import { STORE_MIGRATIONS } from './migrations';

/**
 * Postgres (via `pg`) in the cluster; in local mode sql.js, SQLite compiled to WebAssembly, persisted to one file
 * under DATA_DIR. sql.js needs no server and no native build step, so `npm ci && npm start` works on any machine.
 */
export function createDataSource(config: Pick<AppConfig, 'mode' | 'databaseUrl' | 'databaseSchema' | 'dataDir'>): DataSource {
  if (config.mode === 'cluster') {
    return new DataSource({
      type: 'postgres',
      url: config.databaseUrl,
      schema: config.databaseSchema,
      entities: STORE_ENTITIES,
      migrations: STORE_MIGRATIONS,
      migrationsTableName: 'schema_migrations',
      synchronize: false,
      // A dead Postgres must not hang requests that touch the store: fail fast, the pool reconnects when it returns.
      extra: { max: 10, connectionTimeoutMillis: 3000, idleTimeoutMillis: 30000 },
    });
  }
  mkdirSync(config.dataDir, { recursive: true });
  return new DataSource({
    type: 'sqljs',
    location: join(config.dataDir, 'gateway.sqlite'),
    autoSave: true,
    entities: STORE_ENTITIES,
    migrations: STORE_MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    synchronize: false,
  });
}

/** Connects and brings the schema up to date. Only the control plane (or the all-in-one process) migrates. */
export async function openStore(dataSource: DataSource, options: { migrate: boolean }): Promise<DataSource> {
  if (!dataSource.isInitialized) await dataSource.initialize();
  if (dataSource.options.type === 'postgres' && dataSource.options.schema && dataSource.options.schema !== 'public') {
    await dataSource.query(`CREATE SCHEMA IF NOT EXISTS "${dataSource.options.schema.replace(/"/g, '')}"`);
  }
  if (options.migrate) await dataSource.runMigrations({ transaction: 'all' });
  return dataSource;
}
