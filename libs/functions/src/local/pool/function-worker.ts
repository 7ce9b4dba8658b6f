import { Worker } from 'node:worker_threads';
import type { Readable } from 'node:stream';
import { decodeWorkerBatch, encodeInvocation, type WorkerBatchHandler, type WorkerBootData } from './worker-protocol';
import type { Invocation } from './invocation';
import { runtimeLogLine } from '../logs/invocation-log';

/** Everything needed to start one worker of a function version. */
export interface WorkerSpec {
  bootstrapPath: string;
  boot: WorkerBootData;
  env: Record<string, string>;
  memorySizeMb: number;
  timeoutMs: number;
  logSink?: (line: string) => void;
}

export interface WorkerListener {
  /** The worker takes no more invocations (retiring or gone); the pool should stop choosing it. */
  unavailable(worker: FunctionWorker): void;
  /** The thread has exited. */
  exited(worker: FunctionWorker): void;
}

type State = 'starting' | 'ready' | 'retiring' | 'dead';

/**
 * The host's handle on one worker thread: an execution environment that serves many invocations over its life.
 * Invocations are sent in batches (one postMessage per event-loop turn). The host times every invocation itself, so
 * a worker stuck in a loop still answers with a timeout and is then terminated; since all invocations of a worker
 * have the same timeout, their deadlines come in dispatch order and one timer, armed for the oldest, serves them all.
 */
export class FunctionWorker {
  private state: State = 'starting';
  private readonly worker: Worker;
  /** In dispatch order, hence in deadline order. */
  private readonly pending = new Map<number, Invocation>();
  private nextSlot = 0;
  private outbox = '';
  private flushScheduled = false;
  /** Fires at the oldest pending invocation's deadline (or later, when that one already finished). */
  private timer: NodeJS.Timeout | undefined;
  private memoryMb = 0;
  private initDurationMs: number | undefined;
  private outOfMemory = false;
  private terminating = false;

  constructor(
    private readonly spec: WorkerSpec,
    private readonly listener: WorkerListener,
  ) {
    const capture = spec.logSink !== undefined;
    this.worker = new Worker(spec.bootstrapPath, {
      workerData: spec.boot,
      env: spec.env,
      resourceLimits: { maxOldGenerationSizeMb: spec.memorySizeMb },
      stdout: capture,
      stderr: capture,
    });
    if (spec.logSink) {
      forwardLines(this.worker.stdout, spec.logSink);
      forwardLines(this.worker.stderr, spec.logSink);
    }
    this.worker.on('message', (batch: string) => this.receive(batch));
    this.worker.on('error', (error: Error & { code?: string }) => {
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') this.outOfMemory = true;
      else spec.logSink?.(runtimeLogLine('undefined', 'ERROR', `Worker error: ${error.stack ?? error.message}`));
    });
    this.worker.on('exit', (code) => this.exited(code));
  }

  get inflight(): number {
    return this.pending.size;
  }

  get available(): boolean {
    return this.state === 'starting' || this.state === 'ready';
  }

