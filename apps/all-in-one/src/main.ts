import 'reflect-metadata';
import { createRuntime, exitOnBootFailure, installGracefulShutdown, loadConfigOrExit } from '@app/platform';
import { createControlPlaneApp } from '@apps/control-plane';
import { createGatewayApp } from '@apps/gateway';
import { createWsGatewayApp } from '@apps/ws-gateway';
import { createMetricsWorkerApp } from '@apps/metrics-worker';
import { printWelcome } from './welcome';

/**
 * `npm start`: the control plane, a gateway node, the WebSocket node and the metrics worker in ONE process, on the
 * embedded store and in-memory bus. They share one Runtime, as cluster processes share Postgres and Redis.
 */
async function main() {
  const started = Date.now();
  const config = loadConfigOrExit({ GATEWAY_MODE: process.env.GATEWAY_MODE || 'local' });
  const runtime = await createRuntime(config, { migrate: true, requireStore: true });

  const controlPlane = await createControlPlaneApp(runtime);
  const gateway = await createGatewayApp(runtime);
  const wsGateway = await createWsGatewayApp(runtime);
  const metricsWorker = await createMetricsWorkerApp(runtime);

  await controlPlane.listen({ port: config.ports.controlPlane, host: config.bindHost });
  await gateway.start();
  await gateway.listen({ port: config.ports.gateway, host: config.bindHost });
  await wsGateway.listen({ port: config.ports.ws, host: config.bindHost });
  await metricsWorker.init();

  installGracefulShutdown(
    [
      { name: 'gateway', close: () => gateway.close() },
      { name: 'ws-gateway', close: () => wsGateway.close() },
      { name: 'control plane', close: () => controlPlane.close() },
      { name: 'metrics worker', close: () => metricsWorker.close() },
      { name: 'runtime', close: () => runtime.close() },
    ],
    config.shutdownGraceMs,
  );
  await printWelcome(runtime, Date.now() - started);
}

main().catch(exitOnBootFailure('all-in-one'));
