import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { FunctionCodeSource, FunctionConfigurationDoc, FunctionRecord, FunctionResolver } from '@app/contracts';

/** Shared by this library's specs: handler files in a temp dir, an in-memory registry, a code store. */
export const REGION = 'us-east-1';
export const ACCOUNT = '123456789012';

export function tempDir(prefix = 'fn-'): { path: string; remove(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Writes `files` (relative path → text) under `root`. */
export function writeFiles(root: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    const file = join(root, name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}

export function configuration(name: string, overrides: Partial<FunctionConfigurationDoc> = {}): FunctionConfigurationDoc {
  return {
    FunctionName: name,
    FunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`,
    Runtime: 'nodejs20.x',
    Handler: 'index.handler',
    CodeSize: 0,
    Timeout: 3,
    MemorySize: 128,
    LastModified: '2024-01-01T00:00:00.000+0000',
    CodeSha256: 'unused',
    Version: '$LATEST',
    ...overrides,
  };
}

export function directoryFunction(name: string, path: string, overrides: Partial<FunctionConfigurationDoc> = {}, extra: Partial<FunctionRecord> = {}): FunctionRecord {
  return { configuration: configuration(name, overrides), code: { kind: 'directory', path }, ...extra };
}

export class MemoryResolver implements FunctionResolver {
  readonly records = new Map<string, FunctionRecord>();
  constructor(...records: FunctionRecord[]) {
    for (const r of records) this.put(r);
  }
  put(record: FunctionRecord): this {
    this.records.set(record.configuration.FunctionName, record);
    return this;
  }
  peek(name: string): FunctionRecord | undefined {
    return this.records.get(name);
  }
  async resolve(name: string): Promise<FunctionRecord | undefined> {
    return this.records.get(name);
  }
}

export class MemoryCodeSource implements FunctionCodeSource {
  readonly zips = new Map<string, Buffer>();
  fetches = 0;
  async getZip(sha256Hex: string): Promise<Buffer | undefined> {
    this.fetches++;
    return this.zips.get(sha256Hex);
  }
}

export function collectLogs(): { lines: string[]; sink: (line: string) => void } {
  const lines: string[] = [];
  return { lines, sink: (line) => lines.push(line) };
}

export function decodeTail(logResult: string | undefined): string {
  return Buffer.from(logResult ?? '', 'base64').toString('utf8');
}

/** Linux scheduling policies as `threadPolicy` reads them. */
export const SCHED_OTHER = 0;
export const SCHED_BATCH = 3;

/** Linux scheduling policy of a thread of this process (`/proc/self/task/<tid>/stat` field 41). */
export function threadPolicy(tid: number): number {
  const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[38]);
}
