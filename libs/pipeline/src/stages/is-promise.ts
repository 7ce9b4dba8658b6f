/**
 * Whether a value that may be ready or still coming is still coming. Stages and the checks they call answer
 * synchronously when they can, so the hot path tests for a promise instead of awaiting everything.
 */
export function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof value === 'object' && value !== null && typeof (value as Promise<T>).then === 'function';
}
