import { runApp } from '@app/platform';
import { createWsGatewayApp } from './ws-gateway.bootstrap';

runApp({
  name: 'ws-gateway',
  runtime: { migrate: false, requireStore: false },
  port: (config) => config.ports.ws,
  create: createWsGatewayApp,
});
