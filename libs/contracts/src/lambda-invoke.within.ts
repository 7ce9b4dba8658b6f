import { type Deadlined, type DeadlineList, deadlineListFor } from './deadline-list';
import type { LambdaInvokeRequest, LambdaInvokeResult, LambdaInvoker } from './lambda-invoke.port';

/** What `invokeWithin` answers when the function has not answered in time. */
export const INVOKE_TIMED_OUT = 'timeout' as const;

/**
 * One invocation as its caller waits for it: settles with the function's result or, first, with INVOKE_TIMED_OUT.
 * The invocation itself runs on after a timeout, as on AWS, where the caller stops waiting but the function does not.
 */
class TimedInvocation implements Deadlined {
  deadline = 0;
  prev: Deadlined | null = null;
  next: Deadlined | null = null;
  private settled = false;

  constructor(
    private readonly list: DeadlineList,
    private readonly resolve: (result: LambdaInvokeResult | typeof INVOKE_TIMED_OUT) => void,
    private readonly reject: (error: unknown) => void,
  ) {}

  timeOut(): void {
    if (this.settled) return;
    this.settled = true;
    this.resolve(INVOKE_TIMED_OUT);
  }

  answer(result: LambdaInvokeResult): void {
    if (this.settled) return;
    this.settled = true;
    this.list.remove(this);
    this.resolve(result);
  }

  fail(error: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.list.remove(this);
    this.reject(error);
  }
}

/**
 * Invokes a function and waits at most `timeoutMs` for its answer: the integration timeout of the gateway's
 * Lambda integrations and the authorizer timeout. Timeouts share one timer per timeout value (DeadlineList), not one
 * per call. An invoker that throws rejects the returned promise.
 */
export function invokeWithin(
  invoker: LambdaInvoker,
  request: LambdaInvokeRequest,
  timeoutMs: number,
): Promise<LambdaInvokeResult | typeof INVOKE_TIMED_OUT> {
  return new Promise((resolve, reject) => {
    const list = deadlineListFor(timeoutMs);
    const call = new TimedInvocation(list, resolve, reject);
    list.add(call, performance.now());
    try {
      invoker.invoke(request).then(
        (result) => call.answer(result),
        (error: unknown) => call.fail(error),
      );
    } catch (error) {
      call.fail(error);
    }
  });
}
