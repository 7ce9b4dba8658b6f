import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import type { FunctionRecord } from '@app/contracts';
import { LocalFunctionRuntime } from './local-function-runtime';
import { ACCOUNT, configuration, MemoryCodeSource, MemoryResolver, REGION, tempDir } from '../testing/function-fixtures';

describe(`${LocalFunctionRuntime.name} with zip packages`, () => {
  const dir = tempDir('fn-zip-');
  const codeSource = new MemoryCodeSource();
  const resolver = new MemoryResolver();
  let sut: LocalFunctionRuntime;

  function zipFunction(name: string, files: Record<string, string>): FunctionRecord {
    const entries: Record<string, Uint8Array> = {};
    for (const [file, text] of Object.entries(files)) entries[file] = strToU8(text);
    const bytes = Buffer.from(zipSync(entries));
    const sha = createHash('sha256').update(bytes).digest('hex');
    codeSource.zips.set(sha, bytes);
    const record: FunctionRecord = {
      configuration: configuration(name, { CodeSha256: createHash('sha256').update(bytes).digest('base64') }),
      code: { kind: 'zip', sha256Hex: sha },
    };
    resolver.put(record);
    return record;
  }

  beforeAll(() => {
    sut = new LocalFunctionRuntime({ resolver, codeSource, cacheDir: join(dir.path, 'cache'), region: REGION, accountId: ACCOUNT });
  });
  afterAll(async () => {
    await sut.close();
    dir.remove();
  });

  it('runs a handler from a stored package, fetched once and run from the cache directory', async () => {
    const record = zipFunction('zipped', { 'index.js': 'exports.handler = async () => process.env.LAMBDA_TASK_ROOT;' });
    const sha = record.code.kind === 'zip' ? record.code.sha256Hex : '';
    const first = await sut.invoke({ functionName: 'zipped', payload: '{}' });
    const second = await sut.invoke({ functionName: 'zipped', payload: '{}' });
    expect(first).toMatchObject({ kind: 'success', payload: JSON.stringify(join(dir.path, 'cache', sha)) });
    expect(second).toMatchObject({ kind: 'success' });
    expect(codeSource.fetches).toBe(1);
  });

  it('switches to the new package when the function is updated', async () => {
    zipFunction('updated', { 'index.js': 'exports.handler = async () => "v1";' });
    expect(await sut.invoke({ functionName: 'updated', payload: '{}' })).toMatchObject({ payload: '"v1"' });
    zipFunction('updated', { 'index.js': 'exports.handler = async () => "v2";' });
    expect(await sut.invoke({ functionName: 'updated', payload: '{}' })).toMatchObject({ payload: '"v2"' });
  });

  it('answers 502 InvalidZipFileException for a zip-slip package instead of running it', async () => {
    zipFunction('slip', { 'index.js': 'exports.handler = async () => 1;', '../../outside.js': 'evil' });
    await expect(sut.invoke({ functionName: 'slip', payload: '{}' })).resolves.toMatchObject({
      kind: 'service-error',
      statusCode: 502,
      errorType: 'InvalidZipFileException',
    });
  });

  it('answers 500 ServiceException when the package is missing from the store', async () => {
    resolver.put({ configuration: configuration('lost'), code: { kind: 'zip', sha256Hex: 'c'.repeat(64) } });
    await expect(sut.invoke({ functionName: 'lost', payload: '{}' })).resolves.toMatchObject({
      kind: 'service-error',
      statusCode: 500,
      errorType: 'ServiceException',
    });
  });
});
