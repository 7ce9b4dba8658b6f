import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import type {
  ArnContext,
  FunctionCodeSource,
  FunctionRecord,
  FunctionResolver,
  LambdaInvokeRequest,
  LambdaInvokeResult,
  LambdaInvoker,
  LambdaPayload,
} from '@app/contracts';
import { functionArn } from '@app/contracts';
// From the module itself: a call through the package index's re-export getter is a megamorphic lookup per invocation.
import { newUuid } from '@app/contracts/random-ids';
import {
  functionNotFound,
  MAX_REQUEST_PAYLOAD_BYTES,
  requestTooLarge,
  serviceError,
  TOO_MANY_REQUESTS,
} from '../errors/lambda-service-errors';
import { resolveInvokeTarget } from '../reference/invoke-target';
import { CodeCache, CodeUnavailableError } from './code/code-cache';
import { runtimeLogLine } from './logs/invocation-log';
import { FunctionPool } from './pool/function-pool';
import type { FunctionWorker, WorkerSpec } from './pool/function-worker';
import { Invocation } from './pool/invocation';
import { BatchScheduling, type WorkerScheduling } from './pool/thread-scheduling';
import { buildWorkerEnv, newLogStreamName } from './pool/worker-env';
import { ensureBootstrapFile } from './worker/bootstrap-file';

export interface LocalFunctionRuntimeOptions {
  /** Where function records come from (memory on gateway nodes, refreshed by bus events). */
  resolver: FunctionResolver;
  /** Where zip packages come from, by hex SHA-256. */
  codeSource: FunctionCodeSource;
  /** Unpacked packages live in `<cacheDir>/<sha256Hex>/`; may be shared by processes on one host. */
  cacheDir: string;
  /** Region and account used in ARNs, AWS_REGION and error messages. */
  region: string;
  accountId: string;
  /**
   * Receives every log line (START/END/REPORT, console output, crashes), without its newline. Without it, console
   * output is dropped.
   */
  logSink?: (line: string) => void;
  /** Warm workers per function version. Default: min(2, CPU count); more than the cores only adds contention. */
  workersPerFunction?: number;
  /** Scheduling policy of worker threads (thread-scheduling.ts). Default: `batch`. */
  workerScheduling?: WorkerScheduling;
  /** Operational warnings of the runtime itself (not a function's log). Default: `process.emitWarning`. */
  warn?: (message: string) => void;
}

/** What AWS answers with before the function runs (or when it runs without a caller waiting). */
const DEFAULT_TIMEOUT_SECONDS = 3;
const DEFAULT_MEMORY_MB = 128;
/** Lambda's synchronous response limit: 6 MB plus the 100 bytes AWS allows for framing. */
const MAX_RESPONSE_BYTES = 6_291_556;

/**
 * Runs Node.js Lambda handlers on this machine: a warm pool of worker threads per function version, each thread an
 * isolated execution environment with its own module cache, environment variables and heap limit.
 */
export class LocalFunctionRuntime implements LambdaInvoker {
  private readonly arn: ArnContext;
  private readonly code: CodeCache;
  private readonly bootstrapPath: string;
  private readonly workersPerFunction: number;
  private readonly pools = new Map<string, FunctionPool>();
  private readonly inflight = new Map<string, number>();
  private readonly workers = new Set<FunctionWorker>();
  private readonly scheduling: BatchScheduling | undefined;
  private readonly threadStarted: ((tid: number) => void) | undefined;
  private closed = false;

  constructor(private readonly options: LocalFunctionRuntimeOptions) {
    this.arn = { region: options.region, accountId: options.accountId };
    // Worker scripts must be absolute paths; a relative DATA_DIR (the default `.data`) is resolved once here.
    const cacheDir = resolve(options.cacheDir);
    this.code = new CodeCache(cacheDir, options.codeSource);
    this.bootstrapPath = ensureBootstrapFile(cacheDir);
    this.workersPerFunction = Math.max(1, options.workersPerFunction ?? Math.min(2, availableParallelism()));
    if ((options.workerScheduling ?? 'batch') === 'batch') {
      const scheduling = new BatchScheduling({ warn: options.warn ?? ((message) => process.emitWarning(message)) });
      this.scheduling = scheduling;
      this.threadStarted = (tid) => scheduling.apply(tid);
    }
  }

  invoke(request: LambdaInvokeRequest): Promise<LambdaInvokeResult> {
    let warm: Promise<LambdaInvokeResult> | null;
    try {
      warm = this.invokeWarm(request);
    } catch (error) {
      // As from an async function: a failure is a rejection, never a throw.
      return Promise.reject(error);
    }
    return warm ?? this.invokeSlowly(request);
  }

