import { javaMatches, javaReplace, javaSplit } from './java-regex';
import { isJavaMap, javaObjectEquals, javaToString, JavaMap, ownValue } from './java-values';
import { MappingRuntimeError } from './mapping-template.errors';
import { MapEntry, NO_SUCH_METHOD, VtlHostObject } from './vtl-host';

/**
 * The Java methods a template may call on JSON-shaped values: java.lang.String on strings, java.util.List on
 * arrays, java.util.Map on objects, Number/Boolean on the rest. An unknown method yields NO_SUCH_METHOD, which
 * Velocity renders like a null reference; a Java exception (index out of range, null argument) becomes a
 * MappingRuntimeError, which AWS answers with a 500.
 */
export function invokeJavaMethod(target: unknown, name: string, args: unknown[]): unknown {
  if (typeof target === 'string') return stringMethod(target, name, args);
  if (Array.isArray(target)) return listMethod(target, name, args);
  if (target instanceof VtlHostObject) return target.vtlCall(name, args);
  if (isJavaMap(target)) return mapMethod(target, name, args);
  if (typeof target === 'number') return numberMethod(target, name, args);
  if (typeof target === 'boolean') return booleanMethod(target, name, args);
  return NO_SUCH_METHOD;
}

/** `$x.name` on a non-host value: Map.get(name) on maps; isEmpty()/getClass-free getters elsewhere. */
export function getJavaProperty(target: unknown, name: string): unknown {
  if (target instanceof VtlHostObject) return target.vtlGet(name);
  if (isJavaMap(target)) return ownValue(target, name);
  if ((typeof target === 'string' || Array.isArray(target)) && name === 'empty') return target.length === 0;
  return undefined;
}

function str(value: unknown, method: string): string {
  if (value === null || value === undefined) throw new MappingRuntimeError(`NullPointerException in ${method}()`);
  return javaToString(value);
}

function int(value: unknown, method: string): number {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  throw new MappingRuntimeError(`${method}() expects an integer argument, got ${javaToString(value)}`);
}

function outOfRange(method: string, index: number, length: number): MappingRuntimeError {
  return new MappingRuntimeError(`${method}(): index ${index} out of bounds for length ${length}`);
}

function javaTrim(s: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s.charCodeAt(start) <= 32) start++;
  while (end > start && s.charCodeAt(end - 1) <= 32) end--;
  return start === 0 && end === s.length ? s : s.slice(start, end);
}

function javaHashCode(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
  return h;
}

