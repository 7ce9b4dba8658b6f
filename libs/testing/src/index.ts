export * from './local-control-plane';
export * from './zip';
