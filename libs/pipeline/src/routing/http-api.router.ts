import { Accept, RouteTree, paramsToObject, splitPath } from './route-tree';

export const HTTP_API_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
const ROUTE_KEY = /^(ANY|GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (\/\S*)$/;

export interface RouteMatch<R> {
  route: R;
  pathParameters: Record<string, string> | null;
}

/**
 * HTTP API route selection (doc_source/http-api-develop-routes.md, "Routing API requests"): the most specific
 * route for the method, then a route of the method with a greedy variable, then `ANY` (literal/param, then
 * greedy), then `$default`. HEAD is not mapped to GET: AWS matches methods literally.
 */
export class HttpApiRouter<R> {
  private readonly tree = new RouteTree<R>();
  /** Routes other than `$default`; none (quick create, catch-all APIs) means no path to split or search. */
  private routeCount = 0;
  /** The `$default` match, built once: it carries no per-request data. */
  private defaultMatch: RouteMatch<R> | null = null;

  /** Throws with the route key when it is malformed or duplicated. */
  add(routeKey: string, route: R): void {
    if (routeKey === '$default') {
      if (this.defaultMatch) throw new Error('duplicate route $default');
      this.defaultMatch = { route, pathParameters: null };
      return;
    }
    const m = ROUTE_KEY.exec(routeKey);
    if (!m) throw new Error(`route key '${routeKey}' is not 'METHOD /path' or '$default'`);
    try {
      this.tree.add(m[2], m[1] === 'ANY' ? null : m[1], route);
      this.routeCount++;
    } catch (error) {
      throw new Error(`route key '${routeKey}': ${(error as Error).message}`);
    }
  }

  /** The result is shared when it is the `$default` match: read it, do not change it. */
  match(method: string, rawPath: string): RouteMatch<R> | null {
    if (this.routeCount === 0) return this.defaultMatch;
    const segments = splitPath(rawPath);
    const params: string[] = [];
    let table = this.tree.find(segments, method, Accept.Method, false, params);
    if (table) return { route: table.methods.get(method)!, pathParameters: paramsToObject(params) };
    table = this.tree.find(segments, method, Accept.Method, true, params);
    if (table) return { route: table.methods.get(method)!, pathParameters: paramsToObject(params) };
    table = this.tree.find(segments, method, Accept.AnyMethod, false, params);
    if (table) return { route: table.any!, pathParameters: paramsToObject(params) };
    table = this.tree.find(segments, method, Accept.AnyMethod, true, params);
    if (table) return { route: table.any!, pathParameters: paramsToObject(params) };
    return this.defaultMatch;
  }
}
