import { writeFileSync } from 'node:fs';
import { join, relative as relativePath } from 'node:path';
import { recordPairs, recordToken, type FunctionRecord, type LambdaInvokeResult } from '@app/contracts';
import { eventually } from '@app/testing/eventually';
import { minimalRecord, recordPayload } from '@app/testing/lambda-payload';
import { LocalFunctionRuntime } from './local-function-runtime';
import {
  ACCOUNT,
  collectLogs,
  decodeTail,
  directoryFunction,
  MemoryCodeSource,
  MemoryResolver,
  REGION,
  SCHED_BATCH,
  SCHED_OTHER,
  tempDir,
  threadPolicy,
  writeFiles,
} from '../testing/function-fixtures';

const HANDLERS: Record<string, Record<string, string>> = {
  hello: { 'index.js': 'exports.handler = async (event) => ({ hello: event.name ?? "world" });' },
  echo: {
    'index.js': 'exports.handler = async (event) => ({ event, headersPrototype: Object.getPrototypeOf(event.headers) === Object.prototype });',
  },
  context: {
    'index.js': `exports.handler = async (event, context) => ({
      awsRequestId: context.awsRequestId, functionName: context.functionName, functionVersion: context.functionVersion,
      invokedFunctionArn: context.invokedFunctionArn, memoryLimitInMB: context.memoryLimitInMB,
      logGroupName: context.logGroupName, logStreamName: context.logStreamName, remaining: context.getRemainingTimeInMillis(),
      callbackWaitsForEmptyEventLoop: context.callbackWaitsForEmptyEventLoop, clientContext: context.clientContext,
      keys: Object.keys(JSON.parse(JSON.stringify(context))).sort(),
    });`,
  },
  env: { 'index.js': 'exports.handler = async () => process.env;' },
  nested: { 'src/app.js': 'exports.handler = async () => "nested";' },
  deep: { 'index.js': 'exports.routes = { api: { handler: async () => "deep" } };' },
  esm: { 'index.mjs': 'export const handler = async () => "esm";' },
  esmpkg: { 'package.json': '{"type":"module"}', 'index.js': 'export const handler = async () => "esm package";' },
  cjs: { 'index.cjs': 'module.exports.handler = async () => "cjs";' },
  callback: { 'index.js': 'exports.handler = (event, context, callback) => { setTimeout(() => callback(null, { via: "callback" }), 5); };' },
  succeed: { 'index.js': 'exports.handler = (event, context) => { context.succeed({ via: "succeed" }); };' },
  done: { 'index.js': 'exports.handler = (event, context) => { context.done(null, "done"); };' },
  undefinedResult: { 'index.js': 'exports.handler = async () => undefined;' },
  syncReturn: { 'index.js': 'exports.handler = () => ({ statusCode: 200 });' },
  syncTimer: { 'index.js': 'exports.handler = () => { setTimeout(() => {}, 20); };' },
  warm: { 'index.js': 'let calls = 0; const bootedAt = Date.now(); exports.handler = async () => ({ calls: ++calls, bootedAt });' },
  slow: { 'index.js': 'exports.handler = async (event) => { await new Promise((r) => setTimeout(r, event.ms)); return "slept"; };' },
  lateLog: {
    'index.js': `exports.handler = async (event) => {
      if (event.late) setTimeout(() => console.log("late line"), 5);
      if (event.wait) await new Promise((r) => setTimeout(r, 40));
      return "ok";
    };`,
  },
  echoLater: { 'index.js': 'exports.handler = async (event) => { await new Promise((r) => setTimeout(r, event.ms)); return event.id; };' },
  logs: {
    'index.js': `exports.handler = async (event) => {
      console.log("log", { a: 1 }); console.info("info %d", 2); console.warn("warn"); console.error("error"); console.debug("debug");
      if (event.bulk) for (let i = 0; i < 200; i++) console.log("line " + i + " " + "x".repeat(40));
      return "logged";
    };`,
  },
  initLog: { 'index.js': 'console.log("initialising"); exports.handler = async () => "ok";' },
  newlines: { 'index.js': 'exports.handler = async () => { console.log("done\\n"); console.log("two\\nlines"); return "ok"; };' },
  respond: {
    'index.js': `exports.handler = async (event) => {
      const spec = JSON.parse(event.body);
      if (spec.big) return { statusCode: 200, body: "x".repeat(spec.big) };
      if (spec.throwing) return { statusCode: 200, get body() { throw new TypeError("no body"); } };
      return spec.value;
    };`,
  },
  thread: {
    'index.js': 'exports.handler = async () => { const link = require("fs").readlinkSync("/proc/thread-self"); return Number(link.slice(link.lastIndexOf("/") + 1)); };',
  },
};

