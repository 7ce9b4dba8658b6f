import { type Deadlined, httpResponseJson, type LambdaHttpResponse, type LambdaInvokeResult } from '@app/contracts';
import { serviceError } from '../../errors/lambda-service-errors';
import { endLine, logTail, reportLine, startLine } from '../logs/invocation-log';

/** How an invocation ended, as the worker (or the host, for timeouts and crashes) saw it. */
export type InvocationOutcome =
  | { kind: 'result'; payload: string }
  /** The return value as a payload 2.0 response, sent as a response record (contracts' response-record.ts). */
  | { kind: 'response'; response: LambdaHttpResponse }
  | { kind: 'error'; payload: string; errorType: string; status?: 'timeout' | 'error' }
  | { kind: 'bad-request'; message: string };

export interface InvocationSettings {
  executedVersion: string;
  memorySizeMb: number;
  logSink?: (line: string) => void;
}

/**
 * One call of a function, from dispatch to answer: frames its log with START/END/REPORT, keeps the lines when the
 * caller asked for a Tail, and turns the outcome into the Lambda API's result.
 */
export class Invocation implements Deadlined {
  /** `performance.now()` at dispatch. */
  readonly startedAt = performance.now();
  /** `performance.now()` after which the host answers with a timeout; set by the worker it runs on. */
  deadline = Infinity;
  prev: Deadlined | null = null;
  next: Deadlined | null = null;
  /** The worker's handle for it, and what the worker does when its deadline passes; set at dispatch. */
  slot = -1;
  onTimeout: ((invocation: Invocation) => void) | null = null;
  private readonly lines: string[] | undefined;

  constructor(
    readonly requestId: string,
    readonly tail: boolean,
    private readonly settings: InvocationSettings,
    private readonly resolve: (result: LambdaInvokeResult) => void,
  ) {
    this.lines = tail ? [] : undefined;
    this.log(startLine(requestId, settings.executedVersion));
  }

  timeOut(): void {
    this.onTimeout?.(this);
  }

  log(line: string): void {
    this.settings.logSink?.(line);
    this.lines?.push(line);
  }

  /** `durationMs`: as measured by the worker when it ran the handler; else the host's clock since dispatch. */
  finish(outcome: InvocationOutcome, maxMemoryUsedMb: number, initDurationMs?: number, durationMs?: number): void {
    const s = this.settings;
    this.log(endLine(this.requestId));
    this.log(
      reportLine({
        requestId: this.requestId,
        durationMs: durationMs ?? performance.now() - this.startedAt,
        memorySizeMb: s.memorySizeMb,
        maxMemoryUsedMb,
        initDurationMs,
        status: outcome.kind === 'error' ? outcome.status : undefined,
        errorType: outcome.kind === 'error' && outcome.status === 'error' ? outcome.errorType : undefined,
      }),
    );
    if (outcome.kind === 'bad-request') {
      this.resolve(serviceError(400, 'InvalidRequestContentException', outcome.message));
      return;
    }
    const version = s.executedVersion;
    const logResult = this.lines ? logTail(this.lines) : undefined;
    if (outcome.kind === 'response') {
      this.resolve(new HttpResponseSuccess(outcome.response, version, logResult));
      return;
    }
    // Literals, not spreads: this runs once per invocation.
    const { payload } = outcome;
    if (logResult !== undefined) {
      this.resolve(
        outcome.kind === 'result'
          ? { kind: 'success', statusCode: 200, payload, executedVersion: version, logResult }
          : { kind: 'function-error', functionError: 'Unhandled', statusCode: 200, payload, executedVersion: version, logResult },
      );
    } else {
      this.resolve(
        outcome.kind === 'result'
          ? { kind: 'success', statusCode: 200, payload, executedVersion: version }
          : { kind: 'function-error', functionError: 'Unhandled', statusCode: 200, payload, executedVersion: version },
      );
    }
  }
}

/** A success whose return value came as a response record: its JSON text is written only when `payload` is read. */
class HttpResponseSuccess {
  readonly kind = 'success';
  readonly statusCode = 200;

  constructor(
    readonly httpResponse: LambdaHttpResponse,
    readonly executedVersion: string,
    readonly logResult: string | undefined,
  ) {}

  get payload(): string {
    return httpResponseJson(this.httpResponse);
  }
}
