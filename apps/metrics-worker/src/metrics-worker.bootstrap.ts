import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createNestFastifyApp, type Runtime } from '@app/platform';
import { MetricsWorkerModule } from './metrics-worker.module';

export function createMetricsWorkerApp(runtime: Runtime): Promise<NestFastifyApplication> {
  return createNestFastifyApp(MetricsWorkerModule.forRoot(runtime), { logLevel: runtime.config.logLevel });
}
