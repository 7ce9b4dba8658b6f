import { MappingRuntimeError } from './mapping-template.errors';
import { NO_SUCH_METHOD, VtlHostObject } from './vtl-host';

/** Bounds that keep one render from hanging or exhausting a gateway node. */
export interface RenderLimits {
  /** Items one `#foreach` may visit, and the largest `[a..b]` range; more fails the render. Default 10,000. */
  maxForeachIterations: number;
  /** Evaluation steps (nodes, iterations, method calls) per render. Default 5,000,000. */
  maxSteps: number;
  /** Characters of output (and of any string the template builds). Default 10 MB, AWS's payload limit. */
  maxOutputLength: number;
  /** Nested macro calls. Default 20, Velocity's velocimacro.max.depth. */
  maxMacroDepth: number;
}

export const DEFAULT_RENDER_LIMITS: RenderLimits = {
  maxForeachIterations: 10_000,
  maxSteps: 5_000_000,
  maxOutputLength: 10 * 1024 * 1024,
  maxMacroDepth: 20,
};

/** The mutable state of one render. Everything else a compiled template holds is immutable and shared. */
export class Runtime {
  /** Variables a template #sets at top level, plus input/util/context/stageVariables. */
  readonly globals: Record<string, unknown> = Object.create(null);
  /** #foreach and macro scopes, innermost last. */
  readonly scopes: Record<string, unknown>[] = [];
  steps = 0;
  breaking = false;
  macroDepth = 0;

  constructor(readonly limits: RenderLimits) {}

  lookup(id: string): unknown {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const scope = this.scopes[i];
      if (id in scope) return scope[id];
    }
    return this.globals[id];
  }

  assign(id: string, value: unknown): void {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const scope = this.scopes[i];
      if (id in scope) {
        scope[id] = value;
        return;
      }
    }
    this.globals[id] = value;
  }

  step(): void {
    if (++this.steps > this.limits.maxSteps) {
      throw new MappingRuntimeError(`Template exceeded ${this.limits.maxSteps} evaluation steps`);
    }
  }

  checkLength(text: string): string {
    if (text.length > this.limits.maxOutputLength) {
      throw new MappingRuntimeError(`Template output exceeded ${this.limits.maxOutputLength} characters`);
    }
    return text;
  }
}

/** `$foreach` (Velocity 1.7 ForeachScope): one per loop, updated in place each iteration. */
export class ForeachState extends VtlHostObject {
  index = 0;

  constructor(
    private readonly size: number,
    private readonly parent: unknown,
  ) {
    super();
  }
  override vtlGet(name: string): unknown {
    switch (name) {
      case 'index':
        return this.index;
      case 'count':
        return this.index + 1;
      case 'hasNext':
        return this.index + 1 < this.size;
      case 'first':
        return this.index === 0;
      case 'last':
        return this.index + 1 === this.size;
      case 'parent':
        return this.parent;
      default:
        return undefined;
    }
  }
  override vtlCall(name: string, args: unknown[]): unknown {
    if (args.length > 0) return NO_SUCH_METHOD;
    const getter = /^(?:get|is)([A-Z].*)$/.exec(name);
    const property = getter ? getter[1][0].toLowerCase() + getter[1].slice(1) : name;
    const value = this.vtlGet(property);
    return value === undefined ? NO_SUCH_METHOD : value;
  }
  toString(): string {
    return `ForeachScope[index=${this.index}]`;
  }
}
