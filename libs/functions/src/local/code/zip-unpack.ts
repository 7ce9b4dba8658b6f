import { unzipSync } from 'fflate';
import { posix, resolve, sep, dirname } from 'node:path';
import { mkdirSync, writeFileSync } from 'node:fs';

/** Lambda's limit on a function's unzipped size; also our zip-bomb guard. */
export const MAX_UNZIPPED_BYTES = 262_144_000;

export class ZipRejectedError extends Error {
  override name = 'ZipRejectedError';
}

/**
 * Unzips `bytes` into `targetDir` (which must exist). Refuses entries that would land outside it (zip-slip:
 * absolute paths, drive letters, `..` segments) and archives whose declared size exceeds Lambda's unzipped limit,
 * before writing anything.
 */
export function unpackZip(bytes: Uint8Array, targetDir: string): number {
  let declared = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (entry) => {
        declared += entry.originalSize;
        if (declared > MAX_UNZIPPED_BYTES) {
          throw new ZipRejectedError(`Unzipped size must be smaller than ${MAX_UNZIPPED_BYTES} bytes`);
        }
        return true;
      },
    });
  } catch (error) {
    if (error instanceof ZipRejectedError) throw error;
    throw new ZipRejectedError(`Could not unzip uploaded file: ${(error as Error).message}`);
  }
  const root = resolve(targetDir);
  const planned: Array<[string, Uint8Array | undefined]> = [];
  for (const name of Object.keys(files)) {
    planned.push([safeTarget(root, name), name.endsWith('/') ? undefined : files[name]]);
  }
  for (const [target, data] of planned) {
    if (data === undefined) {
      mkdirSync(target, { recursive: true });
    } else {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, data);
    }
  }
  return planned.length;
}

function safeTarget(root: string, entryName: string): string {
  const name = entryName.replace(/\\/g, '/');
  const unsafe =
    name.includes('\0') ||
    name.startsWith('/') ||
    /^[A-Za-z]:/.test(name) ||
    name.split('/').includes('..') ||
    posix.normalize(name).startsWith('../');
  const target = resolve(root, name);
  if (unsafe || (target !== root && !target.startsWith(root + sep))) {
    throw new ZipRejectedError(`Zip entry "${entryName}" would be written outside the function directory`);
  }
  return target;
}