  dispatch(invocation: Invocation, payload: string, qualifier: string | undefined, clientContext: string | undefined): void {
    const slot = this.nextSlot++;
    const timeoutMs = this.spec.timeoutMs;
    this.pending.set(slot, invocation);
    invocation.deadline = invocation.startedAt + timeoutMs;
    // Unref'd: the worker thread itself keeps the process alive while anything is pending on it.
    if (this.timer === undefined) this.timer = setTimeout(this.sweep, timeoutMs).unref();
    this.outbox += encodeInvocation(slot, Date.now() + timeoutMs, invocation.tail, invocation.requestId, payload, qualifier, clientContext);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(this.flush);
    }
  }

  /** Take no new work; terminate once the invocations in flight have finished or timed out. */
  retire(): void {
    if (this.state === 'dead') return;
    if (this.state !== 'retiring') {
      this.state = 'retiring';
      this.listener.unavailable(this);
    }
    if (this.pending.size === 0) void this.terminate();
  }

  terminate(): Promise<number> {
    this.terminating = true;
    return this.worker.terminate();
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    const batch = this.outbox;
    this.outbox = '';
    if (this.state !== 'dead') this.worker.postMessage(batch);
  };

  /** Times out every invocation past its deadline, then re-arms for the oldest one left. */
  private readonly sweep = (): void => {
    this.timer = undefined;
    const now = performance.now();
    for (const [slot, invocation] of this.pending) {
      if (invocation.deadline > now) {
        this.timer = setTimeout(this.sweep, Math.ceil(invocation.deadline - now)).unref();
        return;
      }
      this.timedOut(slot);
    }
  };

  private timedOut(slot: number): void {
    const invocation = this.take(slot);
    if (!invocation) return;
    const seconds = (this.spec.timeoutMs / 1000).toFixed(2);
    const message = `${new Date().toISOString()} ${invocation.requestId} Task timed out after ${seconds} seconds`;
    invocation.log(message);
    invocation.finish(
      { kind: 'error', payload: JSON.stringify({ errorMessage: message }), errorType: 'Sandbox.Timedout', status: 'timeout' },
      this.memoryMb,
      this.coldStart(),
    );
    // Lambda discards an environment after a timeout: the handler may still be running (or looping forever).
    this.retire();
  }

  private receive(batch: string): void {
    try {
      if (typeof batch !== 'string') throw new Error(`a ${typeof batch} instead of a batch`);
      decodeWorkerBatch(batch, this.inbox);
    } catch (error) {
      // Only code in the worker (a handler using parentPort itself) can send something unreadable: the environment
      // is no longer trustworthy. Its pending invocations end with Runtime.ExitError when the thread is gone.
      this.spec.logSink?.(runtimeLogLine('undefined', 'ERROR', `Unreadable message from the function's worker: ${(error as Error).message}`));
      this.retire();
      void this.terminate();
      return;
    }
    if (this.state === 'retiring' && this.pending.size === 0) void this.terminate();
  }

  private readonly inbox: WorkerBatchHandler = {
    memory: (maxMemoryMb) => {
      this.memoryMb = maxMemoryMb;
    },
    log: (slot, line) => {
      const invocation = slot >= 0 ? this.pending.get(slot) : undefined;
      if (invocation) invocation.log(line);
      else this.spec.logSink?.(line);
    },
    result: (slot, durationMs, payload) => {
      this.take(slot)?.finish({ kind: 'result', payload }, this.memoryMb, this.coldStart(), durationMs);
    },
    error: (slot, durationMs, errorType, payload) => {
      this.take(slot)?.finish({ kind: 'error', payload, errorType }, this.memoryMb, this.coldStart(), durationMs);
    },
    badRequest: (slot, message) => {
      this.take(slot)?.finish({ kind: 'bad-request', message }, this.memoryMb);
    },
    ready: (initDurationMs) => {
      this.initDurationMs = initDurationMs;
      if (this.state === 'starting') this.state = 'ready';
    },
    initError: (initDurationMs, errorType, payload) => {
      // Lambda resets an environment whose init failed; every invocation waiting on it gets the init error.
      this.initDurationMs = initDurationMs;
      for (const slot of Array.from(this.pending.keys())) {
        this.take(slot)?.finish({ kind: 'error', payload, errorType, status: 'error' }, this.memoryMb, this.coldStart());
      }
      this.retire();
    },
    poisoned: () => this.retire(),
  };

  private exited(code: number): void {
    const wasTerminated = this.terminating;
    if (this.state !== 'dead' && this.state !== 'retiring') this.listener.unavailable(this);
    this.state = 'dead';
    clearTimeout(this.timer);
    this.timer = undefined;
    for (const slot of Array.from(this.pending.keys())) {
      const invocation = this.take(slot)!;
      const errorType = this.outOfMemory ? 'Runtime.OutOfMemory' : 'Runtime.ExitError';
      const reason = this.outOfMemory
        ? 'Runtime exited with error: signal: killed'
        : wasTerminated
          ? 'Runtime exited with error: signal: terminated'
          : code === 0
            ? 'Runtime exited without providing a reason'
            : `Runtime exited with error: exit status ${code}`;
      const errorMessage = `RequestId: ${invocation.requestId} Error: ${reason}`;
      invocation.log(`${errorMessage}\n${errorType}`);
      invocation.finish(
        { kind: 'error', payload: JSON.stringify({ errorType, errorMessage }), errorType, status: 'error' },
        this.outOfMemory ? this.spec.memorySizeMb : this.memoryMb,
        this.coldStart(),
      );
    }
    this.listener.exited(this);
  }

  private take(slot: number): Invocation | undefined {
    const invocation = this.pending.get(slot);
    if (!invocation) return undefined;
    this.pending.delete(slot);
    return invocation;
  }

  /** Init Duration goes on the REPORT of the first invocation this environment answers, as on a cold start. */
  private coldStart(): number | undefined {
    const init = this.initDurationMs;
    this.initDurationMs = undefined;
    return init;
  }
}

function forwardLines(stream: Readable, sink: (line: string) => void): void {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const parts = (rest + chunk).split('\n');
    rest = parts.pop()!;
    for (const part of parts) sink(part);
  });
  stream.on('end', () => {
    if (rest) sink(rest);
  });
}
