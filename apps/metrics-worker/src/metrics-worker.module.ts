import { DynamicModule, Module } from '@nestjs/common';
import { HealthModule } from '@app/health';
import { RuntimeModule, type Runtime } from '@app/platform';

/**
 * Consumes metric batches from gateway nodes (BullMQ) and writes per-minute rollups. This foundation provides the
 * process, its health and shutdown; the rollups are the monitoring issue's work.
 */
@Module({})
export class MetricsWorkerModule {
  static forRoot(runtime: Runtime): DynamicModule {
    return { module: MetricsWorkerModule, imports: [RuntimeModule.forRoot(runtime), HealthModule.forRoot(runtime.readiness)] };
  }
}
