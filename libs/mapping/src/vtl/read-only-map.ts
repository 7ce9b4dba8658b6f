import { isJavaMap, javaToString, JavaMap, ownValue } from './java-values';
import { mapMethod } from './java-methods';
import { NO_SUCH_METHOD, VtlHostObject } from './vtl-host';

const MUTATORS = new Set(['put', 'putAll', 'remove', 'clear']);

/**
 * A caller-owned map ($context, $stageVariables) seen through a read-only window: templates read it like a Java
 * Map but cannot change the caller's (possibly shared, compiled-once) objects. Nested maps get the same window.
 */
export class ReadOnlyMap extends VtlHostObject {
  constructor(protected readonly map: JavaMap) {
    super();
  }
  override vtlGet(name: string): unknown {
    return wrap(ownValue(this.map, name));
  }
  override vtlCall(name: string, args: unknown[]): unknown {
    if (MUTATORS.has(name)) return NO_SUCH_METHOD;
    return wrap(mapMethod(this.map, name, args));
  }
  override vtlValues(): unknown[] {
    return Object.values(this.map).map(wrap);
  }
  toString(): string {
    return javaToString(this.map);
  }
}

function wrap(value: unknown): unknown {
  return isJavaMap(value) ? new ReadOnlyMap(value) : value;
}
