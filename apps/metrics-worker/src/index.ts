export * from './metrics-worker.bootstrap';
