import { badRequest } from './aws-error';

/**
 * AWS `patchOperations` (apigateway v1 Update* calls): JSON-Patch-like operations whose `path` names a field of the
 * resource in AWS's own vocabulary and whose `value` is always a string on the wire. Each Update* call declares its
 * patchable paths once as a list of PatchRules; this module matches, converts and applies them, so no service
 * hand-codes a path. Services re-run their create-time validation on the result, so rules only carry types.
 */
export type PatchOp = 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
export const PATCH_OPS: readonly PatchOp[] = ['add', 'remove', 'replace', 'move', 'copy', 'test'];

export interface PatchOperation {
  op: PatchOp;
  path: string;
  value?: string;
  from?: string;
}

/** How a wire string becomes the stored value. `stringList` is comma-separated (e.g. `/cacheKeyParameters`). */
export type PatchValueType = 'string' | 'boolean' | 'integer' | 'number' | 'stringList';

export interface PatchRule {
  /**
   * Wire path pattern: literal segments, or `{name}` capturing one segment. Literal segments are compared after
   * unescaping, so `/*` matches only `*`. Rules are tried in order; put literal rules before capturing ones.
   */
  path: string;
  /**
   * Where the value lives in the document, as property names; `{name}` is the captured segment unescaped, `{name:raw}`
   * keeps its `~1` escapes (stage methodSettings keys keep them). Defaults to the path's own segments.
   */
  target?: readonly string[];
  type: PatchValueType;
  /** Operations AWS accepts on this path. */
  ops: readonly PatchOp[];
  /**
   * The last captured segment *is* the value (a set of strings, e.g. `/binaryMediaTypes/image~1png`): `add` appends
   * it, `remove` removes it, `replace` swaps it for `value`.
   */
  listItem?: boolean;
  /** Allowed values of a string field, checked at patch time so the error names the path. */
  enum?: readonly string[];
}

interface Located {
  rule: PatchRule;
  /** Property names from the document root to the value (for list items: to the list). */
  keys: string[];
  /** For list items: the item named by the path. */
  item?: string;
}

/**
 * Applies `operations` to a deep copy of `doc` and returns it. Throws BadRequestException (AwsError) naming the
 * operation at fault; the input document is never modified, so a refused patch changes nothing.
 */
export function applyPatchOperations<T extends object>(doc: T, operations: unknown, rules: readonly PatchRule[]): T {
  const result = structuredClone(doc) as Record<string, unknown>;
  for (const operation of readOperations(operations)) applyOne(result, operation, rules);
  return result as T;
}

/** Validates the shape of the `patchOperations` member as it arrived (JSON already parsed). */
export function readOperations(operations: unknown): PatchOperation[] {
  if (operations === undefined || operations === null) return [];
  if (!Array.isArray(operations)) throw badRequest('Invalid patchOperations: must be a list of patch operations');
  return operations.map((raw, index) => {
    if (!raw || typeof raw !== 'object') throw badRequest(`Invalid patch operation at index ${index}: must be an object`);
    const { op, path, value, from } = raw as Record<string, unknown>;
    if (typeof op !== 'string' || !(PATCH_OPS as readonly string[]).includes(op)) {
      throw badRequest(`Invalid patch operation specified: '${String(op)}'. Must be one of: [${PATCH_OPS.join(', ')}]`);
    }
    if (typeof path !== 'string' || !path.startsWith('/')) throw badRequest(`Invalid patch path '${String(path)}' specified for op '${op}'`);
    if (value !== undefined && value !== null && typeof value !== 'string') {
      throw badRequest(`Invalid patch value for path ${path}: the value must be a string`);
    }
    if (from !== undefined && from !== null && typeof from !== 'string') throw badRequest(`Invalid 'from' for path ${path}: must be a string`);
    return { op: op as PatchOp, path, value: (value ?? undefined) as string | undefined, from: (from ?? undefined) as string | undefined };
  });
}

function applyOne(doc: Record<string, unknown>, operation: PatchOperation, rules: readonly PatchRule[]): void {
  const { op, path } = operation;
  const at = locate(path, op, rules);
  switch (op) {
    case 'add':
    case 'replace':
      if (at.rule.listItem) return patchListItem(doc, at, op, operation.value);
      return setAt(doc, at.keys, convert(at.rule, path, requireValue(operation)));
    case 'remove':
      if (at.rule.listItem) return patchListItem(doc, at, op, undefined);
      return removeAt(doc, at.keys);
    case 'copy':
    case 'move': {
      if (!operation.from) throw badRequest(`Invalid patch operation: '${op}' on ${path} requires 'from'`);
      const source = locate(operation.from, op, rules);
      const value = source.rule.listItem ? source.item : getAt(doc, source.keys);
      if (value === undefined) throw badRequest(`Invalid patch operation: nothing at 'from' path ${operation.from}`);
      if (op === 'move') {
        if (source.rule.listItem) patchListItem(doc, source, 'remove', undefined);
        else removeAt(doc, source.keys);
      }
      if (at.rule.listItem) return patchListItem(doc, { ...at, item: String(value) }, 'add', undefined);
      return setAt(doc, at.keys, structuredClone(value));
    }
    case 'test': {
      const actual = at.rule.listItem ? ((getAt(doc, at.keys) as string[] | undefined)?.includes(at.item!) ?? false) : getAt(doc, at.keys);
      const expected = at.rule.listItem ? true : convert(at.rule, path, requireValue(operation));
      if (JSON.stringify(actual) !== JSON.stringify(expected)) throw badRequest(`Test operation failed: ${path} is not '${operation.value ?? ''}'`);
      return;
    }
  }
}

