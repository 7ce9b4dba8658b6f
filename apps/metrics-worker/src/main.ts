import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createRuntime, exitOnBootFailure, installGracefulShutdown, loadConfigOrExit } from '@app/platform';
import { createMetricsWorkerApp } from './metrics-worker.bootstrap';

async function main() {
  const config = loadConfigOrExit();
  const runtime = await createRuntime(config, { migrate: false, requireStore: false });
  const app = await createMetricsWorkerApp(runtime);
  await app.listen({ port: config.ports.metricsWorker, host: config.bindHost });
  installGracefulShutdown(
    [
      { name: 'metrics-worker', close: () => app.close() },
      { name: 'runtime', close: () => runtime.close() },
    ],
    config.shutdownGraceMs,
  );
  new Logger('MetricsWorker').log(`health on http://${config.bindHost}:${config.ports.metricsWorker}/health/ready`);
}

main().catch(exitOnBootFailure('metrics-worker'));
