import { Logger } from '@nestjs/common';

export interface Closeable {
  name: string;
  close(): Promise<unknown>;
}

/**
 * SIGTERM/SIGINT: stop accepting, let in-flight requests finish (up to graceMs), then close dependencies and exit.
 * `closeables` close in order; the first should be the HTTP servers, the last the store and bus.
 */
export function installGracefulShutdown(closeables: Closeable[], graceMs: number): void {
  const logger = new Logger('Shutdown');
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received: draining in-flight requests (up to ${graceMs} ms)`);
    const deadline = setTimeout(() => {
      logger.warn('grace period over: exiting with requests still in flight');
      process.exit(1);
    }, graceMs);
    deadline.unref();
    for (const closeable of closeables) {
      try {
        await closeable.close();
      } catch (error) {
        logger.warn(`closing ${closeable.name} failed: ${(error as Error).message}`);
      }
    }
    logger.log('stopped cleanly');
    process.exit(0);
  };
  process.once('SIGTERM', () => void stop('SIGTERM'));
  process.once('SIGINT', () => void stop('SIGINT'));
}
