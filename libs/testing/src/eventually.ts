/**
 * Polls `probe` until it returns a value `accept` takes (deployments reach gateway nodes through the bus, so a
 * change is live "soon", not at once). Resolves with the last value either way, so the caller's assertion shows
 * what was seen when time ran out.
 */
export async function eventually<T>(probe: () => Promise<T>, accept: (value: T) => boolean, timeoutMs = 5_000, intervalMs = 25): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await probe();
  while (!accept(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, intervalMs));
    value = await probe();
  }
  return value;
}

/**
 * Runs `check` (a function of `expect` calls) until it passes, for effects that arrive through the bus or a reconcile
 * loop. When time runs out it throws the last failure, so the test reports what was last seen.
 */
export async function untilPasses(check: () => Promise<void>, timeoutMs = 5_000, intervalMs = 50): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, intervalMs));
    }
  }
}
