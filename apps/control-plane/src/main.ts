import 'reflect-metadata';
import { createRuntime, exitOnBootFailure, installGracefulShutdown, loadConfigOrExit } from '@app/platform';
import { Logger } from '@nestjs/common';
import { createControlPlaneApp } from './control-plane.bootstrap';

async function main() {
  const config = loadConfigOrExit();
  const runtime = await createRuntime(config, { migrate: true, requireStore: true });
  const app = await createControlPlaneApp(runtime);
  await app.listen({ port: config.ports.controlPlane, host: config.bindHost });
  installGracefulShutdown(
    [
      { name: 'control plane', close: () => app.close() },
      { name: 'runtime', close: () => runtime.close() },
    ],
    config.shutdownGraceMs,
  );
  new Logger('ControlPlane').log(`management API listening on http://${config.bindHost}:${config.ports.controlPlane}`);
}

main().catch(exitOnBootFailure('control-plane'));
