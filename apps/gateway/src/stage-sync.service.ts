import { Logger } from '@nestjs/common';
import type { ActiveStage } from '@app/contracts';
import type { EventBus } from '@app/bus';
import type { ActiveStageLoader } from '@app/store';

/** What the sync drives: the node's compiled stages (the pipeline's StageRegistry). */
export interface StageTarget {
  /** Compiles and swaps in a stage; throws (keeping the old one serving) when it cannot be compiled. */
  load(active: ActiveStage): unknown;
  remove(apiId: string, stageName: string): unknown;
  removeApi(apiId: string): unknown;
}

/**
 * Keeps a node's compiled stages equal to the store: everything at start, then `stage.*` bus events, then a
 * periodic and on-reconnect reconciliation by stage revision, which repairs whatever pub/sub lost while Redis or
 * Postgres was away. The store is read only here, never per request.
 */
export class StageSync {
  private readonly logger = new Logger('StageSync');
  private readonly revisions = new Map<string, number>();
  private timer?: NodeJS.Timeout;
  private reconciling?: Promise<void>;

  constructor(
    private readonly loader: ActiveStageLoader,
    private readonly bus: EventBus,
    private readonly target: StageTarget,
    private readonly reconcileIntervalMs: number,
  ) {}

  async start(): Promise<void> {
    this.bus.subscribe('stage.activated', (e) => this.reload(e.apiId, e.stageName));
    this.bus.subscribe('stage.deleted', (e) => this.drop(e.apiId, e.stageName));
    this.bus.subscribe('api.deleted', (e) => this.dropApi(e.apiId));
    this.bus.onReconnect(() => void this.reconcile());
    await this.reconcile();
    if (this.reconcileIntervalMs > 0) {
      this.timer = setInterval(() => void this.reconcile(), this.reconcileIntervalMs);
      this.timer.unref();
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Number of stages this node serves (for logs and readiness). */
  get size(): number {
    return this.revisions.size;
  }

  /** Loads changed and new stages, drops removed ones. Concurrent calls share one run. */
  reconcile(): Promise<void> {
    this.reconciling ??= this.runReconcile().finally(() => (this.reconciling = undefined));
    return this.reconciling;
  }

  private async runReconcile(): Promise<void> {
    let current: Map<string, number>;
    try {
      current = await this.loader.revisions();
    } catch (error) {
      this.logger.warn(`store unavailable, serving the stages already loaded (${(error as Error).message})`);
      return;
    }
    for (const [key, revision] of current) {
      if (this.revisions.get(key) !== revision) {
        const [apiId, stageName] = splitKey(key);
        await this.reload(apiId, stageName);
      }
    }
    for (const key of [...this.revisions.keys()]) {
      if (!current.has(key)) {
        const [apiId, stageName] = splitKey(key);
        this.drop(apiId, stageName);
      }
    }
  }

  private async reload(apiId: string, stageName: string): Promise<void> {
    const key = `${apiId}/${stageName}`;
    try {
      const loaded = await this.loader.load(apiId, stageName);
      if (!loaded) return this.drop(apiId, stageName);
      // The same revision arrives twice when a bus event follows the load that already saw it: compile once.
      if (this.revisions.get(key) === loaded.revision) return;
      await this.target.load(loaded.active);
      this.revisions.set(key, loaded.revision);
      this.logger.log(`serving ${key} (deployment ${loaded.active.snapshot.deploymentId})`);
    } catch (error) {
      // The previous compiled stage (if any) keeps serving; reconciliation retries because the revision differs.
      this.logger.error(`could not load ${key}: ${(error as Error).message}`);
    }
  }

  private drop(apiId: string, stageName: string): void {
    this.target.remove(apiId, stageName);
    this.revisions.delete(`${apiId}/${stageName}`);
  }

  private dropApi(apiId: string): void {
    this.target.removeApi(apiId);
    for (const key of [...this.revisions.keys()]) if (key.startsWith(`${apiId}/`)) this.revisions.delete(key);
  }
}

function splitKey(key: string): [string, string] {
  const slash = key.indexOf('/');
  return [key.slice(0, slash), key.slice(slash + 1)];
}
