import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createRuntime, exitOnBootFailure, installGracefulShutdown, loadConfigOrExit } from '@app/platform';
import { createWsGatewayApp } from './ws-gateway.bootstrap';

async function main() {
  const config = loadConfigOrExit();
  const runtime = await createRuntime(config, { migrate: false, requireStore: false });
  const app = await createWsGatewayApp(runtime);
  await app.listen({ port: config.ports.ws, host: config.bindHost });
  installGracefulShutdown(
    [
      { name: 'ws-gateway', close: () => app.close() },
      { name: 'runtime', close: () => runtime.close() },
    ],
    config.shutdownGraceMs,
  );
  new Logger('WsGateway').log(`listening on http://${config.bindHost}:${config.ports.ws}`);
}

main().catch(exitOnBootFailure('ws-gateway'));