  /**
   * The hot path, or null: a synchronous call of a function whose record the resolver has at hand and whose pool
   * is warm and current goes to its worker without an await on the way (each one cost promise jobs per request).
   * Everything else (cold pools, other invocation types, errors) takes `invokeSlowly`, which answers the same.
   */
  private invokeWarm(request: LambdaInvokeRequest): Promise<LambdaInvokeResult> | null {
    if (this.closed || (request.invocationType ?? 'RequestResponse') !== 'RequestResponse') return null;
    const target = resolveInvokeTarget(request);
    if (target.kind === 'service-error') return null;
    const record = this.options.resolver.peek?.(target.functionName);
    if (!record || !qualifierMatches(target.qualifier, record) || exceedsBytes(request.payload, MAX_REQUEST_PAYLOAD_BYTES)) return null;
    const pool = this.currentPool(record);
    if (!pool) return null;
    const name = record.configuration.FunctionName;
    if (!this.reserve(record)) return Promise.resolve(TOO_MANY_REQUESTS);
    return this.start(name, pool, request, target.qualifier);
  }

  private async invokeSlowly(request: LambdaInvokeRequest): Promise<LambdaInvokeResult> {
    if (this.closed) return serviceError(500, 'ServiceException', 'The local function runtime has been shut down');
    const target = resolveInvokeTarget(request);
    if (target.kind === 'service-error') return target;
    const record = await this.options.resolver.resolve(target.functionName);
    const version = record?.configuration.Version || '$LATEST';
    const qualifier = target.qualifier;
    if (!record || !qualifierMatches(qualifier, record)) return functionNotFound(this.arn, target.functionName, qualifier);
    const type = request.invocationType ?? 'RequestResponse';
    if (type === 'DryRun') return { kind: 'success', statusCode: 204, payload: '', executedVersion: version };
    if (exceedsBytes(request.payload, MAX_REQUEST_PAYLOAD_BYTES)) return requestTooLarge();
    if (type === 'Event') {
      void this.runInBackground(record, request, qualifier);
      return { kind: 'success', statusCode: 202, payload: '', executedVersion: version };
    }
    // `return await`: returning the promise itself costs an async function two more microtask turns.
    return await this.run(record, request, qualifier);
  }

  /** Terminates every worker (in-flight invocations end with Runtime.ExitError) and stops watching code. */
  async close(): Promise<void> {
    this.closed = true;
    for (const pool of this.pools.values()) pool.retire();
    this.pools.clear();
    this.scheduling?.close();
    await Promise.all(Array.from(this.workers, (worker) => worker.terminate()));
  }

  private async run(record: FunctionRecord, request: LambdaInvokeRequest, qualifier: string | undefined): Promise<LambdaInvokeResult> {
    const name = record.configuration.FunctionName;
    // Counted from here, so invocations waiting for a cold pool count against the reservation too.
    if (!this.reserve(record)) return TOO_MANY_REQUESTS;
    let pool: FunctionPool;
    try {
      pool = this.currentPool(record) ?? (await this.poolFor(record));
    } catch (error) {
      this.release(name);
      if (error instanceof CodeUnavailableError) return serviceError(error.statusCode, error.errorType, error.message);
      throw error;
    }
    if (this.closed) {
      this.release(name);
      return serviceError(500, 'ServiceException', 'The local function runtime has been shut down');
    }
    return await this.start(name, pool, request, qualifier);
  }

  /** Counts one more running invocation of the function; false when its reserved concurrency is used up. */
  private reserve(record: FunctionRecord): boolean {
    const name = record.configuration.FunctionName;
    const active = this.inflight.get(name) ?? 0;
    if (record.reservedConcurrency !== undefined && active >= record.reservedConcurrency) return false;
    this.inflight.set(name, active + 1);
    return true;
  }

  private release(name: string): void {
    // Kept at 0 rather than deleted: one entry per function name, and no Map churn per invocation.
    this.inflight.set(name, (this.inflight.get(name) ?? 1) - 1);
  }

  /** Hands a reserved invocation to the pool; it is released when it ends, however it ends. */
  private start(name: string, pool: FunctionPool, request: LambdaInvokeRequest, qualifier: string | undefined): Promise<LambdaInvokeResult> {
    return new Promise<LambdaInvokeResult>((resolveResult, reject) => {
      const invocation = new Invocation(request.requestId ?? newUuid(), request.logType === 'Tail', pool.invocationSettings, (result) => {
        this.release(name);
        resolveResult(result);
      });
      try {
        pool.dispatch(invocation, request.payload, qualifier, request.clientContext);
      } catch (error) {
        this.release(name);
        reject(error);
      }
    });
  }

