export * from './event-bus';
export * from './in-memory.event-bus';
export * from './redis.event-bus';
