import { Worker } from 'node:worker_threads';
import { resetSchedulingWarning, useBatchScheduling } from './thread-scheduling';
import { eventually, threadPolicy } from '../../testing/function-fixtures';

const SCHED_OTHER = 0;
const SCHED_BATCH = 3;

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

describe(useBatchScheduling.name, () => {
  afterEach(() => resetSchedulingWarning());

  it('puts a thread of this process under SCHED_BATCH', async () => {
    const thread = await startThread();
    try {
      expect(threadPolicy(thread.tid)).toBe(SCHED_OTHER);
      const warn = jest.fn();
      useBatchScheduling(thread.tid, { warn });
      await expect(eventually(() => threadPolicy(thread.tid), SCHED_BATCH)).resolves.toBe(SCHED_BATCH);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      await thread.stop();
    }
  });

  it('warns once per process when the policy cannot be set, and the thread keeps running as it was', async () => {
    const thread = await startThread();
    try {
      const warn = jest.fn();
      useBatchScheduling(thread.tid, { warn, command: 'no-such-chrt-command' });
      await eventually(() => warn.mock.calls.length, 1);
      useBatchScheduling(thread.tid, { warn, command: 'no-such-chrt-command' });
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(warn).toHaveBeenCalledTimes(1);
      expect(warn.mock.calls[0][0]).toMatch(/^Function workers keep the default scheduling policy: `no-such-chrt-command --batch` failed: .*ENOENT/);
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
    useBatchScheduling(tid, { warn, command: 'no-such-chrt-command' });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(warn).not.toHaveBeenCalled();
  });

  it('says nothing when the thread has already exited', async () => {
    const thread = await startThread();
    await thread.stop();
    const warn = jest.fn();
    useBatchScheduling(thread.tid, { warn });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(warn).not.toHaveBeenCalled();
  });
});
