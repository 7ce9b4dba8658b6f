export * from './local-control-plane';
export * from './zip';
export * from './local-gateway';
