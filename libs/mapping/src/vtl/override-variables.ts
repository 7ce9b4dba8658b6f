import { javaToString } from './java-values';
import { mapMethod } from './java-methods';
import { MappingRuntimeError } from './mapping-template.errors';
import { NO_SUCH_METHOD, VtlHostObject } from './vtl-host';
import { ReadOnlyMap } from './read-only-map';

/**
 * `$context.requestOverride.header` and friends. AWS: "Overrides are final. An override may only be applied to each
 * parameter once. Trying to override the same parameter multiple times will result in 5XX responses", so a second
 * #set of the same name fails the render.
 */
export class OverrideMap extends VtlHostObject {
  readonly values: Record<string, string> = {};

  constructor(private readonly path: string) {
    super();
  }
  override vtlGet(name: string): unknown {
    return Object.prototype.hasOwnProperty.call(this.values, name) ? this.values[name] : undefined;
  }
  override vtlSet(name: string, value: unknown): boolean {
    if (Object.prototype.hasOwnProperty.call(this.values, name)) {
      throw new MappingRuntimeError(`${this.path}.${name} was overridden more than once; overrides are final`);
    }
    Object.defineProperty(this.values, name, { value: javaToString(value), enumerable: true, writable: true });
    return true;
  }
  override vtlCall(name: string, args: unknown[]): unknown {
    if (name === 'put' && args.length === 2) {
      this.vtlSet(javaToString(args[0]), args[1]);
      return undefined;
    }
    if (name === 'remove' || name === 'putAll' || name === 'clear') return NO_SUCH_METHOD;
    return mapMethod(this.values, name, args);
  }
  override vtlValues(): unknown[] {
    return Object.values(this.values);
  }
  toString(): string {
    return javaToString(this.values);
  }
}

export class RequestOverride extends VtlHostObject {
  readonly header = new OverrideMap('$context.requestOverride.header');
  readonly querystring = new OverrideMap('$context.requestOverride.querystring');
  readonly path = new OverrideMap('$context.requestOverride.path');

  override vtlGet(name: string): unknown {
    if (name === 'header') return this.header;
    if (name === 'querystring') return this.querystring;
    if (name === 'path') return this.path;
    return undefined;
  }
  toString(): string {
    return `{header=${this.header}, querystring=${this.querystring}, path=${this.path}}`;
  }
}

export class ResponseOverride extends VtlHostObject {
  readonly header = new OverrideMap('$context.responseOverride.header');
  status: unknown = undefined;

  override vtlGet(name: string): unknown {
    if (name === 'header') return this.header;
    if (name === 'status') return this.status;
    return undefined;
  }
  override vtlSet(name: string, value: unknown): boolean {
    if (name !== 'status') return false;
    if (this.status !== undefined) {
      throw new MappingRuntimeError('$context.responseOverride.status was overridden more than once; overrides are final');
    }
    this.status = value;
    return true;
  }
  toString(): string {
    return `{header=${this.header}, status=${this.status === undefined ? 'null' : javaToString(this.status)}}`;
  }
}

/** `$context`: the caller's variables (read-only) plus this render's override objects. */
export class ContextVariable extends ReadOnlyMap {
  constructor(
    variables: Record<string, unknown>,
    readonly requestOverride: RequestOverride,
    readonly responseOverride: ResponseOverride,
  ) {
    super(variables);
  }
  override vtlGet(name: string): unknown {
    if (name === 'requestOverride') return this.requestOverride;
    if (name === 'responseOverride') return this.responseOverride;
    return super.vtlGet(name);
  }
}