describe(LocalFunctionRuntime.name, () => {
  const dir = tempDir('fn-runtime-');
  const logs = collectLogs();
  const resolver = new MemoryResolver();
  const codeSource = new MemoryCodeSource();
  let sut: LocalFunctionRuntime;

  function fn(name: string, overrides: Partial<FunctionRecord['configuration']> = {}, extra: Partial<FunctionRecord> = {}): FunctionRecord {
    const record = directoryFunction(name, join(dir.path, 'functions', name), overrides, extra);
    resolver.put(record);
    return record;
  }

  beforeAll(() => {
    for (const [name, files] of Object.entries(HANDLERS)) {
      writeFiles(join(dir.path, 'functions', name), files);
      fn(name);
    }
    fn('nested', { Handler: 'src/app.handler' });
    fn('deep', { Handler: 'index.routes.api.handler' });
    fn('env', { Environment: { Variables: { TABLE: 'users', AWS_REGION: 'eu-west-1' } }, MemorySize: 256 });
    process.env.HOST_ONLY_MARKER = 'leak';
    sut = new LocalFunctionRuntime({ resolver, codeSource, cacheDir: join(dir.path, 'cache'), region: REGION, accountId: ACCOUNT, logSink: logs.sink });
  });

  it('runs with a relative cache directory (the default DATA_DIR is `.data`)', async () => {
    const relative = new LocalFunctionRuntime({
      resolver,
      codeSource,
      cacheDir: relativePath(process.cwd(), join(dir.path, 'relative-cache')),
      region: REGION,
      accountId: ACCOUNT,
    });
    try {
      const result = await relative.invoke({ functionName: 'hello', payload: '{"name":"relative"}' });
      expect(result).toMatchObject({ kind: 'success', payload: '{"hello":"relative"}' });
    } finally {
      await relative.close();
    }
  });

  afterAll(async () => {
    await sut.close();
    delete process.env.HOST_ONLY_MARKER;
    dir.remove();
  });

  const invoke = (functionName: string, event: unknown = {}, extra: Record<string, unknown> = {}) =>
    sut.invoke({ functionName, payload: JSON.stringify(event), ...extra });

  function payloadOf(result: LambdaInvokeResult): unknown {
    if (result.kind === 'service-error') throw new Error(`service error ${result.errorType}: ${result.message}`);
    return JSON.parse(result.payload);
  }

  it('returns an async handler result as JSON with status 200 and $LATEST', async () => {
    await expect(invoke('hello', { name: 'ada' })).resolves.toEqual({
      kind: 'success',
      statusCode: 200,
      payload: '{"hello":"ada"}',
      executedVersion: '$LATEST',
    });
  });

  it('gives the handler a context shaped like the Node.js runtime', async () => {
    const result = await invoke('context', {}, { requestId: 'req-1', qualifier: '$LATEST', clientContext: Buffer.from('{"custom":{"k":"v"}}').toString('base64') });
    const ctx = payloadOf(result) as Record<string, unknown>;
    expect(ctx).toMatchObject({
      awsRequestId: 'req-1',
      functionName: 'context',
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:context:$LATEST`,
      memoryLimitInMB: '128',
      logGroupName: '/aws/lambda/context',
      callbackWaitsForEmptyEventLoop: true,
      clientContext: { custom: { k: 'v' } },
    });
    expect(ctx.logStreamName).toMatch(/^\d{4}\/\d{2}\/\d{2}\/\[\$LATEST\][0-9a-f]{32}$/);
    expect(ctx.remaining).toBeGreaterThan(2000);
    expect(ctx.remaining).toBeLessThanOrEqual(3000);
    expect(ctx.keys).not.toContain('_deadline');
  });

  it('runs each function with its own environment: its variables plus the Lambda ones, never the host env', async () => {
    const env = payloadOf(await invoke('env')) as Record<string, string>;
    expect(env).toMatchObject({
      TABLE: 'users',
      AWS_LAMBDA_FUNCTION_NAME: 'env',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
      AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/env',
      AWS_REGION: REGION,
      AWS_DEFAULT_REGION: REGION,
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x',
      AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand',
      LAMBDA_TASK_ROOT: join(dir.path, 'functions', 'env'),
      _HANDLER: 'index.handler',
      TZ: ':UTC',
    });
    expect(env.AWS_LAMBDA_LOG_STREAM_NAME).toMatch(/\[\$LATEST\][0-9a-f]{32}$/);
    expect(env.LAMBDA_RUNTIME_DIR).toBeTruthy();
    expect(env.HOST_ONLY_MARKER).toBeUndefined();
  });

  it.each([
    ['nested', 'nested'],
    ['deep', 'deep'],
    ['esm', 'esm'],
    ['esmpkg', 'esm package'],
    ['cjs', 'cjs'],
    ['callback', { via: 'callback' }],
    ['succeed', { via: 'succeed' }],
    ['done', 'done'],
    ['undefinedResult', null],
    // A non-async handler's return value is ignored by the Node.js runtime: the result is null once the loop drains.
    ['syncReturn', null],
    ['syncTimer', null],
  ])('resolves handler %s to %j', async (name, expected) => {
    const result = await invoke(name);
    expect(result.kind).toBe('success');
    expect(payloadOf(result)).toEqual(expected);
  });

  it('keeps a worker warm between invocations: module state survives, init runs once', async () => {
    const first = payloadOf(await invoke('warm')) as { calls: number; bootedAt: number };
    const second = payloadOf(await invoke('warm')) as { calls: number; bootedAt: number };
    expect(second).toEqual({ calls: first.calls + 1, bootedAt: first.bootedAt });
  });

  it('answers 50 concurrent invocations across its warm workers', async () => {
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => invoke('hello', { name: `n${i}` })));
    expect(results.map(payloadOf)).toEqual(Array.from({ length: 50 }, (_, i) => ({ hello: `n${i}` })));
  });

  it('answers every invocation with its own result while answers come back out of order and slots are reused', async () => {
    for (let wave = 0; wave < 4; wave++) {
      const ids = Array.from({ length: 30 }, (_, i) => `w${wave}-${i}`);
      // Later ones sleep less, so a worker answers in reverse and hands its slots back in a new order each wave.
      const results = await Promise.all(ids.map((id, i) => invoke('echoLater', { id, ms: (30 - i) % 7 })));
      expect(results.map(payloadOf)).toEqual(ids);
    }
  });

  describe('scheduling of worker threads', () => {
    it('runs workers under SCHED_BATCH by default', async () => {
      const tid = payloadOf(await invoke('thread')) as number;
      await expect(eventually(async () => threadPolicy(tid), (policy) => policy === SCHED_BATCH)).resolves.toBe(SCHED_BATCH);
    });

    it('leaves the default policy with workerScheduling normal', async () => {
      const normal = new LocalFunctionRuntime({ resolver, codeSource, cacheDir: join(dir.path, 'cache'), region: REGION, accountId: ACCOUNT, workerScheduling: 'normal' });
      try {
        const tid = payloadOf(await normal.invoke({ functionName: 'thread', payload: '{}' })) as number;
        // The default runtime has its policy set well within this; here nothing may change it.
        await new Promise((resolve) => setTimeout(resolve, 300));
        expect(threadPolicy(tid)).toBe(SCHED_OTHER);
      } finally {
        await normal.close();
      }
    });
  });

  describe('logs', () => {
    it('hands the sink every line without its newline; a newline inside a message stays', async () => {
      logs.lines.length = 0;
      await invoke('newlines', {}, { requestId: 'nl-req' });
      const mine = logs.lines.filter((l) => l.includes('nl-req'));
      expect(mine.slice(1, 3)).toEqual([expect.stringMatching(/\tnl-req\tINFO\tdone$/), expect.stringMatching(/\tnl-req\tINFO\ttwo\nlines$/)]);
      expect(mine.filter((l) => l.endsWith('\n'))).toEqual([]);
    });

    it('frames console output with START/END/REPORT in the runtime text format and sends it to the sink', async () => {
      logs.lines.length = 0;
      const result = await invoke('logs', {}, { requestId: 'log-req', logType: 'Tail' });
      const mine = logs.lines.filter((l) => l.includes('log-req'));
      expect(mine[0]).toBe('START RequestId: log-req Version: $LATEST');
      expect(mine.slice(1, 6)).toEqual([
        expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z\tlog-req\tINFO\tlog { a: 1 }$/),
        expect.stringMatching(/\tlog-req\tINFO\tinfo 2$/),
        expect.stringMatching(/\tlog-req\tWARN\twarn$/),
        expect.stringMatching(/\tlog-req\tERROR\terror$/),
        expect.stringMatching(/\tlog-req\tDEBUG\tdebug$/),
      ]);
      expect(mine[6]).toBe('END RequestId: log-req');
      expect(mine[7]).toMatch(
        /^REPORT RequestId: log-req\tDuration: \d+\.\d\d ms\tBilled Duration: \d+ ms\tMemory Size: 128 MB\tMax Memory Used: \d+ MB(\tInit Duration: \d+\.\d\d ms)?$/,
      );
      expect(result.kind === 'success' && decodeTail(result.logResult)).toBe(mine.join('\n') + '\n');
    });

    it('reports Init Duration on the cold start only', async () => {
      const reports = () => logs.lines.filter((l) => l.startsWith('REPORT RequestId: cold-'));
      await invoke('initLog', {}, { requestId: 'cold-1' });
      await invoke('initLog', {}, { requestId: 'cold-2' });
      expect(reports()[0]).toMatch(/\tInit Duration: \d+\.\d\d ms$/);
      expect(reports()[1]).not.toContain('Init Duration');
      expect(logs.lines).toContainEqual(expect.stringMatching(/^\S+Z\tundefined\tINFO\tinitialising$/));
    });

    it('returns only the last 4 KB of the log as the tail', async () => {
      const result = await invoke('logs', { bulk: true }, { requestId: 'bulk-req', logType: 'Tail' });
      const tail = Buffer.from(result.kind === 'success' ? result.logResult! : '', 'base64');
      expect(tail.length).toBe(4096);
      expect(tail.toString('utf8')).toMatch(/REPORT RequestId: bulk-req.*\n$/);
    });

    it('keeps a line logged after the handler answered out of the next invocation on the same worker', async () => {
      logs.lines.length = 0;
      await invoke('lateLog', { late: true }, { requestId: 'late-1' });
      // Same worker, and the slot late-1 had: the late line is written while late-2 runs.
      const result = await invoke('lateLog', { wait: true }, { requestId: 'late-2', logType: 'Tail' });
      const tail = decodeTail(result.kind === 'success' ? result.logResult : undefined);
      expect(tail).toContain('START RequestId: late-2');
      expect(tail).not.toContain('late line');
      expect(logs.lines).toContainEqual(expect.stringMatching(/\tlate-1\tINFO\tlate line$/));
    });

    it('omits logResult unless the caller asks for Tail', async () => {
      const result = await invoke('hello');
      expect(result).not.toHaveProperty('logResult');
    });
  });

  describe('invocation types and qualifiers', () => {
    it('answers DryRun with 204 without running the function', async () => {
      logs.lines.length = 0;
      await expect(invoke('hello', {}, { invocationType: 'DryRun' })).resolves.toEqual({
        kind: 'success',
        statusCode: 204,
        payload: '',
        executedVersion: '$LATEST',
      });
      expect(logs.lines).toEqual([]);
    });

    it('answers Event with 202 at once and runs the function in the background', async () => {
      const marker = join(dir.path, 'event-ran');
      writeFiles(join(dir.path, 'functions', 'event'), {
        'index.js': `exports.handler = async (e) => { await new Promise((r) => setTimeout(r, 50)); require("fs").writeFileSync(${JSON.stringify(marker)}, e.v); };`,
      });
      fn('event');
      const result = await invoke('event', { v: 'ran' }, { invocationType: 'Event', requestId: 'event-req' });
      expect(result).toEqual({ kind: 'success', statusCode: 202, payload: '', executedVersion: '$LATEST' });
      await waitFor(() => logs.lines.some((l) => l.startsWith('END RequestId: event-req')));
      expect(require('node:fs').readFileSync(marker, 'utf8')).toBe('ran');
    });

    it('accepts a function ARN, a partial ARN and $LATEST qualifiers', async () => {
      for (const functionName of [`arn:aws:lambda:${REGION}:${ACCOUNT}:function:hello`, `${ACCOUNT}:function:hello`, 'hello:$LATEST']) {
        expect(await invoke(functionName)).toMatchObject({ kind: 'success', payload: '{"hello":"world"}' });
      }
    });

    it('answers 404 ResourceNotFoundException for an unknown function', async () => {
      await expect(invoke('nobody')).resolves.toEqual({
        kind: 'service-error',
        statusCode: 404,
        errorType: 'ResourceNotFoundException',
        message: `Function not found: arn:aws:lambda:${REGION}:${ACCOUNT}:function:nobody`,
      });
    });

    it('answers 404 for a qualifier that is neither $LATEST nor the version', async () => {
      await expect(invoke('hello', {}, { qualifier: 'prod' })).resolves.toEqual({
        kind: 'service-error',
        statusCode: 404,
        errorType: 'ResourceNotFoundException',
        message: `Function not found: arn:aws:lambda:${REGION}:${ACCOUNT}:function:hello:prod`,
      });
    });

    it('refuses a qualifier that contradicts the one in the name', async () => {
      await expect(invoke('hello:1', {}, { qualifier: '2' })).resolves.toMatchObject({
        kind: 'service-error',
        statusCode: 400,
        errorType: 'InvalidParameterValueException',
      });
    });

    it.each(['', 'has space', 'a'.repeat(65), 'arn:aws:s3:::bucket', '${stageVariables.fn}'])('refuses function name %j with 400 ValidationException', async (name) => {
      const result = await invoke(name);
      expect(result).toMatchObject({ kind: 'service-error', statusCode: 400, errorType: 'ValidationException' });
      expect(result.kind === 'service-error' && result.message).toContain(`Value '${name}' at 'functionName'`);
    });

    it('refuses an event that is not JSON with 400 InvalidRequestContentException', async () => {
      await expect(sut.invoke({ functionName: 'hello', payload: '{nope' })).resolves.toMatchObject({
        kind: 'service-error',
        statusCode: 400,
        errorType: 'InvalidRequestContentException',
      });
    });

    it('builds an HTTP API 2.0 event from its record in the worker: the object its JSON text describes', async () => {
      const headers = JSON.parse('{"__proto__":"p","x-odd":"a,\\"b\\"\\n😀\\ud800","host":"h"}');
      const record = minimalRecord({ cookies: '1,' + recordToken('c=1'), headers: recordPairs(headers, '0,'), body: '1,' + recordToken('{"k":1}'), path: '0,', variables: recordPairs({ v: '1' }, '-1,') });
      const payload = recordPayload(record);
      const result = payloadOf(await sut.invoke({ functionName: 'echo', payload })) as { event: unknown; headersPrototype: boolean };
      expect(JSON.stringify(result.event)).toBe(payload.text());
      expect(result.headersPrototype).toBe(true);
    });

    describe('responses to an event record', () => {
      const invokeWith = (spec: unknown) => sut.invoke({ functionName: 'respond', payload: recordPayload(minimalRecord({ body: '1,' + recordToken(JSON.stringify(spec)) })) });

      it('come back as a response record when the return value is a payload 2.0 response, its JSON text written on demand', async () => {
        const value = { statusCode: 201, headers: { 'content-type': 'text/plain', 'x-a': '1' }, cookies: ['a=1'], body: 'made', isBase64Encoded: false };
        const result = await invokeWith({ value });
        expect(result).toMatchObject({ kind: 'success', statusCode: 200, executedVersion: '$LATEST' });
        const success = result as Extract<LambdaInvokeResult, { kind: 'success' }>;
        expect(success.httpResponse).toEqual({ statusCode: 201, headers: ['content-type', 'text/plain', 'x-a', '1'], cookies: ['a=1'], body: 'made', isBase64Encoded: false });
        expect(JSON.parse(success.payload)).toEqual(value);
      });

      it.each([
        ['a bare value', 'plain'],
        ['a response without statusCode', { body: 'x' }],
        ['a number as a header value', { statusCode: 200, headers: { 'x-n': 1 } }],
      ])('come back as JSON text for %s', async (_, value) => {
        const result = (await invokeWith({ value })) as Extract<LambdaInvokeResult, { kind: 'success' }>;
        expect(result.httpResponse).toBeUndefined();
        expect(JSON.parse(result.payload)).toEqual(value);
      });

      it('come back as JSON text to an event sent as JSON text', async () => {
        const result = (await sut.invoke({ functionName: 'respond', payload: JSON.stringify({ body: JSON.stringify({ value: { statusCode: 200 } }) }) })) as Extract<LambdaInvokeResult, { kind: 'success' }>;
        expect(result.httpResponse).toBeUndefined();
        expect(result.payload).toBe('{"statusCode":200}');
      });

      it('over the size limit fail as they did as JSON text', async () => {
        await expect(invokeWith({ big: 7 * 1024 * 1024 })).resolves.toMatchObject({ kind: 'function-error', payload: expect.stringContaining('Function.ResponseSizeTooLarge') });
        await expect(invokeWith({ big: 1024 })).resolves.toMatchObject({ kind: 'success', httpResponse: { body: 'x'.repeat(1024) } });
      });

      it('whose member throws when read fail as the serialization would', async () => {
        const result = await invokeWith({ throwing: true });
        expect(result).toMatchObject({ kind: 'function-error', functionError: 'Unhandled' });
        expect(JSON.parse((result as { payload: string }).payload)).toMatchObject({ errorType: 'TypeError', errorMessage: 'no body' });
      });
    });

    it('refuses an event record the worker cannot read with 400 InvalidRequestContentException, and keeps serving', async () => {
      await expect(sut.invoke({ functionName: 'echo', payload: recordPayload(minimalRecord() + 'extra') })).resolves.toMatchObject({
        kind: 'service-error',
        statusCode: 400,
        errorType: 'InvalidRequestContentException',
        message: expect.stringContaining('Could not build the event from its record: event record: 5 characters left over'),
      });
      await expect(sut.invoke({ functionName: 'echo', payload: recordPayload(minimalRecord()) })).resolves.toMatchObject({ kind: 'success' });
    });

    it('measures an event record against the 6 MB limit by its JSON text once its bound is over the limit', async () => {
      // Control characters: 1 character in the record, 6 bytes in the JSON text.
      const over = recordPayload(minimalRecord({ body: '1,' + recordToken('\u0001'.repeat(1_100_000)) }));
      await expect(sut.invoke({ functionName: 'echo', payload: over })).resolves.toMatchObject({ kind: 'service-error', statusCode: 413, errorType: 'RequestTooLargeException' });
      const under = recordPayload(minimalRecord({ body: '1,' + recordToken('x'.repeat(5 * 1024 * 1024)) }));
      expect(under.maxTextBytes).toBeGreaterThan(6 * 1024 * 1024);
      await expect(sut.invoke({ functionName: 'echo', payload: under })).resolves.toMatchObject({ kind: 'success' });
    });

    it('refuses an event over 6 MB with 413 RequestTooLargeException', async () => {
      await expect(sut.invoke({ functionName: 'hello', payload: JSON.stringify('x'.repeat(6 * 1024 * 1024)) })).resolves.toEqual({
        kind: 'service-error',
        statusCode: 413,
        errorType: 'RequestTooLargeException',
        message: 'Request must be smaller than 6291456 bytes for the InvokeFunction operation',
      });
    });
  });

  describe('reserved concurrency', () => {
    it('throttles invocations beyond the reservation with 429 and admits them again once one finishes', async () => {
      const record = fn('reserved', { Handler: 'index.handler' }, { reservedConcurrency: 1 });
      writeFiles(record.code.kind === 'directory' ? record.code.path : '', HANDLERS.slow);
      const first = invoke('reserved', { ms: 200 });
      await new Promise((r) => setTimeout(r, 20));
      await expect(invoke('reserved', { ms: 0 })).resolves.toEqual({
        kind: 'service-error',
        statusCode: 429,
        errorType: 'TooManyRequestsException',
        message: 'Rate Exceeded.',
      });
      await expect(first).resolves.toMatchObject({ kind: 'success', payload: '"slept"' });
      await expect(invoke('reserved', { ms: 0 })).resolves.toMatchObject({ kind: 'success' });
    });

    it('throttles every invocation of a function with reserved concurrency 0', async () => {
      fn('hello', {}, { reservedConcurrency: 0 });
      try {
        await expect(invoke('hello')).resolves.toMatchObject({ statusCode: 429, errorType: 'TooManyRequestsException' });
      } finally {
        fn('hello');
      }
    });
  });

  describe('hot reload of directory code', () => {
    it('serves an edited handler on the next invocation without a restart', async () => {
      const root = join(dir.path, 'functions', 'reload');
      writeFiles(root, { 'index.js': 'exports.handler = async () => "v1";', 'lib/util.js': 'module.exports = "u1";' });
      fn('reload');
      expect(payloadOf(await invoke('reload'))).toBe('v1');
      writeFileSync(join(root, 'index.js'), 'exports.handler = async () => "v2 " + require("./lib/util");');
      await waitFor(async () => payloadOf(await invoke('reload')) === 'v2 u1');
      writeFileSync(join(root, 'lib', 'util.js'), 'module.exports = "u2";');
      await waitFor(async () => payloadOf(await invoke('reload')) === 'v2 u2');
    });

    it('starts fresh workers when the record changes (new environment)', async () => {
      fn('env', { Environment: { Variables: { TABLE: 'orders' } }, RevisionId: 'r2' });
      expect((payloadOf(await invoke('env')) as Record<string, string>).TABLE).toBe('orders');
    });
  });

  it('serves the same answers through a resolver that cannot peek (every call waits for resolve)', async () => {
    const waiting = new LocalFunctionRuntime({
      resolver: { resolve: (name) => resolver.resolve(name) },
      codeSource,
      cacheDir: join(dir.path, 'cache'),
      region: REGION,
      accountId: ACCOUNT,
    });
    try {
      expect(payloadOf(await waiting.invoke({ functionName: 'hello', payload: '{"name":"slow"}' }))).toEqual({ hello: 'slow' });
      expect(payloadOf(await waiting.invoke({ functionName: 'hello', payload: '{"name":"again"}' }))).toEqual({ hello: 'again' });
      await expect(waiting.invoke({ functionName: 'hello:7', payload: '{}' })).resolves.toMatchObject({ statusCode: 404 });
    } finally {
      await waiting.close();
    }
  });

  it('refuses invocations after close()', async () => {
    const other = new LocalFunctionRuntime({ resolver, codeSource, cacheDir: join(dir.path, 'cache'), region: REGION, accountId: ACCOUNT });
    expect(await other.invoke({ functionName: 'hello', payload: '{}' })).toMatchObject({ kind: 'success' });
    await other.close();
    await expect(other.invoke({ functionName: 'hello', payload: '{}' })).resolves.toMatchObject({
      kind: 'service-error',
      statusCode: 500,
      errorType: 'ServiceException',
    });
  });
});

async function waitFor(condition: () => boolean | Promise<boolean>, attempts = 100): Promise<void> {
  for (let i = 0; i < attempts; i++) {
    if (await condition()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('condition not met');
}
