/**
 * Cross-process events carried by the bus (Redis pub/sub in the cluster, in memory locally). Every message names
 * its schema version `v`; a node drops (and logs) a message whose version it does not know rather than misreading it.
 * Only the events listed here may leave a node.
 */
export const BUS_EVENT_VERSION = 1;

export interface BusEvents {
  /** A stage now points at a (possibly new) deployment, or its settings changed: reload it. */
  'stage.activated': { v: 1; apiId: string; stageName: string; deploymentId: string };
  'stage.deleted': { v: 1; apiId: string; stageName: string };
  'api.deleted': { v: 1; apiId: string };
  /** A function's code or configuration changed: drop warm workers of older versions. */
  'function.updated': { v: 1; functionName: string; revisionId: string };
  'function.deleted': { v: 1; functionName: string };
  /** API keys, usage plans or their links changed: drop cached key lookups. */
  'access.changed': { v: 1; reason: string };
}

export type BusEventType = keyof BusEvents;
export const BUS_EVENT_TYPES: readonly BusEventType[] = [
  'stage.activated',
  'stage.deleted',
  'api.deleted',
  'function.updated',
  'function.deleted',
  'access.changed',
];

export function isBusEventType(value: string): value is BusEventType {
  return (BUS_EVENT_TYPES as readonly string[]).includes(value);
}
