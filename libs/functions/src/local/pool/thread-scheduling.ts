import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';

/**
 * `batch`: function worker threads run under Linux's SCHED_BATCH policy. `normal`: they keep the default policy.
 *
 * Why batch: the kernel lets a thread that has just been woken preempt the one running. On a core shared by the
 * gateway's event loop and a worker, each batch of invocations the loop posts woke the worker in the middle of the
 * loop's turn, so the loop handed over fewer requests per batch and both threads switched far more often. SCHED_BATCH
 * gives up only that wake-up preemption: the worker keeps the weight of nice 0, its fair share of the CPU, and an
 * idle core still runs it at once. Measured on the bench (one core for the gateway and its worker, 50 connections):
 * context switches per request fell from about 0.17 to 0.05 and CPU per request by 4–12 %.
 */
export type WorkerScheduling = 'batch' | 'normal';

export interface BatchSchedulingOptions {
  /** util-linux `chrt`: Node.js has no binding for sched_setscheduler. */
  command?: string;
  /** Told once per process when the policy cannot be set (no chrt, not Linux); the worker then runs as it is. */
  warn: (message: string) => void;
}

let warned = false;

/** Puts the thread with OS id `tid` (of this process) under SCHED_BATCH; asynchronous, never throws. */
export function useBatchScheduling(tid: number, options: BatchSchedulingOptions): void {
  // Only a thread of this process: chrt would change any process of this user it is given.
  if (!Number.isInteger(tid) || tid <= 0 || !existsSync(`/proc/self/task/${tid}`)) return;
  const command = options.command ?? 'chrt';
  execFile(command, ['--batch', '--pid', '0', String(tid)], { timeout: 10_000 }, (error, _stdout, stderr) => {
    if (!error) return;
    // The thread may have exited before chrt ran (a worker that failed at once): nothing to report then.
    if (/No such process/i.test(stderr)) return;
    if (warned) return;
    warned = true;
    options.warn(`Function workers keep the default scheduling policy: \`${command} --batch\` failed: ${(stderr || error.message).trim()}`);
  });
}

/** For specs: report the next failure again. */
export function resetSchedulingWarning(): void {
  warned = false;
}
