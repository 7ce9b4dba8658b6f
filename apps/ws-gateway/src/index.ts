export * from './ws-gateway.bootstrap';
