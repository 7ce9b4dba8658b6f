/** The platform lines Lambda writes around each invocation, and the `LogResult` tail. */

/** Lambda returns at most the last 4 KB of the invocation's log in X-Amz-Log-Result. */
const TAIL_BYTES = 4 * 1024;

export function startLine(requestId: string, version: string): string {
  return `START RequestId: ${requestId} Version: ${version}`;
}

export function endLine(requestId: string): string {
  return `END RequestId: ${requestId}`;
}

export interface ReportFields {
  requestId: string;
  durationMs: number;
  memorySizeMb: number;
  maxMemoryUsedMb: number;
  /** Present on the first invocation a worker serves (a cold start). */
  initDurationMs?: number;
  /** `timeout`, or `error` with an error type, when the environment failed rather than the handler. */
  status?: 'timeout' | 'error';
  errorType?: string;
}

export function reportLine(f: ReportFields): string {
  let line =
    `REPORT RequestId: ${f.requestId}\tDuration: ${f.durationMs.toFixed(2)} ms\tBilled Duration: ${Math.max(1, Math.ceil(f.durationMs))} ms` +
    `\tMemory Size: ${f.memorySizeMb} MB\tMax Memory Used: ${Math.min(f.maxMemoryUsedMb, f.memorySizeMb)} MB`;
  if (f.initDurationMs !== undefined) line += `\tInit Duration: ${f.initDurationMs.toFixed(2)} ms`;
  if (f.status) line += `\tStatus: ${f.status}`;
  if (f.errorType) line += `\tError Type: ${f.errorType}`;
  return line;
}

/** `<ISO time>\t<requestId>\t<LEVEL>\t<message>`, the runtime's text format, for lines the host writes itself. */
export function runtimeLogLine(requestId: string, level: 'INFO' | 'ERROR', message: string): string {
  return `${new Date().toISOString()}\t${requestId}\t${level}\t${message}`;
}

/** Base64 of the last 4 KB of the log, as `LogResult` carries it. */
export function logTail(lines: readonly string[]): string {
  const bytes = Buffer.from(lines.join('\n') + '\n', 'utf8');
  return (bytes.length > TAIL_BYTES ? bytes.subarray(bytes.length - TAIL_BYTES) : bytes).toString('base64');
}
