export * from './readiness-check';
export * from './health.module';
