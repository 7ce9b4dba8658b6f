import { InputVariable, MappingParams } from './input-variable';
import { MappingRuntimeError } from './mapping-template.errors';
import { ContextVariable, RequestOverride, ResponseOverride } from './override-variables';
import { ReadOnlyMap } from './read-only-map';
import { UTIL } from './util-variable';
import { CompileOptions, Renderer, VtlCompiler } from './vtl-compiler';
import { DEFAULT_RENDER_LIMITS, RenderLimits, Runtime } from './vtl-runtime';
import { javaToString } from './java-values';

export interface MappingInput {
  /** The payload: the method request body (request templates) or the integration response body (response ones). */
  body: string;
  /** Method request parameters for `$input.params()`; header names in any case. */
  params: MappingParams;
  /** `$context`: the request's context variables (requestId, identity, authorizer, error, ...). Never modified. */
  context: Record<string, unknown>;
  /** `$stageVariables`. Never modified. */
  stageVariables: Record<string, string>;
}

export interface MappingOutput {
  text: string;
  /** What `$context.responseOverride.*` was set to (response templates). */
  responseOverride: { status?: number; headers: Record<string, string> };
  /** What `$context.requestOverride.*` was set to (request templates). */
  requestOverride: { header: Record<string, string>; querystring: Record<string, string>; path: Record<string, string> };
}

export interface MappingTemplateOptions extends Partial<CompileOptions> {
  limits?: Partial<RenderLimits>;
}

/** A mapping template compiled once (at deploy); render() is safe to call for every request. */
export class MappingTemplate {
  constructor(
    readonly source: string,
    private readonly root: Renderer,
    private readonly limits: RenderLimits,
  ) {}

  /** Throws MappingRuntimeError when the template fails; AWS answers that with a 500. */
  render(input: MappingInput): MappingOutput {
    const requestOverride = new RequestOverride();
    const responseOverride = new ResponseOverride();
    const rt = new Runtime(this.limits);
    rt.globals.input = new InputVariable(input.body, input.params);
    rt.globals.util = UTIL;
    rt.globals.context = new ContextVariable(input.context, requestOverride, responseOverride);
    rt.globals.stageVariables = new ReadOnlyMap(input.stageVariables);
    let text: string;
    try {
      text = this.root(rt);
    } catch (err) {
      if (err instanceof MappingRuntimeError) throw err;
      // A stack overflow from runaway recursion, or a bug of ours: either way the template failed, not the node.
      throw new MappingRuntimeError(`Template evaluation failed: ${(err as Error).message}`);
    }
    return {
      text,
      responseOverride: { status: statusOverride(responseOverride.status), headers: responseOverride.header.values },
      requestOverride: {
        header: requestOverride.header.values,
        querystring: requestOverride.querystring.values,
        path: requestOverride.path.values,
      },
    };
  }
}

/** Compiles a template; a template with a syntax error throws MappingTemplateError with its line and column. */
export function compileMappingTemplate(source: string, options: MappingTemplateOptions = {}): MappingTemplate {
  const compiler = new VtlCompiler({ nullReferences: options.nullReferences ?? 'empty' });
  const limits = { ...DEFAULT_RENDER_LIMITS, ...options.limits };
  return new MappingTemplate(source, compiler.compile(source), limits);
}

function statusOverride(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  const text = javaToString(value).trim();
  const status = Number(text);
  if (!/^\d{3}$/.test(text) || status < 100 || status > 599) {
    throw new MappingRuntimeError(`$context.responseOverride.status must be an HTTP status code, got "${text}"`);
  }
  return status;
}
