import { join } from 'node:path';
import type { FunctionRecord, LambdaInvokeResult } from '@app/contracts';
import { LocalFunctionRuntime } from './local-function-runtime';
import { ACCOUNT, collectLogs, directoryFunction, MemoryCodeSource, MemoryResolver, REGION, tempDir, writeFiles } from '../testing/function-fixtures';

jest.setTimeout(30_000);

const HANDLERS: Record<string, Record<string, string>> = {
  hello: { 'index.js': 'exports.handler = async () => "hello";' },
  throws: { 'index.js': 'exports.handler = async () => { throw new Error("boom"); };' },
  throwsSync: { 'index.js': 'exports.handler = () => { throw new TypeError("sync boom"); };' },
  customError: {
    'index.js': 'class ValidationError extends Error { constructor(m) { super(m); this.name = "ValidationError"; } } exports.handler = async () => { throw new ValidationError("bad input"); };',
  },
  callbackString: { 'index.js': 'exports.handler = (e, c, cb) => cb("bad thing");' },
  contextFail: { 'index.js': 'exports.handler = (e, c) => c.fail(new Error("failed via context"));' },
  rejectsUndefined: { 'index.js': 'exports.handler = () => Promise.reject();' },
  missingHandler: { 'index.js': 'exports.other = async () => 1;' },
  notFunction: { 'index.js': 'exports.handler = 42;' },
  missingDependency: { 'index.js': 'require("definitely-not-installed-pkg"); exports.handler = async () => 1;' },
  syntaxError: { 'index.js': 'exports.handler = async () => { return 1 +; };' },
  initThrows: { 'index.js': 'throw new Error("init boom");' },
  unhandledRejection: {
    'index.js': 'exports.handler = async () => { Promise.reject(new Error("later")); await new Promise((r) => setTimeout(r, 100)); return "unreachable"; };',
  },
  uncaught: { 'index.js': 'exports.handler = (e, c, cb) => { setTimeout(() => { throw new Error("async boom"); }, 1); };' },
  exits: { 'index.js': 'exports.handler = async (e) => { process.exit(e.code); };' },
  loops: { 'index.js': 'exports.handler = async () => { for (;;) {} };' },
  hangs: { 'index.js': 'exports.handler = () => new Promise(() => {});' },
  hogsMemory: { 'index.js': 'exports.handler = async () => { const keep = []; for (;;) keep.push(new Array(100000).fill(Math.random())); };' },
  bigResponse: { 'index.js': 'exports.handler = async () => "x".repeat(6291556);' },
  postsGarbage: {
    'index.js': 'const { parentPort } = require("node:worker_threads"); exports.handler = () => { parentPort.postMessage({ not: "a batch" }); return new Promise(() => {}); };',
  },
  postsBadRecord: {
    'index.js': 'const { parentPort } = require("node:worker_threads"); exports.handler = () => { parentPort.postMessage("M1,Zzz"); return new Promise(() => {}); };',
  },
  circular: { 'index.js': 'exports.handler = async () => { const a = {}; a.self = a; return a; };' },
};

interface ErrorPayload {
  errorType?: string;
  errorMessage: string;
  trace?: string[];
}

