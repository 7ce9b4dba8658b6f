import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Fixture documents transcribed from the API Gateway developer guide's examples (see fixtures/). */
export function fixture(name: string): string {
  return readFileSync(join(__dirname, 'fixtures', name), 'utf8');
}
