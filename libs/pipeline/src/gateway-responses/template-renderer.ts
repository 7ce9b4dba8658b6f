import type { RequestContext } from '../context/request-context';
import { compileContextGetter, type ContextGetter } from '../context/context-getter';

/** A template compiled once at deploy time and rendered per request. */
export interface CompiledTemplate {
  render(ctx: RequestContext): string;
}

/**
 * Compiles response templates (gateway responses now; integration templates through the mapping library). The VTL
 * engine of @app/mapping implements this same interface and replaces the default below when the app wires it.
 * `compile` throws with a readable message when the template cannot be compiled; the stage then fails to load.
 */
export interface TemplateRenderer {
  compile(template: string): CompiledTemplate;
}

/** `$context.x.y` or `${context.x.y}`, and `$stageVariables.x` / `${stageVariables.x}`. */
const REFERENCE = /\$(?:\{(context|stageVariables)((?:\.[A-Za-z0-9_-]+)+)\}|(context|stageVariables)((?:\.[A-Za-z0-9_]+)+))/g;
const VTL_ONLY = /(^|[^\\])#(if|foreach|set|elseif|else|end|macro|parse|include|define|break|stop)\b|\$(input|util)\b|\$!?\{?(input|util)\b/;

/**
 * The renderer for templates that only reference `$context` and `$stageVariables` variables — which is what AWS's
 * default gateway response template (`{"message":$context.error.messageString}`) and most customised gateway
 * responses use. It substitutes them for real; anything needing VTL directives or `$input`/`$util` is refused at
 * compile time with a message saying the VTL renderer is required, instead of being rendered wrongly.
 */
export class ContextTemplateRenderer implements TemplateRenderer {
  compile(template: string): CompiledTemplate {
    if (VTL_ONLY.test(template)) {
      throw new Error(
        `template needs the VTL renderer (directives, $input or $util are not supported by ContextTemplateRenderer): ${template.slice(0, 80)}`,
      );
    }
    const literals: string[] = [];
    const getters: ContextGetter[] = [];
    let last = 0;
    for (const m of template.matchAll(REFERENCE)) {
      literals.push(template.slice(last, m.index));
      const root = m[1] ?? m[3];
      const path = (m[2] ?? m[4]).slice(1);
      getters.push(root === 'context' ? compileContextGetter(path) : stageVariableGetter(path));
      last = m.index! + m[0].length;
    }
    literals.push(template.slice(last));
    return new SubstitutingTemplate(literals, getters);
  }
}

function stageVariableGetter(name: string): ContextGetter {
  return (ctx) => ctx.stage.stageVariables?.[name];
}

class SubstitutingTemplate implements CompiledTemplate {
  constructor(
    private readonly literals: string[],
    private readonly getters: ContextGetter[],
  ) {}

  render(ctx: RequestContext): string {
    let out = this.literals[0];
    for (let i = 0; i < this.getters.length; i++) out += (this.getters[i](ctx) ?? '') + this.literals[i + 1];
    return out;
  }
}
