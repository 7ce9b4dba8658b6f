import { Worker } from 'node:worker_threads';
import { DeadlineList, type LambdaPayload, readHttpApiV2ResponseRecord } from '@app/contracts';
import type { Readable } from 'node:stream';
import { decodeWorkerBatch, encodeInvocation, type WorkerBatchHandler, type WorkerBootData } from './worker-protocol';
import type { Invocation, InvocationOutcome } from './invocation';
import { runtimeLogLine } from '../logs/invocation-log';

/** Everything needed to start one worker of a function version. */
export interface WorkerSpec {
  bootstrapPath: string;
  /** What the worker gets as `workerData`, but for `epochBase`, which the FunctionWorker adds. */
  boot: Omit<WorkerBootData, 'epochBase'>;
  env: Record<string, string>;
  memorySizeMb: number;
  timeoutMs: number;
  logSink?: (line: string) => void;
  /** Called with the thread's OS id once it has started (Linux only), to set its scheduling policy. */
  threadStarted?: (tid: number) => void;
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
 * have the same timeout, their deadlines come in dispatch order and one DeadlineList (one timer) serves them all.
 *
 * Pending invocations sit in an array indexed by slot, and a slot is reused once the worker has answered it. Not a
 * Map keyed by an ever-growing counter: a Map whose entries come and go is rehashed into a new table every few dozen
 * calls, and V8 links each old table to its successor. Once one table has been promoted to the old generation, that
 * chain (and every invocation the tables still point to) survived each scavenge until the next full collection:
 * megabytes promoted per scavenge under load, and mark-compacts every half second.
 */
export class FunctionWorker {
  private state: State = 'starting';
  private readonly worker: Worker;
  /** Pending invocations by slot; `undefined` marks a free slot. */
  private readonly slots: (Invocation | undefined)[] = [];
  /** Slots the worker has answered, to hand out again. */
  private readonly freeSlots: number[] = [];
  private pendingCount = 0;
  private outbox = '';
  private flushScheduled = false;
  /** The pending invocations in dispatch order, hence in deadline order. */
  private readonly deadlines: DeadlineList;
  /** Deadlines travel as epoch ms less this, so they stay small integers (see worker-protocol.ts). */
  private readonly epochBase = Date.now();
  private memoryMb = 0;
  private initDurationMs: number | undefined;
  private outOfMemory = false;
  private terminating = false;

  constructor(
    private readonly spec: WorkerSpec,
    private readonly listener: WorkerListener,
  ) {
    this.deadlines = new DeadlineList(spec.timeoutMs);
    const capture = spec.logSink !== undefined;
    this.worker = new Worker(spec.bootstrapPath, {
      workerData: { ...spec.boot, epochBase: this.epochBase } satisfies WorkerBootData,
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
    return this.pendingCount;
  }

  get available(): boolean {
    return this.state === 'starting' || this.state === 'ready';
  }

  dispatch(invocation: Invocation, payload: LambdaPayload, qualifier: string | undefined, clientContext: string | undefined): void {
    const slot = this.freeSlots.length > 0 ? this.freeSlots.pop()! : this.slots.length;
    this.slots[slot] = invocation;
    this.pendingCount++;
    invocation.slot = slot;
    invocation.onTimeout = this.timedOut;
    // Its timer is unref'd: the worker thread itself keeps the process alive while anything is pending on it.
    this.deadlines.add(invocation, invocation.startedAt);
    this.outbox += encodeInvocation(slot, Date.now() + this.spec.timeoutMs - this.epochBase, invocation.tail, invocation.requestId, payload, qualifier, clientContext);
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
    if (this.pendingCount === 0) void this.terminate();
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

  /** Called by the DeadlineList, which has already unlinked it. */
  private readonly timedOut = (invocation: Invocation): void => {
    // The slot is not handed out again: the handler may still answer it, and this worker takes no more work anyway.
    this.slots[invocation.slot] = undefined;
    this.pendingCount--;
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
  };

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
    if (this.state === 'retiring' && this.pendingCount === 0) void this.terminate();
  }

  private readonly inbox: WorkerBatchHandler = {
    memory: (maxMemoryMb) => {
      this.memoryMb = maxMemoryMb;
    },
    thread: (tid) => this.spec.threadStarted?.(tid),
    log: (slot, line) => {
      const invocation = slot >= 0 ? this.slots[slot] : undefined;
      if (invocation) invocation.log(line);
      else this.spec.logSink?.(line);
    },
    result: (slot, durationMs, payload, isRecord) => {
      // Read before the slot is taken: an unreadable record leaves the invocation pending, to end with the worker.
      const outcome: InvocationOutcome = isRecord ? { kind: 'response', response: readHttpApiV2ResponseRecord(payload) } : { kind: 'result', payload };
      this.take(slot)?.finish(outcome, this.memoryMb, this.coldStart(), durationMs);
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
      for (const invocation of this.takeAll()) {
        invocation.finish({ kind: 'error', payload, errorType, status: 'error' }, this.memoryMb, this.coldStart());
      }
      this.retire();
    },
    poisoned: () => this.retire(),
  };

  private exited(code: number): void {
    const wasTerminated = this.terminating;
    if (this.state !== 'dead' && this.state !== 'retiring') this.listener.unavailable(this);
    this.state = 'dead';
    for (const invocation of this.takeAll()) {
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

  /** The pending invocation the worker answered in `slot`, if any (a timed-out one is no longer pending). */
  private take(slot: number): Invocation | undefined {
    const invocation = this.slots[slot];
    if (invocation === undefined) return undefined;
    this.slots[slot] = undefined;
    this.pendingCount--;
    this.freeSlots.push(slot);
    this.deadlines.remove(invocation);
    return invocation;
  }

  /** Every pending invocation, in dispatch order, no longer pending. */
  private takeAll(): Invocation[] {
    const all: Invocation[] = [];
    for (let entry = this.deadlines.head; entry !== null; entry = entry.next) all.push(entry as Invocation);
    for (const invocation of all) this.take(invocation.slot);
    return all;
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
