import type { CorsConfiguration, RestMethodDoc, RestResourceDoc, V2IntegrationDoc, V2RouteDoc } from '@app/contracts';
import type { ActiveStage } from '@app/contracts';

/** What a stage sees when it compiles for one route; everything is fixed for the life of the compiled stage. */
export interface CompileContext {
  readonly active: ActiveStage;
  readonly apiId: string;
  readonly stageName: string;
  readonly protocol: 'REST' | 'HTTP';
  readonly stageVariables: Readonly<Record<string, string>>;
  /** Registers something to release when this compiled stage is replaced or removed (pools, timers). */
  onClose(release: () => Promise<void> | void): void;
}

/** The route a stage is created for, REST or HTTP API. */
export type RouteDescriptor =
  | { protocol: 'REST'; resource: RestResourceDoc; method: RestMethodDoc; httpMethod: string }
  | {
      protocol: 'HTTP';
      route: V2RouteDoc;
      integration: V2IntegrationDoc | undefined;
      cors: CorsConfiguration | undefined;
    };
