import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createNestFastifyApp, type Runtime } from '@app/platform';
import { WsGatewayModule } from './ws-gateway.module';

export function createWsGatewayApp(runtime: Runtime): Promise<NestFastifyApplication> {
  return createNestFastifyApp(WsGatewayModule.forRoot(runtime), { logLevel: runtime.config.logLevel });
}
