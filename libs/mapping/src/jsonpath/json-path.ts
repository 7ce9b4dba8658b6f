/**
 * The JSONPath subset API Gateway templates and parameter mappings use (Jayway JsonPath semantics): `$`, `.name`,
 * `['name']`, `[0]` (negative counts from the end), `[*]` / `.*`, and `..name` deep scan. Filters, slices and
 * unions are refused with a clear error rather than evaluated differently from AWS.
 */
export class JsonPathError extends Error {
  override readonly name = 'JsonPathError';
}

type Segment =
  | { kind: 'key'; key: string }
  | { kind: 'index'; index: number }
  | { kind: 'wildcard' }
  /** `..name` (key), `..*` (every descendant) or `..[` (the node itself and every descendant, then the bracket). */
  | { kind: 'deep'; key: string | null; includeSelf?: boolean };

export interface CompiledJsonPath {
  readonly source: string;
  /** False once the path contains a wildcard or deep scan: the result is then always a list of matches. */
  readonly definite: boolean;
  /** The value at the path; undefined when a definite path does not exist. */
  evaluate(root: unknown): unknown;
}

const cache = new Map<string, CompiledJsonPath>();
const CACHE_LIMIT = 1000;

export function compileJsonPath(source: string): CompiledJsonPath {
  let compiled = cache.get(source);
  if (compiled) return compiled;
  const segments = parse(source);
  const definite = segments.every((s) => s.kind === 'key' || s.kind === 'index');
  compiled = {
    source,
    definite,
    evaluate: definite ? (root) => walkDefinite(root, segments) : (root) => walkAll([root], segments),
  };
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(source, compiled);
  return compiled;
}

function parse(source: string): Segment[] {
  const path = source.trim();
  if (!path.startsWith('$')) throw new JsonPathError(`Invalid JSONPath "${source}": must start with $`);
  const segments: Segment[] = [];
  let i = 1;
  const fail = (why: string): never => {
    throw new JsonPathError(`Invalid JSONPath "${source}" at ${i}: ${why}`);
  };
  while (i < path.length) {
    const c = path[i];
    if (c === '.') {
      const deep = path[i + 1] === '.';
      i += deep ? 2 : 1;
      if (path[i] === '*') {
        i++;
        segments.push(deep ? { kind: 'deep', key: null } : { kind: 'wildcard' });
        continue;
      }
      if (deep && path[i] === '[') {
        segments.push({ kind: 'deep', key: null, includeSelf: true });
        continue;
      }
      const start = i;
      while (i < path.length && path[i] !== '.' && path[i] !== '[') i++;
      if (i === start) fail('expected a property name');
      const key = path.slice(start, i);
      segments.push(deep ? { kind: 'deep', key } : { kind: 'key', key });
    } else if (c === '[') {
      const close = findClose(path, i);
      if (close < 0) fail('unclosed [');
      const inner = path.slice(i + 1, close).trim();
      i = close + 1;
      if (inner === '*') segments.push({ kind: 'wildcard' });
      else if (/^-?\d+$/.test(inner)) segments.push({ kind: 'index', index: Number(inner) });
      else if (/^'(?:[^'\\]|\\.)*'$|^"(?:[^"\\]|\\.)*"$/.test(inner)) {
        segments.push({ kind: 'key', key: inner.slice(1, -1).replace(/\\(.)/g, '$1') });
      } else if (inner.startsWith('?')) fail('filter expressions are not supported');
      else if (inner.includes(':')) fail('array slices are not supported');
      else if (inner.includes(',')) fail('unions are not supported');
      else fail(`unexpected [${inner}]`);
    } else {
      fail(`unexpected "${c}"`);
    }
  }
  return segments;
}

function findClose(path: string, open: number): number {
  let quote = '';
  for (let i = open + 1; i < path.length; i++) {
    const c = path[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === "'" || c === '"') quote = c;
    else if (c === ']') return i;
  }
  return -1;
}

function child(value: unknown, segment: Segment): unknown {
  if (segment.kind === 'key') {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    return Object.prototype.hasOwnProperty.call(value, segment.key)
      ? (value as Record<string, unknown>)[segment.key]
      : undefined;
  }
  if (segment.kind === 'index') {
    if (!Array.isArray(value)) return undefined;
    return value[segment.index < 0 ? value.length + segment.index : segment.index];
  }
  return undefined;
}

function walkDefinite(root: unknown, segments: Segment[]): unknown {
  let value = root;
  for (const segment of segments) {
    value = child(value, segment);
    if (value === undefined) return undefined;
  }
  return value;
}

function childrenOf(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'object' && value !== null) return Object.values(value);
  return [];
}

function deepScan(value: unknown, key: string | null, out: unknown[]): void {
  if (typeof value !== 'object' || value === null) return;
  if (key !== null && !Array.isArray(value) && Object.prototype.hasOwnProperty.call(value, key)) {
    out.push((value as Record<string, unknown>)[key]);
  }
  for (const item of childrenOf(value)) {
    if (key === null) out.push(item);
    deepScan(item, key, out);
  }
}

function walkAll(roots: unknown[], segments: Segment[]): unknown[] {
  let current = roots;
  for (const segment of segments) {
    const next: unknown[] = [];
    for (const value of current) {
      if (segment.kind === 'wildcard') next.push(...childrenOf(value));
      else if (segment.kind === 'deep') {
        if (segment.includeSelf) next.push(value);
        deepScan(value, segment.key, next);
      }
      else {
        const found = child(value, segment);
        if (found !== undefined) next.push(found);
      }
    }
    current = next;
  }
  return current;
}
