import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { AppProcess, startApp } from './app-process';
import { composeService } from './compose-services';

export interface ClusterAddresses {
  /** Defaults to the machine's Postgres and Redis; tests of outages pass proxy ports instead. */
  postgresPort?: number;
  redisPort?: number;
}

/**
 * The docker-compose.yml services as Node processes on this machine: each started with its compose command and
 * environment, changed only where addresses differ outside containers, in a Postgres schema and Redis key prefix of
 * its own (so clusters of different suites never see each other).
 */
export class ComposeCluster {
  readonly schema = `e2e_${randomBytes(4).toString('hex')}`;
  private readonly apps: AppProcess[] = [];

  constructor(private readonly addresses: ClusterAddresses = {}) {}

  env(service: string, extra: Record<string, string> = {}): Record<string, string> {
    return {
      ...composeService(service).environment,
      DATABASE_URL: `postgres://postgres@127.0.0.1:${this.addresses.postgresPort ?? 5432}/test`,
      DATABASE_SCHEMA: this.schema,
      REDIS_URL: `redis://127.0.0.1:${this.addresses.redisPort ?? 6379}`,
      REDIS_KEY_PREFIX: `${this.schema}:`,
      BIND_HOST: '127.0.0.1',
      RECONCILE_INTERVAL_MS: '1000',
      LOG_LEVEL: 'warn',
      ...extra,
    };
  }

  start(service: string, extra: Record<string, string> = {}): AppProcess {
    const app = startApp(composeService(service).command, this.env(service, extra));
    this.apps.push(app);
    return app;
  }

  /** The compose file's first admin key, for SigV4-signed management calls. */
  adminCredentials(): { accessKeyId: string; secretAccessKey: string } {
    const [accessKeyId, secretAccessKey] = composeService('control-plane').environment.ADMIN_ACCESS_KEYS.split(',')[0].split(':');
    return { accessKeyId, secretAccessKey };
  }

  /** Kills every process it started and drops its schema. */
  async destroy(): Promise<void> {
    await Promise.all(this.apps.map((a) => a.stop('SIGKILL')));
    const admin = new Client({ connectionString: 'postgres://postgres@127.0.0.1:5432/test' });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS "${this.schema}" CASCADE`);
    await admin.end();
  }
}
