import type { FunctionRecord, LambdaPayload } from '@app/contracts';
import { FunctionWorker, type WorkerListener, type WorkerSpec } from './function-worker';
import type { Invocation, InvocationSettings } from './invocation';
import { CodeWatcher } from '../code/code-watcher';

export interface PoolOptions {
  /** Identity of the code and configuration this pool runs; a different key means a new pool. */
  key: string;
  record: FunctionRecord;
  /** What every invocation of this version shares (its version, memory size and log sink). */
  invocationSettings: InvocationSettings;
  /** Most workers to run at once. */
  size: number;
  /** Builds a worker's spec; called per worker so each gets its own log stream. */
  workerSpec: () => WorkerSpec;
  /** Watch this directory and go stale on any change (directory code, hot reload). */
  watchDir?: string;
  /** Every worker this pool starts, for the runtime's close(). */
  registry: Set<FunctionWorker>;
}

/**
 * The warm workers of one function version. Each invocation goes to the least busy worker; a new worker starts only
 * when every running one is busy and the pool is below its size, so a function called one at a time keeps one
 * environment warm, as Lambda would.
 */
export class FunctionPool implements WorkerListener {
  readonly key: string;
  readonly invocationSettings: InvocationSettings;
  /** The record last resolved for this pool: same reference means nothing to compare. */
  record: FunctionRecord;
  /** Its code changed on disk: the next invocation starts a fresh pool. */
  stale = false;
  private readonly active: FunctionWorker[] = [];
  private readonly watcher: CodeWatcher | undefined;

  constructor(private readonly options: PoolOptions) {
    this.key = options.key;
    this.invocationSettings = options.invocationSettings;
    this.record = options.record;
    this.watcher = options.watchDir ? new CodeWatcher(options.watchDir, () => (this.stale = true)) : undefined;
  }

  dispatch(invocation: Invocation, payload: LambdaPayload, qualifier: string | undefined, clientContext: string | undefined): void {
    let best: FunctionWorker | undefined;
    for (const worker of this.active) {
      if (!best || worker.inflight < best.inflight) best = worker;
    }
    if (!best || (best.inflight > 0 && this.active.length < this.options.size)) best = this.spawn();
    best.dispatch(invocation, payload, qualifier, clientContext);
  }

  /** Stop taking work; workers finish what they have, then exit. */
  retire(): void {
    this.watcher?.close();
    for (const worker of this.active.slice()) worker.retire();
  }

  unavailable(worker: FunctionWorker): void {
    const index = this.active.indexOf(worker);
    if (index >= 0) this.active.splice(index, 1);
  }

  exited(worker: FunctionWorker): void {
    this.unavailable(worker);
    this.options.registry.delete(worker);
  }

  private spawn(): FunctionWorker {
    const worker = new FunctionWorker(this.options.workerSpec(), this);
    this.active.push(worker);
    this.options.registry.add(worker);
    return worker;
  }
}
