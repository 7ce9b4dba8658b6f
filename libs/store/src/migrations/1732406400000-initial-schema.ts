import { MigrationInterface, QueryRunner, Table, TableColumnOptions, TableIndex } from 'typeorm';

/**
 * The core model. Written with TypeORM's schema builder (not raw SQL) so the same migration runs on Postgres in the
 * cluster and on the embedded sql.js store in local mode.
 */
const key = (name: string, length = 32): TableColumnOptions => ({ name, type: 'varchar', length: String(length), isPrimary: true });
const json = (name: string): TableColumnOptions => ({ name, type: 'text' });

export class InitialSchema1732406400000 implements MigrationInterface {
  name = 'InitialSchema1732406400000';

  async up(q: QueryRunner): Promise<void> {
    await q.createTable(
      new Table({
        name: 'apis',
        columns: [
          key('id'),
          { name: 'protocol_type', type: 'varchar', length: '16' },
          { name: 'name', type: 'varchar', length: '1024' },
          json('doc'),
          { name: 'updated_at', type: 'varchar', length: '32' },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'api_components',
        columns: [
          key('api_id'),
          key('kind'),
          key('id', 128),
          { name: 'parent_id', type: 'varchar', length: '128', isNullable: true },
          json('doc'),
        ],
      }),
    );
    await q.createIndex('api_components', new TableIndex({ name: 'idx_api_components_api_kind', columnNames: ['api_id', 'kind'] }));
    await q.createTable(
      new Table({
        name: 'stages',
        columns: [
          key('api_id'),
          key('stage_name', 128),
          { name: 'deployment_id', type: 'varchar', length: '32', isNullable: true },
          json('doc'),
          { name: 'revision', type: 'integer', default: 1 },
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'deployments',
        columns: [
          key('api_id'),
          key('id'),
          { name: 'created_at', type: 'varchar', length: '32' },
          { name: 'description', type: 'varchar', length: '1024', isNullable: true },
          json('snapshot'),
        ],
      }),
    );
    await q.createTable(
      new Table({
        name: 'api_keys',
        columns: [
          key('id'),
          { name: 'value_hash', type: 'varchar', length: '128', isUnique: true },
          { name: 'value_encrypted', type: 'text' },
          json('doc'),
        ],
      }),
    );
    await q.createTable(new Table({ name: 'usage_plans', columns: [key('id'), json('doc')] }));
    await q.createTable(
      new Table({
        name: 'usage_plan_keys',
        columns: [key('usage_plan_id'), key('key_id'), { name: 'key_type', type: 'varchar', length: '16', default: "'API_KEY'" }],
      }),
    );
    await q.createTable(
      new Table({
        name: 'functions',
        columns: [key('name', 140), { name: 'revision_id', type: 'varchar', length: '64' }, json('record')],
      }),
    );
    await q.createTable(
      new Table({
        name: 'function_code',
        columns: [key('sha256_hex', 64), { name: 'size', type: 'integer' }, { name: 'data_base64', type: 'text' }],
      }),
    );
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['function_code', 'functions', 'usage_plan_keys', 'usage_plans', 'api_keys', 'deployments', 'stages', 'api_components', 'apis']) {
      await q.dropTable(table);
    }
  }
}
