export * from './gateway.bootstrap';
