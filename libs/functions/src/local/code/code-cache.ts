import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { FunctionCodeSource } from '@app/contracts';
import { unpackZip, ZipRejectedError } from './zip-unpack';

/** Why a package could not be made runnable, as the Lambda API would report it. */
export class CodeUnavailableError extends Error {
  override name = 'CodeUnavailableError';
  constructor(
    readonly statusCode: number,
    readonly errorType: string,
    message: string,
  ) {
    super(message);
  }
}

const SHA256_HEX = /^[0-9a-f]{64}$/;

/**
 * Deployment packages unpacked on this node's disk, keyed by the hex SHA-256 of the zip. Each package is fetched
 * and unpacked once: concurrent callers in this process share one promise, and concurrent processes or nodes
 * sharing the directory each unpack into a private temp dir and rename it into place (the first rename wins).
 */
export class CodeCache {
  private readonly ready = new Map<string, string>();
  private readonly loading = new Map<string, Promise<string>>();

  constructor(
    private readonly cacheDir: string,
    private readonly source: FunctionCodeSource,
  ) {}

  /** The unpacked directory if already known (the hot path), else undefined. */
  peek(sha256Hex: string): string | undefined {
    return this.ready.get(sha256Hex);
  }

  directoryFor(sha256Hex: string): Promise<string> {
    let pending = this.loading.get(sha256Hex);
    if (!pending) {
      pending = this.load(sha256Hex).finally(() => this.loading.delete(sha256Hex));
      this.loading.set(sha256Hex, pending);
    }
    return pending;
  }

  private async load(sha: string): Promise<string> {
    if (!SHA256_HEX.test(sha)) {
      throw new CodeUnavailableError(500, 'ServiceException', `Deployment package id "${sha}" is not a lowercase hex SHA-256`);
    }
    const dir = join(this.cacheDir, sha);
    if (!existsSync(dir)) await this.fetchAndUnpack(sha, dir);
    this.ready.set(sha, dir);
    return dir;
  }

  private async fetchAndUnpack(sha: string, dir: string): Promise<void> {
    const bytes = await this.source.getZip(sha);
    if (!bytes) throw new CodeUnavailableError(500, 'ServiceException', `Deployment package ${sha} is not in the code store`);
    const actual = createHash('sha256').update(bytes).digest('hex');
    if (actual !== sha) {
      throw new CodeUnavailableError(500, 'ServiceException', `Deployment package ${sha} failed verification: its bytes hash to ${actual}`);
    }
    mkdirSync(this.cacheDir, { recursive: true });
    const temp = mkdtempSync(join(this.cacheDir, `.unpack-${sha.slice(0, 12)}-`));
    try {
      unpackZip(bytes, temp);
      renameSync(temp, dir);
    } catch (error) {
      rmSync(temp, { recursive: true, force: true });
      if (error instanceof ZipRejectedError) throw new CodeUnavailableError(502, 'InvalidZipFileException', error.message);
      // Another process renamed its copy into place first: theirs is byte-for-byte the same package.
      if (existsSync(dir)) return;
      throw error;
    }
  }
}
