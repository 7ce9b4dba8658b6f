import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Socket } from 'node:net';

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
  /** Told once when the policy cannot be set (no chrt, not Linux); workers then run as they are. */
  warn: (message: string) => void;
}

/**
 * Puts threads of this process under SCHED_BATCH, asynchronously, through one helper shell that runs `chrt` for each
 * thread id written to it. Not a `chrt` spawned by the gateway per worker: forking a process of hundreds of MB
 * copies its page tables while its event loop waits (3.6–6.3 ms measured at 271 MB RSS) and leaves its memory
 * copy-on-write; the helper is forked once, at the first worker, and its own forks are small.
 */
export class BatchScheduling {
  private helper: ChildProcess | null = null;
  private failed = false;

  constructor(private readonly options: BatchSchedulingOptions) {}

  /** Never throws; a thread that is not this process's (or has exited) is left alone. */
  apply(tid: number): void {
    if (this.failed || !Number.isInteger(tid) || tid <= 0 || !existsSync(`/proc/self/task/${tid}`)) return;
    const helper = (this.helper ??= this.start());
    helper.stdin!.write(`${tid}\n`);
  }

  /** Ends the helper (it exits once its input is closed). */
  close(): void {
    this.helper?.stdin!.end();
    this.helper = null;
  }

  private start(): ChildProcess {
    const command = this.options.command ?? 'chrt';
    // The command is the script's $0, never part of its text; what is written to it are integers.
    const script = 'while read -r tid; do "$0" --batch --pid 0 "$tid" >/dev/null; done';
    const helper = spawn('sh', ['-c', script, command], { stdio: ['pipe', 'ignore', 'pipe'] });
    // A helper that could not start or has died refuses writes (EPIPE); its 'error' or stderr has said why.
    helper.stdin!.on('error', () => undefined);
    let errors = '';
    helper.stderr!.setEncoding('utf8');
    helper.stderr!.on('data', (chunk: string) => {
      errors += chunk;
      const lines = errors.split('\n');
      errors = lines.pop()!;
      // A worker that exited before its turn came is nothing to report.
      const failure = lines.find((line) => line !== '' && !/No such process/i.test(line));
      if (failure !== undefined) this.fail(`\`${command} --batch\` failed: ${failure.trim()}`);
    });
    helper.on('error', (error) => this.fail(`could not start the helper shell: ${error.message}`));
    helper.on('exit', () => {
      if (this.helper === helper) this.helper = null;
    });
    // The helper never keeps the process alive.
    helper.unref();
    (helper.stdin as Socket).unref();
    (helper.stderr as Socket).unref();
    return helper;
  }

  private fail(reason: string): void {
    if (this.failed) return;
    this.failed = true;
    this.close();
    this.options.warn(`Function workers keep the default scheduling policy: ${reason}`);
  }
}
