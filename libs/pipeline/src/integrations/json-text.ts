/**
 * JSON text for events written as strings rather than built as objects and passed to `JSON.stringify`: the Lambda
 * proxy event is on every request's path, and writing it directly skips the object graph and the generic walk.
 */

/** What JSON.stringify escapes in a string: `"`, `\`, control characters and lone surrogates (well-formed JSON). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A string as a JSON string literal, byte for byte what `JSON.stringify(value)` writes. */
export function jsonString(value: string): string {
  // Most values (header values, paths, ids) need no escaping; surrogate pairs take the exact slow path.
  return NEEDS_ESCAPE.test(value) ? JSON.stringify(value) : `"${value}"`;
}

/** `{"k":"v",...}` of a string map, in insertion order; what JSON.stringify writes for it. */
export function jsonStringMap(map: Readonly<Record<string, string>>): string {
  let out = '';
  for (const key in map) out += (out === '' ? '{' : ',') + jsonString(key) + ':' + jsonString(map[key]);
  return out === '' ? '{}' : out + '}';
}
