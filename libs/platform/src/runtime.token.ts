/** Injection token of the process's Runtime (store, bus, redis, config) in every app's modules. */
export const RUNTIME = Symbol('RUNTIME');