function compareStrings(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = a.charCodeAt(i) - b.charCodeAt(i);
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

function stringMethod(s: string, name: string, args: unknown[]): unknown {
  const n = args.length;
  switch (name) {
    case 'length':
      return n === 0 ? s.length : NO_SUCH_METHOD;
    case 'isEmpty':
      return n === 0 ? s.length === 0 : NO_SUCH_METHOD;
    case 'toString':
    case 'intern':
      return n === 0 ? s : NO_SUCH_METHOD;
    case 'trim':
      return n === 0 ? javaTrim(s) : NO_SUCH_METHOD;
    case 'toLowerCase':
      return n <= 1 ? s.toLowerCase() : NO_SUCH_METHOD;
    case 'toUpperCase':
      return n <= 1 ? s.toUpperCase() : NO_SUCH_METHOD;
    case 'hashCode':
      return n === 0 ? javaHashCode(s) : NO_SUCH_METHOD;
    case 'charAt': {
      if (n !== 1) return NO_SUCH_METHOD;
      const i = int(args[0], name);
      if (i < 0 || i >= s.length) throw outOfRange(name, i, s.length);
      return s[i];
    }
    case 'substring': {
      if (n < 1 || n > 2) return NO_SUCH_METHOD;
      const begin = int(args[0], name);
      const end = n === 2 ? int(args[1], name) : s.length;
      if (begin < 0 || end > s.length || begin > end) {
        throw new MappingRuntimeError(`substring(): begin ${begin}, end ${end}, length ${s.length}`);
      }
      return s.slice(begin, end);
    }
    case 'indexOf':
    case 'lastIndexOf': {
      if (n < 1 || n > 2) return NO_SUCH_METHOD;
      const what = str(args[0], name);
      if (n === 1) return name === 'indexOf' ? s.indexOf(what) : s.lastIndexOf(what);
      const from = int(args[1], name);
      return name === 'indexOf' ? s.indexOf(what, Math.max(0, from)) : from < 0 ? -1 : s.lastIndexOf(what, from);
    }
    case 'contains':
      return n === 1 ? s.includes(str(args[0], name)) : NO_SUCH_METHOD;
    case 'startsWith': {
      if (n < 1 || n > 2) return NO_SUCH_METHOD;
      const offset = n === 2 ? int(args[1], name) : 0;
      return offset >= 0 && offset <= s.length && s.startsWith(str(args[0], name), offset);
    }
    case 'endsWith':
      return n === 1 ? s.endsWith(str(args[0], name)) : NO_SUCH_METHOD;
    case 'equals':
      return n === 1 ? args[0] === s : NO_SUCH_METHOD;
    case 'equalsIgnoreCase':
      return n === 1 ? typeof args[0] === 'string' && args[0].toLowerCase() === s.toLowerCase() : NO_SUCH_METHOD;
    case 'compareTo':
      return n === 1 ? compareStrings(s, str(args[0], name)) : NO_SUCH_METHOD;
    case 'compareToIgnoreCase':
      return n === 1 ? compareStrings(s.toLowerCase(), str(args[0], name).toLowerCase()) : NO_SUCH_METHOD;
    case 'concat':
      return n === 1 ? s + str(args[0], name) : NO_SUCH_METHOD;
    case 'replace': {
      if (n !== 2) return NO_SUCH_METHOD;
      const target = str(args[0], name);
      const replacement = str(args[1], name);
      return s.replaceAll(target, () => replacement);
    }
    case 'replaceAll':
    case 'replaceFirst':
      return n === 2 ? javaReplace(s, str(args[0], name), str(args[1], name), name === 'replaceAll') : NO_SUCH_METHOD;
    case 'matches':
      return n === 1 ? javaMatches(s, str(args[0], name)) : NO_SUCH_METHOD;
    case 'split':
      if (n < 1 || n > 2) return NO_SUCH_METHOD;
      return javaSplit(s, str(args[0], name), n === 2 ? int(args[1], name) : 0);
    default:
      return NO_SUCH_METHOD;
  }
}

function listIndex(list: unknown[], value: unknown, method: string, allowEnd = false): number {
  const i = int(value, method);
  if (i < 0 || i > list.length || (i === list.length && !allowEnd)) throw outOfRange(method, i, list.length);
  return i;
}

function listMethod(list: unknown[], name: string, args: unknown[]): unknown {
  const n = args.length;
  switch (name) {
    // The developer guide shows `$input.path('$.pets').count()`; we honour it as size().
    case 'size':
    case 'count':
      return n === 0 ? list.length : NO_SUCH_METHOD;
    case 'isEmpty':
      return n === 0 ? list.length === 0 : NO_SUCH_METHOD;
    case 'toString':
      return n === 0 ? javaToString(list) : NO_SUCH_METHOD;
    case 'get':
      return n === 1 ? list[listIndex(list, args[0], name)] : NO_SUCH_METHOD;
    case 'contains':
      return n === 1 ? list.some((item) => javaObjectEquals(item, args[0])) : NO_SUCH_METHOD;
    case 'indexOf':
      return n === 1 ? list.findIndex((item) => javaObjectEquals(item, args[0])) : NO_SUCH_METHOD;
    case 'lastIndexOf':
      return n === 1 ? list.findLastIndex((item) => javaObjectEquals(item, args[0])) : NO_SUCH_METHOD;
    case 'equals':
      return n === 1 ? javaObjectEquals(list, args[0]) : NO_SUCH_METHOD;
    case 'add':
      if (n === 1) return list.push(args[0]) >= 0;
      if (n === 2) {
        list.splice(listIndex(list, args[0], name, true), 0, args[1]);
        return undefined;
      }
      return NO_SUCH_METHOD;
    case 'addAll': {
      const items = args[n - 1];
      if ((n !== 1 && n !== 2) || !Array.isArray(items)) return NO_SUCH_METHOD;
      const at = n === 2 ? listIndex(list, args[0], name, true) : list.length;
      list.splice(at, 0, ...items);
      return items.length > 0;
    }
    case 'set': {
      if (n !== 2) return NO_SUCH_METHOD;
      const i = listIndex(list, args[0], name);
      const previous = list[i];
      list[i] = args[1];
      return previous;
    }
    case 'remove': {
      if (n !== 1) return NO_SUCH_METHOD;
      // Like velocityjs (and Velocity's overload choice for an Integer), a number removes by index.
      if (typeof args[0] === 'number') return list.splice(listIndex(list, args[0], name), 1)[0];
      const at = list.findIndex((item) => javaObjectEquals(item, args[0]));
      if (at >= 0) list.splice(at, 1);
      return at >= 0;
    }
    case 'clear':
      if (n !== 0) return NO_SUCH_METHOD;
      list.length = 0;
      return undefined;
    case 'subList': {
      if (n !== 2) return NO_SUCH_METHOD;
      const from = int(args[0], name);
      const to = int(args[1], name);
      if (from < 0 || to > list.length || from > to) throw outOfRange(name, from < 0 ? from : to, list.length);
      return list.slice(from, to);
    }
    default:
      return NO_SUCH_METHOD;
  }
}

function mapKey(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function mapMethod(map: JavaMap, name: string, args: unknown[]): unknown {
  const n = args.length;
  switch (name) {
    case 'get': {
      if (n !== 1) return NO_SUCH_METHOD;
      const key = mapKey(args[0]);
      return key === undefined ? undefined : ownValue(map, key);
    }
    case 'getOrDefault': {
      if (n !== 2) return NO_SUCH_METHOD;
      const key = mapKey(args[0]);
      return key !== undefined && Object.prototype.hasOwnProperty.call(map, key) ? map[key] : args[1];
    }
    case 'containsKey': {
      if (n !== 1) return NO_SUCH_METHOD;
      const key = mapKey(args[0]);
      return key !== undefined && Object.prototype.hasOwnProperty.call(map, key);
    }
    case 'containsValue':
      return n === 1 ? Object.values(map).some((v) => javaObjectEquals(v, args[0])) : NO_SUCH_METHOD;
    case 'keySet':
      return n === 0 ? Object.keys(map) : NO_SUCH_METHOD;
    case 'values':
      return n === 0 ? Object.values(map) : NO_SUCH_METHOD;
    case 'entrySet':
      return n === 0 ? Object.keys(map).map((k) => new MapEntry(k, map[k], javaToString)) : NO_SUCH_METHOD;
    case 'size':
      return n === 0 ? Object.keys(map).length : NO_SUCH_METHOD;
    case 'isEmpty':
      return n === 0 ? Object.keys(map).length === 0 : NO_SUCH_METHOD;
    case 'toString':
      return n === 0 ? javaToString(map) : NO_SUCH_METHOD;
    case 'equals':
      return n === 1 ? javaObjectEquals(map, args[0]) : NO_SUCH_METHOD;
    case 'put': {
      if (n !== 2) return NO_SUCH_METHOD;
      const key = javaToString(args[0]);
      const previous = ownValue(map, key);
      setOwn(map, key, args[1]);
      return previous;
    }
    case 'putAll':
      if (n !== 1 || !isJavaMap(args[0])) return NO_SUCH_METHOD;
      for (const key of Object.keys(args[0])) setOwn(map, key, args[0][key]);
      return undefined;
    case 'remove': {
      if (n !== 1) return NO_SUCH_METHOD;
      const key = mapKey(args[0]);
      if (key === undefined || !Object.prototype.hasOwnProperty.call(map, key)) return undefined;
      const previous = map[key];
      delete map[key];
      return previous;
    }
    default:
      return NO_SUCH_METHOD;
  }
}

/** Assigns an own property even for `__proto__`, so a template can never reach an object's prototype. */
export function setOwn(map: JavaMap, key: string, value: unknown): void {
  Object.defineProperty(map, key, { value, writable: true, enumerable: true, configurable: true });
}

function numberMethod(value: number, name: string, args: unknown[]): unknown {
  const n = args.length;
  switch (name) {
    case 'toString':
      return n === 0 ? javaToString(value) : NO_SUCH_METHOD;
    case 'intValue':
    case 'longValue':
    case 'shortValue':
    case 'byteValue':
      return n === 0 ? Math.trunc(value) : NO_SUCH_METHOD;
    case 'doubleValue':
    case 'floatValue':
      return n === 0 ? value : NO_SUCH_METHOD;
    case 'equals':
      return n === 1 ? args[0] === value : NO_SUCH_METHOD;
    case 'compareTo':
      return n === 1 && typeof args[0] === 'number' ? Math.sign(value - args[0]) : NO_SUCH_METHOD;
    default:
      return NO_SUCH_METHOD;
  }
}

function booleanMethod(value: boolean, name: string, args: unknown[]): unknown {
  if (args.length === 0 && name === 'toString') return javaToString(value);
  if (args.length === 0 && name === 'booleanValue') return value;
  if (args.length === 1 && name === 'equals') return args[0] === value;
  return NO_SUCH_METHOD;
}
