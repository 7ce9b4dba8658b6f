import { DynamicModule, Module } from '@nestjs/common';
import { HealthModule } from '@app/health';
import { RuntimeModule, type Runtime } from '@app/platform';

/**
 * WebSocket connection service: raw WebSocket and socket.io clients of WebSocket APIs, and the `@connections`
 * API. This foundation provides the process, its health and shutdown; serving WebSocket APIs is its own issue.
 */
@Module({})
export class WsGatewayModule {
  static forRoot(runtime: Runtime): DynamicModule {
    return { module: WsGatewayModule, imports: [RuntimeModule.forRoot(runtime), HealthModule.forRoot(runtime.readiness)] };
  }
}
