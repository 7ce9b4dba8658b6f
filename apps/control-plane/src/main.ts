import { runApp } from '@app/platform';
import { createControlPlaneApp } from './control-plane.bootstrap';

runApp({
  name: 'control-plane',
  runtime: { migrate: true, requireStore: true },
  port: (config) => config.ports.controlPlane,
  create: createControlPlaneApp,
});
