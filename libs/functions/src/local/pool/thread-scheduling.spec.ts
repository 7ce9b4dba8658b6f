import { Worker } from 'node:worker_threads';
import { BatchScheduling } from './thread-scheduling';
import { eventually } from '@app/testing/eventually';
import { SCHED_BATCH, SCHED_OTHER, threadPolicy } from '../../testing/function-fixtures';

/** A real worker thread that reports its OS thread id and stays alive until terminated. */
async function startThread(): Promise<{ tid: number; stop(): Promise<number> }> {
  const worker = new Worker(
    `const { parentPort } = require('node:worker_threads');
     const link = require('node:fs').readlinkSync('/proc/thread-self');
     parentPort.postMessage(Number(link.slice(link.lastIndexOf('/') + 1)));
     setInterval(() => {}, 1000);`,
    { eval: true },
  );
  const tid = await new Promise<number>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  return { tid, stop: () => worker.terminate() };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe(BatchScheduling.name, () => {
  let sut: BatchScheduling | undefined;
  afterEach(() => sut?.close());

  it('puts threads of this process under SCHED_BATCH, one helper serving them all', async () => {
    const [first, second] = await Promise.all([startThread(), startThread()]);
    try {
      expect([threadPolicy(first.tid), threadPolicy(second.tid)]).toEqual([SCHED_OTHER, SCHED_OTHER]);
      const warn = jest.fn();
      sut = new BatchScheduling({ warn });
      sut.apply(first.tid);
      sut.apply(second.tid);
      await expect(eventually(async () => threadPolicy(first.tid), (policy) => policy === SCHED_BATCH)).resolves.toBe(SCHED_BATCH);
      await expect(eventually(async () => threadPolicy(second.tid), (policy) => policy === SCHED_BATCH)).resolves.toBe(SCHED_BATCH);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      await Promise.all([first.stop(), second.stop()]);
    }
  });

  it('warns once when the policy cannot be set, and the threads keep running as they were', async () => {
    const thread = await startThread();
    try {
      const warn = jest.fn();
      sut = new BatchScheduling({ warn, command: 'no-such-chrt-command' });
      sut.apply(thread.tid);
      await eventually(async () => warn.mock.calls.length, (calls) => calls === 1);
      sut.apply(thread.tid);
      await pause(200);
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0][0]).toMatch(/^Function workers keep the default scheduling policy: `no-such-chrt-command --batch` failed: .*not found/);
      expect(threadPolicy(thread.tid)).toBe(SCHED_OTHER);
    } finally {
      await thread.stop();
    }
  });

  it.each([
    ['a process that is not this one', 1],
    ['a thread id that is no integer', 1.5],
    ['zero', 0],
  ])('leaves %s alone', async (_, tid) => {
    const warn = jest.fn();
    // A command that would fail loudly if it ran.
    sut = new BatchScheduling({ warn, command: 'no-such-chrt-command' });
    sut.apply(tid);
    await pause(200);
    expect(warn).not.toHaveBeenCalled();
  });

  it('says nothing of a thread that exits before its turn, and serves the next one', async () => {
    const [gone, next] = await Promise.all([startThread(), startThread()]);
    const warn = jest.fn();
    sut = new BatchScheduling({ warn });
    sut.apply(gone.tid);
    await gone.stop();
    sut.apply(next.tid);
    try {
      await expect(eventually(async () => threadPolicy(next.tid), (policy) => policy === SCHED_BATCH)).resolves.toBe(SCHED_BATCH);
      await pause(100);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      await next.stop();
    }
  });
});
