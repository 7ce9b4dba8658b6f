import type { ActiveStage } from '@app/contracts';
import { percentDecode } from '../routing/percent-decode';
import type { CompiledStage } from './compiled-stage';
import { compileStage, type StageCompilerOptions } from './stage.compiler';

interface ApiEntry {
  protocol: 'REST' | 'HTTP';
  stages: Map<string, CompiledStage>;
}

export interface ResolvedStage {
  stage: CompiledStage;
  /** `/{stageName}` when the stage was named in the path; '' for an HTTP API `$default` stage. */
  stagePrefix: string;
  /** The rest of the path, starting with `/`. */
  rawPath: string;
}

/** What an unknown address resolves to: the protocol (to pick the not-found body) when the API is known. */
export type Resolution = ResolvedStage | { stage: null; protocol: 'REST' | 'HTTP' | null };

/**
 * The compiled stages a gateway node serves. `load` compiles first and swaps the reference only on success, so a
 * definition that fails to compile leaves the previous one serving (Kong's rebuild-or-keep). A replaced stage's
 * upstream pools close after their in-flight requests.
 */
export class StageRegistry {
  private readonly apis = new Map<string, ApiEntry>();

  constructor(private readonly options: StageCompilerOptions = {}) {}

  /** Compiles and activates a stage; throws (old stage kept) when it cannot be compiled. */
  load(active: ActiveStage): CompiledStage {
    const compiled = compileStage(active, this.options);
    let entry = this.apis.get(active.apiId);
    if (entry && entry.protocol !== compiled.protocol) {
      for (const old of entry.stages.values()) void old.close();
      entry = undefined;
    }
    if (!entry) {
      entry = { protocol: compiled.protocol, stages: new Map() };
      this.apis.set(active.apiId, entry);
    }
    const previous = entry.stages.get(compiled.stageName);
    entry.stages.set(compiled.stageName, compiled);
    if (previous) void previous.close();
    return compiled;
  }

  get(apiId: string, stageName: string): CompiledStage | undefined {
    return this.apis.get(apiId)?.stages.get(stageName);
  }

  async remove(apiId: string, stageName: string): Promise<void> {
    const entry = this.apis.get(apiId);
    const stage = entry?.stages.get(stageName);
    if (!entry || !stage) return;
    entry.stages.delete(stageName);
    if (entry.stages.size === 0) this.apis.delete(apiId);
    await stage.close();
  }

  async removeApi(apiId: string): Promise<void> {
    const entry = this.apis.get(apiId);
    if (!entry) return;
    this.apis.delete(apiId);
    await Promise.all([...entry.stages.values()].map((s) => s.close()));
  }

  async close(): Promise<void> {
    const ids = [...this.apis.keys()];
    await Promise.all(ids.map((id) => this.removeApi(id)));
  }

  /**
   * Picks the stage for a path under an API (doc_source/http-api-develop-routes.md, "Routing API requests"): a
   * first segment naming a stage selects it; otherwise an HTTP API's `$default` stage serves the whole path.
   */
  resolve(apiId: string, path: string): Resolution {
    const entry = this.apis.get(apiId);
    if (!entry) return { stage: null, protocol: null };
    let end = path.indexOf('/', 1);
    if (end < 0) end = path.length;
    const first = path.slice(1, end);
    const named = first === '' ? undefined : entry.stages.get(percentDecode(first));
    if (named && named.stageName !== '$default') {
      return { stage: named, stagePrefix: path.slice(0, end), rawPath: end < path.length ? path.slice(end) : '/' };
    }
    if (entry.protocol === 'HTTP') {
      const fallback = entry.stages.get('$default');
      if (fallback) return { stage: fallback, stagePrefix: '', rawPath: path === '' ? '/' : path };
    }
    return { stage: null, protocol: entry.protocol };
  }
}
