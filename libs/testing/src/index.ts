export * from './local-control-plane';
export * from './zip';
export * from './local-gateway';
export * from './tcp-proxy';
export * from './raw-request';
export * from './recording-upstream';
export * from './eventually';
export * from './functions';
