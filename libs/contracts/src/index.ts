export * from './rest-api.model';
export * from './v2-api.model';
export * from './snapshot.model';
export * from './function.model';
export * from './bus.events';
export * from './limits';
export * from './ids';
export * from './lambda-invoke.port';
