import { percentDecode } from './percent-decode';

/**
 * A segment tree for API Gateway paths. Hand-made rather than find-my-way because AWS precedence cannot be
 * expressed there: an HTTP API prefers `GET /{proxy+}` over `ANY /pets` for `GET /pets` (method before path
 * specificity), a greedy variable needs at least one segment, and REST answers 403 (not a fallback) when the
 * matched resource lacks the method. Matching is a depth-first search trying literal, then `{param}`, then
 * `{greedy+}` at each level with backtracking, so the most specific path wins.
 */
export interface MethodTable<R> {
  /** Upper-case method → route. */
  readonly methods: Map<string, R>;
  any: R | null;
}

class Node<R> {
  literals: Map<string, Node<R>> | null = null;
  param: Node<R> | null = null;
  paramName = '';
  greedyName = '';
  greedy: MethodTable<R> | null = null;
  table: MethodTable<R> | null = null;
}

/** Accepting a table: does it hold the method (or ANY)? Chosen per pass, never built per request. */
export enum Accept {
  Method = 0,
  AnyMethod = 1,
  Anything = 2,
}

function accepts<R>(table: MethodTable<R>, accept: Accept, method: string): boolean {
  if (accept === Accept.Method) return table.methods.has(method);
  if (accept === Accept.AnyMethod) return table.any !== null;
  return table.methods.size > 0 || table.any !== null;
}

const SEGMENT_VARIABLE = /^\{([A-Za-z0-9._-]+)(\+?)\}$/;

/** Splits a request path (raw) into segments: `/` → [], `/a/b/` → ['a', 'b'] (one trailing slash ignored). */
export function splitPath(rawPath: string): string[] {
  let end = rawPath.length;
  if (end > 1 && rawPath.charCodeAt(end - 1) === 47) end--;
  if (end <= 1) return [];
  return rawPath.slice(1, end).split('/');
}

export class RouteTree<R> {
  private readonly root = new Node<R>();

  /**
   * Adds `method` (or null for ANY) at `path` (`/pets/{id}`, `/{proxy+}`). Throws with the path when the path is
   * malformed or conflicts (two variables with different names at one position, a greedy variable not last).
   */
  add(path: string, method: string | null, route: R): void {
    if (!path.startsWith('/')) throw new Error(`path '${path}' must start with '/'`);
    const segments = path === '/' ? [] : path.slice(1).split('/');
    let node = this.root;
    for (let i = 0; i < segments.length; i++) {
      const segment = segments[i];
      if (segment === '') throw new Error(`path '${path}' has an empty segment`);
      const variable = SEGMENT_VARIABLE.exec(segment);
      if (variable && variable[2] === '+') {
        if (i !== segments.length - 1) throw new Error(`path '${path}': greedy variable {${variable[1]}+} must be the last segment`);
        if (node.greedy && node.greedyName !== variable[1])
          throw new Error(`path '${path}': conflicts with {${node.greedyName}+} at the same position`);
        node.greedyName = variable[1];
        node.greedy ??= { methods: new Map(), any: null };
        return this.put(node.greedy, path, method, route);
      }
      if (variable) {
        if (node.param && node.paramName !== variable[1])
          throw new Error(`path '${path}': {${variable[1]}} conflicts with {${node.paramName}} at the same position`);
        node.paramName = variable[1];
        node = node.param ??= new Node<R>();
        continue;
      }
      if (segment.includes('{') || segment.includes('}')) throw new Error(`path '${path}': malformed segment '${segment}'`);
      node.literals ??= new Map();
      let next = node.literals.get(segment);
      if (!next) node.literals.set(segment, (next = new Node<R>()));
      node = next;
    }
    node.table ??= { methods: new Map(), any: null };
    this.put(node.table, path, method, route);
  }

  private put(table: MethodTable<R>, path: string, method: string | null, route: R): void {
    if (method === null) {
      if (table.any) throw new Error(`duplicate route ANY ${path}`);
      table.any = route;
    } else {
      if (table.methods.has(method)) throw new Error(`duplicate route ${method} ${path}`);
      table.methods.set(method, route);
    }
  }

  /**
   * Finds the most specific table accepting `method` under `accept`. `params` receives name/raw-value pairs of the
   * variables on the matched path. `greedy` false restricts the search to literal and `{param}` matches.
   */
  find(segments: string[], method: string, accept: Accept, greedy: boolean, params: string[]): MethodTable<R> | null {
    return this.walk(this.root, segments, 0, method, accept, greedy, params);
  }

  private walk(
    node: Node<R>,
    segments: string[],
    i: number,
    method: string,
    accept: Accept,
    greedy: boolean,
    params: string[],
  ): MethodTable<R> | null {
    if (i === segments.length) return node.table && accepts(node.table, accept, method) ? node.table : null;
    const segment = segments[i];
    const literal = node.literals?.get(segment);
    if (literal) {
      const found = this.walk(literal, segments, i + 1, method, accept, greedy, params);
      if (found) return found;
    }
    if (node.param && segment !== '') {
      params.push(node.paramName, segment);
      const found = this.walk(node.param, segments, i + 1, method, accept, greedy, params);
      if (found) return found;
      params.length -= 2;
    }
    if (greedy && node.greedy && accepts(node.greedy, accept, method)) {
      params.push(node.greedyName, i === segments.length - 1 ? segment : segments.slice(i).join('/'));
      return node.greedy;
    }
    return null;
  }
}

export function paramsToObject(params: string[]): Record<string, string> | null {
  if (params.length === 0) return null;
  const out: Record<string, string> = {};
  for (let i = 0; i < params.length; i += 2) out[params[i]] = percentDecode(params[i + 1]);
  return out;
}
