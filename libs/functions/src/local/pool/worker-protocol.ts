import type { LambdaPayload } from '@app/contracts';
// From the module itself: the package index's re-export getter is a megamorphic lookup on every batch.
import { RecordReader } from '@app/contracts/record-reader';

/**
 * Messages between the host and a function worker. Both sides batch: everything produced in one event-loop turn
 * travels as one postMessage of ONE string. A string is copied in one piece by the structured clone, where an array of
 * objects costs a tag, a key and a value per field and an object per message on the other side (measured: about
 * 1 µs per invocation per direction less CPU, which on a core shared by host and worker is throughput).
 *
 * A batch is a sequence of records. Every number is written in decimal and ends with `,`; a string is written as its
 * UTF-16 length (a number) in the record's header and its text after the header, so any text travels unescaped.
 *
 * Host → worker, one record per invocation (no kind letter):
 *   slot, deadline, tail (0|1), len(requestId), len(qualifier) | -1, len(clientContext) | -1, payloadKind,
 *   len(payload), then requestId, qualifier, clientContext, payload.
 *   `payloadKind` 0: the payload is the event as JSON text; 1: it is an HTTP API 2.0 event record (contracts'
 *   event-record.ts), which the worker builds the event object from.
 *   `slot`: the host's handle for the invocation in this worker. `deadline`: epoch ms after which the host gives up
 *   (what `getRemainingTimeInMillis()` counts down to), less the worker's `epochBase` (boot data): a small integer
 *   that turns into text fast, where an epoch in ms is a heap number V8 formats the slow way. `tail`: send console lines back even when the host has no
 *   log sink (logType Tail). `qualifier` is appended to the ARN for `context.invokedFunctionArn`.
 *
 * Worker → host: `M` maxMemoryMb first (high-water mark of the worker's V8 heap, for REPORT's "Max Memory Used"),
 * then records with a kind letter; only the `T` message comes without `M`. `slot` -1 means "not inside any
 * invocation" (init code, stray timers).
 *   `T` tid                                              the thread's OS id (Linux only), alone, once at start
 *   `Y` initDurationUs                                   ready: the handler loaded
 *   `I` initDurationUs, len(errorType), len(payload)     init failed: every waiting invocation gets this error
 *   `L` slot, len(line)                                  a console line
 *   `R` slot, durationUs, payloadKind, len(payload)      the handler's result: payloadKind 0, as JSON text; 1, as a
 *                                                        response record (contracts' response-record.ts), written only
 *                                                        for an invocation whose event came as a record
 *   `E` slot, durationUs, len(errorType), len(payload)   the handler failed; payload is the error as JSON text
 *   `B` slot, len(message)                               the event is not JSON, or its record unreadable: refused
 *   `P`                                                  uncaught exception / unhandled rejection: retire the worker
 * Durations are whole microseconds (integers, like every number in a batch; a fraction would cost a float-to-text
 * conversion per record); the decoder hands them on in milliseconds. `durationUs`: the handler's own run time,
 * measured in the worker (excludes start-up and queueing).
 */

/** What the host does with each record of a worker batch, called in the batch's order. */
export interface WorkerBatchHandler {
  memory(maxMemoryMb: number): void;
  thread(tid: number): void;
  ready(initDurationMs: number): void;
  initError(initDurationMs: number, errorType: string, payload: string): void;
  log(slot: number, line: string): void;
  /** `isRecord`: the payload is a response record, not JSON text. */
  result(slot: number, durationMs: number, payload: string, isRecord: boolean): void;
  error(slot: number, durationMs: number, errorType: string, payload: string): void;
  badRequest(slot: number, message: string): void;
  poisoned(): void;
}

/** One invocation as a host → worker record. */
export function encodeInvocation(
  slot: number,
  deadline: number,
  tail: boolean,
  requestId: string,
  payload: LambdaPayload,
  qualifier: string | undefined,
  clientContext: string | undefined,
): string {
  const q = qualifier === undefined ? -1 : qualifier.length;
  const c = clientContext === undefined ? -1 : clientContext.length;
  const isText = typeof payload === 'string';
  const kind = isText ? 0 : 1;
  const text = isText ? payload : payload.record;
  return `${slot},${deadline},${tail ? 1 : 0},${requestId.length},${q},${c},${kind},${text.length},${requestId}${qualifier ?? ''}${clientContext ?? ''}${text}`;
}

/** A malformed batch is a bug in this library, never user input: fail loudly. */
export class WorkerProtocolError extends Error {}

/** Reads a worker batch, calling `to` once per record. */
export function decodeWorkerBatch(text: string, to: WorkerBatchHandler): void {
  const read = new RecordReader(text, (message) => new WorkerProtocolError(message));
  while (!read.atEnd) {
    const kind = read.code();
    switch (kind) {
      case 0x4d /* M */:
        to.memory(read.number());
        break;
      case 0x52 /* R */: {
        const slot = read.number();
        const durationMs = read.number() / 1000;
        const isRecord = read.number() === 1;
        to.result(slot, durationMs, read.string(read.number()), isRecord);
        break;
      }
      case 0x4c /* L */: {
        const slot = read.number();
        to.log(slot, read.string(read.number()));
        break;
      }
      case 0x45 /* E */: {
        const slot = read.number();
        const durationMs = read.number() / 1000;
        const typeLength = read.number();
        const payloadLength = read.number();
        const errorType = read.string(typeLength);
        to.error(slot, durationMs, errorType, read.string(payloadLength));
        break;
      }
      case 0x42 /* B */: {
        const slot = read.number();
        to.badRequest(slot, read.string(read.number()));
        break;
      }
      case 0x54 /* T */:
        to.thread(read.number());
        break;
      case 0x59 /* Y */:
        to.ready(read.number() / 1000);
        break;
      case 0x49 /* I */: {
        const initDurationMs = read.number() / 1000;
        const typeLength = read.number();
        const payloadLength = read.number();
        const errorType = read.string(typeLength);
        to.initError(initDurationMs, errorType, read.string(payloadLength));
        break;
      }
      case 0x50 /* P */:
        to.poisoned();
        break;
      default:
        throw new WorkerProtocolError(`unknown record kind ${JSON.stringify(text[read.at - 1])} at ${read.at - 1}`);
    }
  }
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
  /** Epoch ms that invocation deadlines are counted from (set by the host's FunctionWorker). */
  epochBase: number;
  bootstrapPath: string;
}
