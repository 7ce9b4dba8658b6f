import { runApp } from '@app/platform';
import { createGatewayApp } from './gateway.bootstrap';

runApp({
  name: 'gateway',
  runtime: { migrate: false, requireStore: false },
  port: (config) => config.ports.gateway,
  create: createGatewayApp,
});
