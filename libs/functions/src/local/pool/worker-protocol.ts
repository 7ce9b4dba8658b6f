/**
 * Messages between the host and a function worker. Both sides batch: everything produced in one event-loop turn
 * travels as one postMessage (one structured clone and one wake-up of the other thread instead of N).
 */

/** Host → worker, in a `HostBatch` array. */
export interface InvokeMessage {
  /** The host's handle for this invocation within the worker (small integer, unique per worker). */
  slot: number;
  requestId: string;
  payload: string;
  /** Epoch ms after which the host gives up; what `getRemainingTimeInMillis()` counts down to. */
  deadline: number;
  /** Appended to the function ARN for `context.invokedFunctionArn`. */
  qualifier?: string;
  clientContext?: string;
  /** Send console lines back even when the host has no log sink (logType Tail). */
  tail: boolean;
}

export type HostBatch = InvokeMessage[];

/** Worker → host. `slot` -1 means "not inside any invocation" (init code, stray timers). */
export type WorkerMessage =
  | { kind: 'ready'; initDurationMs: number }
  | { kind: 'init-error'; payload: string; errorType: string; initDurationMs: number }
  | { kind: 'log'; slot: number; line: string }
  /** `durationMs`: the handler's own run time, measured in the worker (excludes start-up and queueing). */
  | { kind: 'result'; slot: number; payload: string; durationMs: number }
  | { kind: 'error'; slot: number; payload: string; errorType: string; durationMs: number }
  /** The event is not JSON: the Lambda API refuses it before the function runs. */
  | { kind: 'bad-request'; slot: number; message: string }
  /** An uncaught exception or unhandled rejection: the worker's state is suspect, retire it. */
  | { kind: 'poisoned' };

export interface WorkerBatch {
  /** High-water mark of the worker's V8 heap, in MB, for REPORT's "Max Memory Used". */
  memoryMb: number;
  messages: WorkerMessage[];
}

/** What a worker needs to know once, at start (`workerData`). */
export interface WorkerBootData {
  taskRoot: string;
  handler: string;
  functionName: string;
  functionVersion: string;
  functionArn: string;
  memorySize: number;
  logGroupName: string;
  logStreamName: string;
  /** Send every console line to the host (a log sink is configured). */
  sendLogs: boolean;
  maxResponseBytes: number;
  bootstrapPath: string;
}
