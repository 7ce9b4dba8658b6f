import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENV_SCHEMA, EnvVarSpec } from './env.schema';

/** The README's configuration table is generated from ENV_SCHEMA (scripts/config-table.js); this keeps it current. */
describe('README configuration table', () => {
  const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');

  it.each(Object.entries(ENV_SCHEMA) as Array<[string, EnvVarSpec]>)('documents %s with its default', (name, spec) => {
    const row = readme.split('\n').find((line) => line.startsWith(`| \`${name}\` |`));
    expect(row).toBeDefined();
    if (spec.default !== undefined) expect(row).toContain(`\`${spec.default}\``);
  });
});
