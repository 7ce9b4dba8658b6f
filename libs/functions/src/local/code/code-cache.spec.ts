import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { CodeCache, CodeUnavailableError } from './code-cache';
import { MemoryCodeSource, tempDir } from '../../testing/function-fixtures';

function zip(files: Record<string, string>): { bytes: Buffer; sha: string } {
  const entries: Record<string, Uint8Array> = {};
  for (const [name, text] of Object.entries(files)) entries[name] = strToU8(text);
  const bytes = Buffer.from(zipSync(entries));
  return { bytes, sha: createHash('sha256').update(bytes).digest('hex') };
}

describe(CodeCache.name, () => {
  const dir = tempDir('fn-cache-');
  afterAll(() => dir.remove());

  function setup() {
    const source = new MemoryCodeSource();
    const cacheDir = join(dir.path, `c${Math.random().toString(36).slice(2)}`);
    return { source, cacheDir, sut: new CodeCache(cacheDir, source) };
  }

  it('fetches a package once, verifies it and unpacks it into <cacheDir>/<sha256>/', async () => {
    const { source, cacheDir, sut } = setup();
    const pkg = zip({ 'index.js': 'exports.handler = 1;', 'lib/a.js': 'a' });
    source.zips.set(pkg.sha, pkg.bytes);
    const [a, b] = await Promise.all([sut.directoryFor(pkg.sha), sut.directoryFor(pkg.sha)]);
    expect(a).toBe(join(cacheDir, pkg.sha));
    expect(b).toBe(a);
    expect(readFileSync(join(a, 'lib', 'a.js'), 'utf8')).toBe('a');
    expect(source.fetches).toBe(1);
    expect(sut.peek(pkg.sha)).toBe(a);
    expect(readdirSync(cacheDir).filter((n) => n.startsWith('.unpack'))).toEqual([]);
  });

  it('reuses a directory another process already unpacked without fetching', async () => {
    const first = setup();
    const pkg = zip({ 'index.js': 'x' });
    first.source.zips.set(pkg.sha, pkg.bytes);
    await first.sut.directoryFor(pkg.sha);
    const second = new CodeCache(first.cacheDir, new MemoryCodeSource());
    await expect(second.directoryFor(pkg.sha)).resolves.toBe(join(first.cacheDir, pkg.sha));
  });

  it('refuses a package whose bytes do not hash to its id (500 ServiceException)', async () => {
    const { source, sut } = setup();
    const pkg = zip({ 'index.js': 'x' });
    const wrongSha = 'a'.repeat(64);
    source.zips.set(wrongSha, pkg.bytes);
    const error = await sut.directoryFor(wrongSha).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodeUnavailableError);
    expect(error).toMatchObject({ statusCode: 500, errorType: 'ServiceException', message: expect.stringContaining(`hash to ${pkg.sha}`) });
  });

  it.each([
    ['a missing package', 'b'.repeat(64), /not in the code store/],
    ['an id that is not a hex sha256', '../../etc', /not a lowercase hex SHA-256/],
  ])('refuses %s', async (_, sha, message) => {
    const { sut } = setup();
    await expect(sut.directoryFor(sha)).rejects.toMatchObject({ statusCode: 500, message: expect.stringMatching(message) });
  });

  it.each([['../escape.js'], ['/abs.js'], ['a/../../escape.js'], ['..\\win.js'], ['C:/drive.js']])(
    'refuses a zip-slip entry %s with 502 InvalidZipFileException and writes nothing',
    async (name) => {
      const { source, cacheDir, sut } = setup();
      const pkg = zip({ 'index.js': 'ok', [name]: 'evil' });
      source.zips.set(pkg.sha, pkg.bytes);
      await expect(sut.directoryFor(pkg.sha)).rejects.toMatchObject({
        statusCode: 502,
        errorType: 'InvalidZipFileException',
        message: expect.stringContaining(name),
      });
      expect(existsSync(join(cacheDir, pkg.sha))).toBe(false);
      expect(existsSync(join(cacheDir, '..', 'escape.js'))).toBe(false);
      expect(readdirSync(cacheDir).filter((n) => !n.startsWith('.runtime'))).toEqual([]);
    },
  );

  it('refuses bytes that are not a zip with 502 InvalidZipFileException', async () => {
    const { source, sut } = setup();
    const bytes = Buffer.from('definitely not a zip');
    const sha = createHash('sha256').update(bytes).digest('hex');
    source.zips.set(sha, bytes);
    await expect(sut.directoryFor(sha)).rejects.toMatchObject({ statusCode: 502, errorType: 'InvalidZipFileException' });
  });
});
