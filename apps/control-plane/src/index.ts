export * from './control-plane.bootstrap';
