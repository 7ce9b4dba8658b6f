import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** The machine's Postgres database the e2e suites share, each in a schema of its own. */
const TEST_DATABASE = 'postgres://postgres@127.0.0.1:5432/test';

/** A Postgres schema name no other suite (or a killed earlier run) uses, e.g. `e2e_rest_1a2b3c4d`. */
export function uniqueSchemaName(prefix = 'e2e'): string {
  return `${prefix}_${randomBytes(4).toString('hex')}`;
}

export interface ClusterStoreAddresses {
  /** Defaults to the machine's Postgres; outage tests pass a TcpProxy's port instead. */
  postgresPort?: number;
  /** Defaults to the machine's Redis. */
  redisPort?: number;
}

/**
 * The cluster-mode store settings of one isolated tenant: the shared test database in `schema`, and Redis keys
 * under `schema:`, so suites running side by side never see each other's APIs, buckets or bus messages.
 */
export function clusterStoreEnv(schema: string, addresses: ClusterStoreAddresses = {}): Record<string, string> {
  return {
    DATABASE_URL: `postgres://postgres@127.0.0.1:${addresses.postgresPort ?? 5432}/test`,
    DATABASE_SCHEMA: schema,
    REDIS_URL: `redis://127.0.0.1:${addresses.redisPort ?? 6379}`,
    REDIS_KEY_PREFIX: `${schema}:`,
  };
}

/** Drops a suite's schema and everything in it; always on the machine's Postgres, never through a proxy that may be down. */
export async function dropSchema(schema: string): Promise<void> {
  const admin = new Client({ connectionString: TEST_DATABASE });
  await admin.connect();
  try {
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await admin.end();
  }
}
