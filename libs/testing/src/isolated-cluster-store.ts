import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { TEST_DATABASE_URL, TEST_REDIS_URL, throughLocalPort } from './test-services';

/** A Postgres schema name no other suite (or a killed earlier run) uses, e.g. `e2e_rest_1a2b3c4d`. */
export function uniqueSchemaName(prefix = 'e2e'): string {
  return `${prefix}_${randomBytes(4).toString('hex')}`;
}

export interface ClusterStoreAddresses {
  /** Defaults to the test Postgres (TEST_DATABASE_URL); outage tests pass a loopback TcpProxy's port instead. */
  postgresPort?: number;
  /** Defaults to the test Redis (TEST_REDIS_URL). */
  redisPort?: number;
}

/**
 * The cluster-mode store settings of one isolated tenant: the shared test database in `schema`, and Redis keys
 * under `schema:`, so suites running side by side never see each other's APIs, buckets or bus messages.
 */
export function clusterStoreEnv(schema: string, addresses: ClusterStoreAddresses = {}): Record<string, string> {
  return {
    DATABASE_URL: throughLocalPort(TEST_DATABASE_URL, addresses.postgresPort),
    DATABASE_SCHEMA: schema,
    REDIS_URL: throughLocalPort(TEST_REDIS_URL, addresses.redisPort),
    REDIS_KEY_PREFIX: `${schema}:`,
  };
}

/** Drops a suite's schema and everything in it; always on the test Postgres itself, never through a proxy that may be down. */
export async function dropSchema(schema: string): Promise<void> {
  const admin = new Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await admin.end();
  }
}
