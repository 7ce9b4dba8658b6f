export * from './local-control-plane';
export * from './zip';
export * from './local-gateway';
export * from './tcp-proxy';
