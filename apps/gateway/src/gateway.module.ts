import { DynamicModule, Module } from '@nestjs/common';
import { HealthModule } from '@app/health';
import { RuntimeModule, type Runtime } from '@app/platform';

/**
 * Nest owns the gateway's lifecycle and health endpoints; API traffic never reaches Nest (see gateway.bootstrap.ts).
 */
@Module({})
export class GatewayModule {
  static forRoot(runtime: Runtime): DynamicModule {
    return { module: GatewayModule, imports: [RuntimeModule.forRoot(runtime), HealthModule.forRoot(runtime.readiness)] };
  }
}
