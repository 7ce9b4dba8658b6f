import { deadlineListFor } from './deadline-list';
import type { LambdaInvokeResult, LambdaInvoker } from './lambda-invoke.port';
import { INVOKE_TIMED_OUT, invokeWithin } from './lambda-invoke.within';

const OK: LambdaInvokeResult = { kind: 'success', statusCode: 200, payload: '"hi"', executedVersion: '$LATEST' };

/** An invoker whose answers the test releases by hand. */
function manualInvoker() {
  const pending: Array<{ resolve: (r: LambdaInvokeResult) => void; reject: (e: unknown) => void }> = [];
  const invoker: LambdaInvoker = {
    invoke: () => new Promise((resolve, reject) => pending.push({ resolve, reject })),
  };
  return { invoker, pending };
}

describe('invokeWithin', () => {
  it('answers with the function result when it comes first, and leaves nothing in the deadline list', async () => {
    const { invoker, pending } = manualInvoker();
    const answer = invokeWithin(invoker, { functionName: 'f', payload: '{}' }, 1_001);
    pending[0].resolve(OK);
    await expect(answer).resolves.toBe(OK);
    expect(deadlineListFor(1_001).head).toBeNull();
  });

  it('answers timeout when the function is slower, and ignores its late answer', async () => {
    const { invoker, pending } = manualInvoker();
    const started = performance.now();
    const answer = invokeWithin(invoker, { functionName: 'f', payload: '{}' }, 30);
    await expect(answer).resolves.toBe(INVOKE_TIMED_OUT);
    expect(performance.now() - started).toBeGreaterThanOrEqual(29);
    pending[0].resolve(OK); // too late: nothing happens, nothing throws
    expect(deadlineListFor(30).head).toBeNull();
  });

  it('times out each call at its own deadline, in order, with calls finishing in between', async () => {
    const { invoker, pending } = manualInvoker();
    const first = invokeWithin(invoker, { functionName: 'f', payload: '1' }, 40);
    await new Promise((r) => setTimeout(r, 15));
    const second = invokeWithin(invoker, { functionName: 'f', payload: '2' }, 40);
    const third = invokeWithin(invoker, { functionName: 'f', payload: '3' }, 40);
    pending[1].resolve(OK); // the middle one finishes: unlinked from the middle of the list
    const t0 = performance.now();
    await expect(first).resolves.toBe(INVOKE_TIMED_OUT);
    const firstAt = performance.now() - t0;
    await expect(second).resolves.toBe(OK);
    await expect(third).resolves.toBe(INVOKE_TIMED_OUT);
    // The third started ~15 ms after the first: the list re-armed for it rather than expiring it with the first.
    expect(performance.now() - t0).toBeGreaterThan(firstAt + 5);
    expect(deadlineListFor(40).head).toBeNull();
  });

  it('rejects when the invoker rejects or throws', async () => {
    const { invoker, pending } = manualInvoker();
    const answer = invokeWithin(invoker, { functionName: 'f', payload: '{}' }, 1_002);
    pending[0].reject(new Error('socket closed'));
    await expect(answer).rejects.toThrow('socket closed');
    const throwing: LambdaInvoker = {
      invoke: () => {
        throw new Error('not started');
      },
    };
    await expect(invokeWithin(throwing, { functionName: 'f', payload: '{}' }, 1_002)).rejects.toThrow('not started');
    expect(deadlineListFor(1_002).head).toBeNull();
  });

  it('does not keep the process alive while waiting', () => {
    const { invoker } = manualInvoker();
    void invokeWithin(invoker, { functionName: 'f', payload: '{}' }, 60_000);
    const timer = (deadlineListFor(60_000) as unknown as { timer: NodeJS.Timeout }).timer;
    expect(timer.hasRef()).toBe(false);
  });
});
