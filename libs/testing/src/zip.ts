import { strToU8, zipSync } from 'fflate';

/** A deployment package from file contents, as `zip -r` would make it. */
export function zipOf(files: Record<string, string>): Buffer {
  const entries: Record<string, Uint8Array> = {};
  for (const [name, content] of Object.entries(files)) entries[name] = strToU8(content);
  return Buffer.from(zipSync(entries));
}
