import type { CorsPolicy } from '../cors/cors.policy';
import type { GatewayResponder } from '../gateway-responses/gateway-responder';
import type { HttpApiRouter } from '../routing/http-api.router';
import type { RestApiRouter } from '../routing/rest-api.router';
import type { ResponseStageFn, StageFn } from '../stages/pipeline-stage';

/** One route's precompiled pipeline. */
export interface CompiledRoute {
  /** HTTP API route key (`GET /pets/{id}`, `$default`); REST `METHOD /resource/path`. */
  readonly routeKey: string;
  /** REST resource path; HTTP API route path (`$default` for the default route). */
  readonly resourcePath: string;
  readonly resourceId: string | null;
  /** Request phase, in order; the integration is last and always answers. */
  readonly stages: readonly StageFn[];
  /** Response phase, run in reverse order on every response of the route. */
  readonly responseStages: readonly ResponseStageFn[];
}

/** A stage compiled from an ActiveStage: routers, pipelines, responses; immutable until replaced. */
export interface CompiledStage {
  readonly apiId: string;
  readonly stageName: string;
  readonly protocol: 'REST' | 'HTTP';
  readonly deploymentId: string;
  readonly accountId: string;
  /** null when the stage has no variables (payloads send `null` / omit them). */
  readonly stageVariables: Readonly<Record<string, string>> | null;
  readonly responses: GatewayResponder;
  readonly cors: CorsPolicy | null;
  readonly httpRouter: HttpApiRouter<CompiledRoute> | null;
  readonly restRouter: RestApiRouter<CompiledRoute> | null;
  /** Things that compiled but will answer with a configuration error (e.g. integration types not supported). */
  readonly warnings: readonly string[];
  /** Releases upstream pools after in-flight requests finish. */
  close(): Promise<void>;
}
