export * from './runtime';
export * from './graceful-shutdown';
export * from './boot';
export * from './runtime.token';
export * from './endpoints';
export * from './runtime.module';
export * from './nest-app.factory';
export * from './cached-function.resolver';
