/** Returned by a method lookup that found nothing: Velocity then treats the reference as null. */
export const NO_SUCH_METHOD: unique symbol = Symbol('NO_SUCH_METHOD');

/**
 * A Java object the template can see ($input, $util, $context, overrides, map entries). Only what a subclass
 * answers in vtlGet/vtlCall is reachable, so templates can never touch JS internals (constructor, prototype, ...).
 */
export abstract class VtlHostObject {
  /** `$obj.name` (Velocity tries getName()/get("name")). */
  vtlGet(_name: string): unknown {
    return undefined;
  }
  /** `$obj.name(args)`; NO_SUCH_METHOD when the object has no such method. */
  vtlCall(_name: string, _args: unknown[]): unknown {
    return NO_SUCH_METHOD;
  }
  /** `#set($obj.name = value)`; false when the object does not accept it (Velocity logs and ignores). */
  vtlSet(_name: string, _value: unknown): boolean {
    return false;
  }
  /** What `#foreach` iterates over, when the object is iterable at all. */
  vtlValues(): unknown[] | undefined {
    return undefined;
  }
  abstract toString(): string;
}

/** One `Map.Entry` as `entrySet()` yields it. */
export class MapEntry extends VtlHostObject {
  constructor(
    readonly key: string,
    readonly value: unknown,
    private readonly format: (value: unknown) => string,
  ) {
    super();
  }
  override vtlGet(name: string): unknown {
    if (name === 'key') return this.key;
    if (name === 'value') return this.value;
    return undefined;
  }
  override vtlCall(name: string, args: unknown[]): unknown {
    if (args.length === 0 && name === 'getKey') return this.key;
    if (args.length === 0 && name === 'getValue') return this.value;
    if (args.length === 0 && name === 'toString') return this.toString();
    return NO_SUCH_METHOD;
  }
  toString(): string {
    return `${this.key}=${this.format(this.value)}`;
  }
}