describe(`${LocalFunctionRuntime.name} failures`, () => {
  const dir = tempDir('fn-failures-');
  const logs = collectLogs();
  const resolver = new MemoryResolver();
  let sut: LocalFunctionRuntime;

  function fn(name: string, overrides: Partial<FunctionRecord['configuration']> = {}): void {
    resolver.put(directoryFunction(name, join(dir.path, 'functions', name), overrides));
  }

  beforeAll(() => {
    for (const [name, files] of Object.entries(HANDLERS)) {
      writeFiles(join(dir.path, 'functions', name), files);
      fn(name);
    }
    fn('missingModule', { Handler: 'nope.handler' });
    writeFiles(join(dir.path, 'functions', 'missingModule'), {});
    fn('badHandler', { Handler: 'index' });
    fn('escapingHandler', { Handler: '../hello/index.handler' });
    fn('loops', { Timeout: 1 });
    fn('hangs', { Timeout: 1 });
    sut = new LocalFunctionRuntime({
      resolver,
      codeSource: new MemoryCodeSource(),
      cacheDir: join(dir.path, 'cache'),
      region: REGION,
      accountId: ACCOUNT,
      logSink: logs.sink,
    });
  });

  afterAll(async () => {
    await sut.close();
    dir.remove();
  });

  const invoke = (functionName: string, event: unknown = {}, requestId?: string) =>
    sut.invoke({ functionName, payload: JSON.stringify(event), requestId });

  function functionError(result: LambdaInvokeResult): ErrorPayload {
    if (result.kind !== 'function-error') throw new Error(`expected a function error, got ${JSON.stringify(result).slice(0, 300)}`);
    expect(result.statusCode).toBe(200);
    expect(result.functionError).toBe('Unhandled');
    expect(result.executedVersion).toBe('$LATEST');
    return JSON.parse(result.payload) as ErrorPayload;
  }

  it('shapes a thrown error as {errorType, errorMessage, trace} with functionError Unhandled', async () => {
    const result = await invoke('throws');
    const payload = functionError(result);
    expect(Object.keys(payload)).toEqual(['errorType', 'errorMessage', 'trace']);
    expect(payload.errorType).toBe('Error');
    expect(payload.errorMessage).toBe('boom');
    expect(payload.trace![0]).toBe('Error: boom');
    expect(payload.trace![1]).toMatch(/^ {4}at .*index\.js:1:/);
  });

  it('logs the error as the runtime does ("Invoke Error")', async () => {
    await invoke('throws', {}, 'err-log');
    expect(logs.lines).toContainEqual(expect.stringMatching(/^\S+Z\terr-log\tERROR\tInvoke Error \t\{"errorType":"Error","errorMessage":"boom","stack":\["Error: boom",/));
  });

  it('puts the "Invoke Error" line in the failed invocation\'s own log tail, before END', async () => {
    const result = await sut.invoke({ functionName: 'throws', payload: '{}', requestId: 'err-tail', logType: 'Tail' });
    const tail = Buffer.from(result.kind === 'function-error' ? result.logResult ?? '' : '', 'base64').toString('utf8').split('\n');
    expect(tail[0]).toBe('START RequestId: err-tail Version: $LATEST');
    expect(tail[1]).toMatch(/^\S+Z\terr-tail\tERROR\tInvoke Error \t\{"errorType":"Error","errorMessage":"boom"/);
    expect(tail[2]).toBe('END RequestId: err-tail');
  });

  it.each<[string, Partial<ErrorPayload>]>([
    ['throwsSync', { errorType: 'TypeError', errorMessage: 'sync boom' }],
    ['customError', { errorType: 'ValidationError', errorMessage: 'bad input' }],
    ['callbackString', { errorType: 'string', errorMessage: 'bad thing', trace: [] }],
    ['contextFail', { errorType: 'Error', errorMessage: 'failed via context' }],
    ['rejectsUndefined', { errorType: 'string', errorMessage: 'handled', trace: [] }],
    ['circular', { errorType: 'TypeError' }],
    ['missingHandler', { errorType: 'Runtime.HandlerNotFound', errorMessage: 'index.handler is undefined or not exported' }],
    ['notFunction', { errorType: 'Runtime.HandlerNotFound', errorMessage: 'index.handler is not a function' }],
    ['syntaxError', { errorType: 'Runtime.UserCodeSyntaxError' }],
    ['initThrows', { errorType: 'Error', errorMessage: 'init boom' }],
    ['badHandler', { errorType: 'Runtime.MalformedHandlerName', errorMessage: 'Bad handler' }],
    [
      'escapingHandler',
      {
        errorType: 'Runtime.MalformedHandlerName',
        errorMessage: "'../hello/index.handler' is not a valid handler name. Use absolute paths when specifying root directories in handler names.",
      },
    ],
  ])('answers %s with the runtime error %j', async (name, expected) => {
    expect(functionError(await invoke(name))).toMatchObject(expected);
  });

  it('reports a missing module as Runtime.ImportModuleError naming the module', async () => {
    const payload = functionError(await invoke('missingModule'));
    expect(payload.errorType).toBe('Runtime.ImportModuleError');
    expect(payload.errorMessage).toMatch(/^Error: Cannot find module 'nope'\nRequire stack:\n- .*bootstrap-[0-9a-f]+\.cjs$/);
    expect(payload.trace![0]).toBe(`Runtime.ImportModuleError: ${payload.errorMessage.split('\n')[0]}`);
  });

  it('reports a missing dependency as Runtime.ImportModuleError', async () => {
    const payload = functionError(await invoke('missingDependency'));
    expect(payload.errorType).toBe('Runtime.ImportModuleError');
    expect(payload.errorMessage).toMatch(/^Error: Cannot find module 'definitely-not-installed-pkg'/);
  });

  it('reports an unhandled rejection as Runtime.UnhandledPromiseRejection and replaces the worker', async () => {
    const payload = functionError(await invoke('unhandledRejection'));
    expect(payload).toMatchObject({ errorType: 'Runtime.UnhandledPromiseRejection', errorMessage: 'Error: later' });
    expect(payload.trace![0]).toBe('Runtime.UnhandledPromiseRejection: Error: later');
    expect(functionError(await invoke('unhandledRejection')).errorType).toBe('Runtime.UnhandledPromiseRejection');
  });

  it('reports an exception thrown from a timer as the error itself', async () => {
    expect(functionError(await invoke('uncaught'))).toMatchObject({ errorType: 'Error', errorMessage: 'async boom' });
  });

  it.each([
    [3, 'Runtime exited with error: exit status 3'],
    [0, 'Runtime exited without providing a reason'],
  ])('reports process.exit(%i) as Runtime.ExitError', async (code, reason) => {
    const payload = functionError(await invoke('exits', { code }, `exit-${code}`));
    expect(payload).toEqual({ errorType: 'Runtime.ExitError', errorMessage: `RequestId: exit-${code} Error: ${reason}` });
    expect(logs.lines).toContainEqual(expect.stringMatching(new RegExp(`^REPORT RequestId: exit-${code}\\t.*\\tStatus: error\\tError Type: Runtime.ExitError$`)));
  });

  it.each(['loops', 'hangs'])('times out %s after the function timeout with the Lambda message, and serves the next call', async (name) => {
    const result = await invoke(name, {}, `timeout-${name}`);
    const payload = functionError(result);
    expect(Object.keys(payload)).toEqual(['errorMessage']);
    expect(payload.errorMessage).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z timeout-${name} Task timed out after 1\\.00 seconds$`));
    expect(logs.lines).toContainEqual(expect.stringMatching(new RegExp(`^REPORT RequestId: timeout-${name}\\t.*\\tStatus: timeout$`)));
    fn(name, { Timeout: 1, Handler: 'index.handler' });
    writeFiles(join(dir.path, 'functions', name), { 'index.js': 'exports.handler = async () => "recovered";' });
    // the directory watcher retires the stale pool; either way a fresh worker answers
    await expect(waitForSuccess(() => invoke(name))).resolves.toMatchObject({ payload: '"recovered"' });
  });

  it('gives every invocation on one worker its own full timeout, while others on it still answer', async () => {
    resolver.put(directoryFunction('napper', join(dir.path, 'functions', 'napper'), { Timeout: 1 }));
    writeFiles(join(dir.path, 'functions', 'napper'), {
      'index.js': 'exports.handler = (e) => new Promise((r) => { if (e.ms) setTimeout(() => r("slept " + e.ms), e.ms); });',
    });
    const oneWorker = new LocalFunctionRuntime({ resolver, codeSource: new MemoryCodeSource(), cacheDir: join(dir.path, 'cache'), region: REGION, accountId: ACCOUNT, workersPerFunction: 1 });
    try {
      const call = (event: unknown, requestId: string) => oneWorker.invoke({ functionName: 'napper', payload: JSON.stringify(event), requestId });
      await expect(call({ ms: 1 }, 'warm')).resolves.toMatchObject({ kind: 'success' });
      const first = call({}, 'first');
      await new Promise((r) => setTimeout(r, 600));
      const startedSecond = performance.now();
      let secondSettled = false;
      const second = call({}, 'second').finally(() => (secondSettled = true));
      await expect(call({ ms: 50 }, 'quick')).resolves.toMatchObject({ kind: 'success', payload: '"slept 50"' });
      expect(functionError(await first).errorMessage).toMatch(/ first Task timed out after 1\.00 seconds$/);
      expect(secondSettled).toBe(false);
      expect(functionError(await second).errorMessage).toMatch(/ second Task timed out after 1\.00 seconds$/);
      expect(performance.now() - startedSecond).toBeGreaterThanOrEqual(950);
    } finally {
      await oneWorker.close();
    }
  });

  it.each(['postsGarbage', 'postsBadRecord'])('ends the invocation with Runtime.ExitError when the handler posts to the host itself (%s)', async (name) => {
    const payload = functionError(await invoke(name));
    expect(payload.errorType).toBe('Runtime.ExitError');
    expect(payload.errorMessage).toMatch(/Error: Runtime exited with error: signal: terminated$/);
    expect(logs.lines).toContainEqual(expect.stringMatching(/\tERROR\tUnreadable message from the function's worker: /));
    await expect(invoke('hello')).resolves.toMatchObject({ kind: 'success', payload: '"hello"' });
  });

  it('stops a handler that exceeds MemorySize with Runtime.OutOfMemory', async () => {
    const payload = functionError(await invoke('hogsMemory', {}, 'oom-req'));
    expect(payload).toEqual({ errorType: 'Runtime.OutOfMemory', errorMessage: 'RequestId: oom-req Error: Runtime exited with error: signal: killed' });
    expect(logs.lines.filter((l) => l.startsWith('REPORT RequestId: oom-req'))).toEqual([
      expect.stringMatching(/\tMax Memory Used: 128 MB(\tInit Duration: \d+\.\d\d ms)?\tStatus: error\tError Type: Runtime.OutOfMemory$/),
    ]);
  });

  it('refuses a response over 6 MB with Function.ResponseSizeTooLarge', async () => {
    expect(functionError(await invoke('bigResponse'))).toEqual({
      errorMessage: 'Response payload size exceeded maximum allowed payload size (6291556 bytes).',
      errorType: 'Function.ResponseSizeTooLarge',
    });
  });

  it('keeps serving other invocations while functions crash, loop and run out of memory', async () => {
    const crashes = [invoke('exits', { code: 1 }), invoke('hogsMemory'), invoke('unhandledRejection'), invoke('uncaught'), invoke('throws')];
    const healthy: Promise<LambdaInvokeResult>[] = [];
    for (let i = 0; i < 20; i++) {
      healthy.push(invoke('hello'));
      await new Promise((r) => setTimeout(r, 5));
    }
    const [exit, oom, rejection, uncaught, thrown] = (await Promise.all(crashes)).map(functionError);
    expect([exit.errorType, oom.errorType, rejection.errorType, uncaught.errorType, thrown.errorType]).toEqual([
      'Runtime.ExitError',
      'Runtime.OutOfMemory',
      'Runtime.UnhandledPromiseRejection',
      'Error',
      'Error',
    ]);
    for (const result of await Promise.all(healthy)) expect(result).toMatchObject({ kind: 'success', payload: '"hello"' });
    await expect(invoke('exits', { code: 1 })).resolves.toMatchObject({ kind: 'function-error' });
    await expect(invoke('hello')).resolves.toMatchObject({ kind: 'success' });
  });
});

async function waitForSuccess(call: () => Promise<LambdaInvokeResult>): Promise<LambdaInvokeResult> {
  for (let i = 0; i < 100; i++) {
    const result = await call();
    if (result.kind === 'success' && result.payload === '"recovered"') return result;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('never recovered');
}
