import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import type { AppConfig } from '@app/config';
import { exitOnBootFailure, loadConfigOrExit } from './boot';
import { installGracefulShutdown } from './graceful-shutdown';
import { createRuntime, type Runtime, type RuntimeOptions } from './runtime';

export interface ServedApp {
  /** Work before listening (the gateway loads its stages here, so it serves them from the first request). */
  start?(): Promise<void>;
  listen(options: { port: number; host: string }): Promise<unknown>;
  close(): Promise<unknown>;
}

export interface AppSpec {
  name: string;
  runtime: RuntimeOptions;
  port: (config: AppConfig) => number;
  create: (runtime: Runtime) => Promise<ServedApp>;
}

/**
 * The main() of every cluster app: validated config (a bad value exits naming the variable), runtime, listen,
 * graceful shutdown on SIGTERM/SIGINT.
 */
export function runApp(spec: AppSpec): void {
  const boot = async () => {
    const config = loadConfigOrExit();
    const runtime = await createRuntime(config, spec.runtime);
    const app = await spec.create(runtime);
    await app.start?.();
    const port = spec.port(config);
    await app.listen({ port, host: config.bindHost });
    installGracefulShutdown(
      [
        { name: spec.name, close: () => app.close() },
        { name: 'runtime', close: () => runtime.close() },
      ],
      config.shutdownGraceMs,
    );
    new Logger(spec.name).log(`listening on http://${config.bindHost}:${port}`);
  };
  boot().catch(exitOnBootFailure(spec.name));
}
