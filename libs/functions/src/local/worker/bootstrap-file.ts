import { createHash } from 'node:crypto';
import { mkdirSync, existsSync, writeFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { WORKER_BOOTSTRAP_SOURCE } from './worker-bootstrap.source';

/**
 * Writes the worker bootstrap under `<cacheDir>/.runtime/`, named by its content hash so several processes sharing
 * a cache directory (and several versions of this library) never overwrite each other's file mid-load.
 */
export function ensureBootstrapFile(cacheDir: string): string {
  const hash = createHash('sha256').update(WORKER_BOOTSTRAP_SOURCE).digest('hex').slice(0, 16);
  const dir = join(cacheDir, '.runtime');
  const file = join(dir, `bootstrap-${hash}.cjs`);
  if (existsSync(file)) return file;
  mkdirSync(dir, { recursive: true });
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  writeFileSync(temp, WORKER_BOOTSTRAP_SOURCE);
  renameSync(temp, file);
  return file;
}
