import { runApp } from '@app/platform';
import { createMetricsWorkerApp } from './metrics-worker.bootstrap';

runApp({
  name: 'metrics-worker',
  runtime: { migrate: false, requireStore: false },
  port: (config) => config.ports.metricsWorker,
  create: createMetricsWorkerApp,
});
