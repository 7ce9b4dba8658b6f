import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createRuntime, exitOnBootFailure, installGracefulShutdown, loadConfigOrExit } from '@app/platform';
import { createGatewayApp } from './gateway.bootstrap';

async function main() {
  const config = loadConfigOrExit();
  const runtime = await createRuntime(config, { migrate: false, requireStore: false });
  const gateway = await createGatewayApp(runtime);
  await gateway.start();
  await gateway.app.listen({ port: config.ports.gateway, host: config.bindHost });
  installGracefulShutdown(
    [
      { name: 'gateway', close: () => gateway.close() },
      { name: 'runtime', close: () => runtime.close() },
    ],
    config.shutdownGraceMs,
  );
  new Logger('Gateway').log(`serving ${gateway.sync.size} stage(s) on http://${config.bindHost}:${config.ports.gateway}`);
}

main().catch(exitOnBootFailure('gateway'));
