export * from './access.model';
export * from './access.snapshot';
export * from './access.index';
export * from './store.access-source';
export * from './route-throttle';
export * from './access-control';