function locate(path: string, op: PatchOp, rules: readonly PatchRule[]): Located {
  const segments = path.slice(1).split('/');
  for (const rule of rules) {
    const captures = match(rule.path, segments);
    if (!captures) continue;
    if (!rule.ops.includes(op)) {
      throw badRequest(`Invalid patch operation specified. Path ${path} supports only: [${rule.ops.join(', ')}]`);
    }
    const template = rule.target ?? rule.path.slice(1).split('/');
    const keys = template.map((part) => part.replace(/\{(\w+)(:raw)?\}/g, (_, name: string, raw?: string) => captures[name][raw ? 'raw' : 'value']));
    // Keys become property names of a plain object: never let one reach the prototype.
    if (keys.some((key) => key === '__proto__' || key === 'constructor' || key === 'prototype')) {
      throw badRequest(`Invalid patch path  '${path}' specified for op '${op}'`);
    }
    if (rule.listItem) {
      const last = /\{(\w+)\}$/.exec(rule.path)![1];
      return { rule, keys: keys.slice(0, -1), item: captures[last].value };
    }
    return { rule, keys };
  }
  // AWS's own wording, double space included.
  const allowed = rules.filter((rule) => rule.ops.includes(op)).map((rule) => rule.path);
  throw badRequest(`Invalid patch path  '${path}' specified for op '${op}'. Must be one of: [${allowed.join(', ')}]`);
}

function match(pattern: string, segments: string[]): Record<string, { raw: string; value: string }> | undefined {
  const parts = pattern.slice(1).split('/');
  if (parts.length !== segments.length) return undefined;
  const captures: Record<string, { raw: string; value: string }> = {};
  for (let i = 0; i < parts.length; i++) {
    const capture = /^\{(\w+)\}$/.exec(parts[i]);
    const value = unescapeSegment(segments[i]);
    if (capture) {
      if (value === '') return undefined;
      captures[capture[1]] = { raw: segments[i], value };
    } else if (parts[i] !== value) {
      return undefined;
    }
  }
  return captures;
}

/** JSON Pointer escapes: `~1` is `/`, `~0` is `~` (in that order, per RFC 6901). */
export function unescapeSegment(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

export function escapeSegment(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function requireValue(operation: PatchOperation): string {
  if (operation.value === undefined) throw badRequest(`Invalid patch operation: '${operation.op}' on ${operation.path} requires a value`);
  return operation.value;
}

function convert(rule: PatchRule, path: string, value: string): unknown {
  switch (rule.type) {
    case 'string':
      if (rule.enum && !rule.enum.includes(value)) {
        throw badRequest(`Invalid value '${value}' for ${path}. Must be one of: [${rule.enum.join(', ')}]`);
      }
      return value;
    case 'boolean':
      if (value !== 'true' && value !== 'false') throw badRequest(`Invalid value '${value}' for ${path}: must be true or false`);
      return value === 'true';
    case 'integer':
      if (!/^-?\d+$/.test(value.trim())) throw badRequest(`Invalid value '${value}' for ${path}: must be an integer`);
      return Number(value);
    case 'number': {
      const n = Number(value);
      if (value.trim() === '' || !Number.isFinite(n)) throw badRequest(`Invalid value '${value}' for ${path}: must be a number`);
      return n;
    }
    case 'stringList':
      return value === '' ? [] : value.split(',').map((item) => item.trim());
  }
}

function patchListItem(doc: Record<string, unknown>, at: Located, op: 'add' | 'replace' | 'remove', value: string | undefined): void {
  const list = ((getAt(doc, at.keys) as string[] | undefined) ?? []).slice();
  const index = list.indexOf(at.item!);
  if (op === 'add') {
    if (index < 0) list.push(at.item!);
  } else if (op === 'remove') {
    if (index < 0) throw badRequest(`Invalid patch operation: ${at.item} is not in ${at.keys.join('.')}`);
    list.splice(index, 1);
  } else {
    if (index < 0) throw badRequest(`Invalid patch operation: ${at.item} is not in ${at.keys.join('.')}`);
    if (value === undefined || value === '') throw badRequest(`Invalid patch operation: 'replace' of ${at.item} requires a value`);
    list[index] = value;
  }
  if (list.length) setAt(doc, at.keys, list);
  else removeAt(doc, at.keys);
}

function getAt(doc: Record<string, unknown>, keys: string[]): unknown {
  let node: unknown = doc;
  for (const key of keys) {
    if (!node || typeof node !== 'object' || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function setAt(doc: Record<string, unknown>, keys: string[], value: unknown): void {
  let node = doc;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (!next || typeof next !== 'object' || Array.isArray(next)) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1]] = value;
}

/** Removes the value and any container left empty by it, so documents never carry `{}` AWS would not return. */
function removeAt(doc: Record<string, unknown>, keys: string[]): void {
  const parents: Array<Record<string, unknown>> = [doc];
  for (const key of keys.slice(0, -1)) {
    const next = parents[parents.length - 1][key];
    if (!next || typeof next !== 'object') return;
    parents.push(next as Record<string, unknown>);
  }
  delete parents[parents.length - 1][keys[keys.length - 1]];
  for (let i = parents.length - 1; i > 0; i--) {
    if (Object.keys(parents[i]).length) break;
    delete parents[i - 1][keys[i - 1]];
  }
}
