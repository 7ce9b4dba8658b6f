import { VtlHostObject } from './vtl-host';

/** A JSON object / Velocity map: what Java sees as `java.util.Map`. */
export type JavaMap = Record<string, unknown>;

/** JSON objects and VTL map literals are plain objects; arrays and host objects have other prototypes. */
export function isJavaMap(value: unknown): value is JavaMap {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * map.get(key) without reaching the prototype: JSON values are never functions, so an inherited method
 * (`toString`, `constructor`) reads as absent; only `__proto__` needs the slower own-property check.
 */
export function ownValue(map: JavaMap, key: string): unknown {
  if (key === '__proto__') return Object.prototype.hasOwnProperty.call(map, key) ? map[key] : undefined;
  const value = map[key];
  return typeof value === 'function' ? undefined : value;
}

/** `String.valueOf(x)` as Java prints it: maps `{k=v, ...}`, lists `[a, b]`, whole numbers without `.0`. */
export function javaToString(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return javaNumberToString(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ', ') + javaToString(value[i]);
    return out + ']';
  }
  if (value instanceof VtlHostObject) return value.toString();
  if (typeof value === 'object') {
    let out = '{';
    let first = true;
    for (const key of Object.keys(value)) {
      out += (first ? '' : ', ') + key + '=' + javaToString((value as JavaMap)[key]);
      first = false;
    }
    return out + '}';
  }
  return String(value);
}

/**
 * JSON numbers reach us as JS doubles, so a whole number prints as a Java Integer/Long would and a fraction as
 * Double.toString does (scientific notation outside 10^-3..10^7, e.g. `1.0E-4`).
 */
export function javaNumberToString(n: number): string {
  // For whole numbers below 1e21 JS and Java (Integer/Long) print the same digits.
  if (Number.isInteger(n)) return Math.abs(n) < 1e21 ? '' + n : javaScientific(n);
  if (Number.isNaN(n)) return 'NaN';
  if (!Number.isFinite(n)) return n > 0 ? 'Infinity' : '-Infinity';
  const abs = Math.abs(n);
  if (abs >= 1e-3 && abs < 1e7) return String(n);
  return javaScientific(n);
}

function javaScientific(n: number): string {
  const [mantissa, exponent] = n.toExponential().split('e');
  return `${mantissa.includes('.') ? mantissa : mantissa + '.0'}E${exponent.replace('+', '')}`;
}

/** Velocity 1.7 `#if($x)`: only null and Boolean false are false; "" and 0 are true. */
export function isTruthy(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'boolean') return value;
  return true;
}

/** `Object.equals` for JSON-shaped values: types must agree (the String "1" is not the Integer 1). */
export function javaObjectEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || a === undefined || b === null || b === undefined) return (a ?? null) === (b ?? null);
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!javaObjectEquals(a[i], b[i])) return false;
    return true;
  }
  if (isJavaMap(a)) {
    if (!isJavaMap(b)) return false;
    const keys = Object.keys(a);
    if (keys.length !== Object.keys(b).length) return false;
    for (const key of keys) {
      if (!Object.prototype.hasOwnProperty.call(b, key) || !javaObjectEquals(a[key], b[key])) return false;
    }
    return true;
  }
  return false;
}

/**
 * Velocity 1.7's `==`: numbers compare by value, objects of the same kind with equals(), anything else by
 * comparing toString() (so `$n == "5"` holds for the number 5); null equals only null.
 */
export function velocityEquals(a: unknown, b: unknown): boolean {
  const left = a ?? null;
  const right = b ?? null;
  if (typeof left === 'number' && typeof right === 'number') return left === right;
  if (left === null || right === null) return left === right;
  if (sameKind(left, right)) return javaObjectEquals(left, right);
  return javaToString(left) === javaToString(right);
}

function sameKind(a: unknown, b: unknown): boolean {
  if (Array.isArray(a)) return Array.isArray(b);
  if (isJavaMap(a)) return isJavaMap(b);
  return typeof a === typeof b && !(a instanceof VtlHostObject);
}