  /** InvocationType Event: nobody waits, so failures can only be reported in the log. */
  private async runInBackground(record: FunctionRecord, request: LambdaInvokeRequest, qualifier: string | undefined): Promise<void> {
    const sink = this.options.logSink;
    try {
      const result = await this.run(record, request, qualifier);
      if (result.kind === 'service-error') {
        sink?.(
          runtimeLogLine(
            request.requestId ?? 'undefined',
            'ERROR',
            `Asynchronous invocation of ${record.configuration.FunctionName} dropped: ${result.errorType}: ${result.message}`,
          ),
        );
      }
    } catch (error) {
      sink?.(runtimeLogLine(request.requestId ?? 'undefined', 'ERROR', `Asynchronous invocation failed: ${(error as Error).stack}`));
    }
  }

  /** The hot path: the record object is the one the pool was built from and its code has not changed. */
  private currentPool(record: FunctionRecord): FunctionPool | undefined {
    const pool = this.pools.get(record.configuration.FunctionName);
    return pool && pool.record === record && !pool.stale ? pool : undefined;
  }

  private async poolFor(record: FunctionRecord): Promise<FunctionPool> {
    const name = record.configuration.FunctionName;
    const dir =
      record.code.kind === 'directory'
        ? resolve(record.code.path)
        : (this.code.peek(record.code.sha256Hex) ?? (await this.code.directoryFor(record.code.sha256Hex)));
    const key = poolKey(record, dir);
    const existing = this.pools.get(name);
    if (existing && existing.key === key && !existing.stale) {
      existing.record = record;
      return existing;
    }
    existing?.retire();
    const pool = new FunctionPool({
      key,
      record,
      invocationSettings: {
        executedVersion: record.configuration.Version || '$LATEST',
        memorySizeMb: record.configuration.MemorySize || DEFAULT_MEMORY_MB,
        logSink: this.options.logSink,
      },
      size: this.workersPerFunction,
      workerSpec: () => this.workerSpec(record, dir),
      watchDir: record.code.kind === 'directory' ? dir : undefined,
      registry: this.workers,
    });
    this.pools.set(name, pool);
    return pool;
  }

  private workerSpec(record: FunctionRecord, taskRoot: string): WorkerSpec {
    const c = record.configuration;
    const version = c.Version || '$LATEST';
    const memorySizeMb = c.MemorySize || DEFAULT_MEMORY_MB;
    const logStreamName = newLogStreamName(version);
    const runtimeDir = dirname(this.bootstrapPath);
    return {
      bootstrapPath: this.bootstrapPath,
      boot: {
        taskRoot,
        handler: c.Handler,
        functionName: c.FunctionName,
        functionVersion: version,
        functionArn: functionArn(this.arn, c.FunctionName),
        memorySize: memorySizeMb,
        logGroupName: `/aws/lambda/${c.FunctionName}`,
        logStreamName,
        sendLogs: this.options.logSink !== undefined,
        maxResponseBytes: MAX_RESPONSE_BYTES,
        bootstrapPath: this.bootstrapPath,
      },
      env: buildWorkerEnv({ configuration: c, taskRoot, runtimeDir, region: this.options.region, logStreamName }),
      memorySizeMb,
      timeoutMs: (c.Timeout || DEFAULT_TIMEOUT_SECONDS) * 1000,
      logSink: this.options.logSink,
      threadStarted: this.threadStarted,
    };
  }
}

/** Everything that, changed, needs fresh workers: code, handler, limits, environment. */
function poolKey(record: FunctionRecord, dir: string): string {
  const c = record.configuration;
  return JSON.stringify([c.RevisionId, c.CodeSha256, dir, c.Handler, c.Runtime, c.MemorySize, c.Timeout, c.Version, c.Environment?.Variables ?? {}]);
}

/** No qualifier, `$LATEST`, or the record's own version. */
function qualifierMatches(qualifier: string | undefined, record: FunctionRecord): boolean {
  return qualifier === undefined || qualifier === '$LATEST' || qualifier === (record.configuration.Version || '$LATEST');
}

function exceedsBytes(payload: LambdaPayload, limit: number): boolean {
  if (typeof payload !== 'string') return payload.maxTextBytes > limit && exceedsBytes(payload.text(), limit);
  // A UTF-16 code unit is at most 3 UTF-8 bytes: only count bytes when the length says it might matter.
  return payload.length * 3 > limit && Buffer.byteLength(payload) > limit;
}
