import { Accept, RouteTree, paramsToObject, splitPath } from './route-tree';

export type RestMatch<R> =
  | { kind: 'route'; route: R; pathParameters: Record<string, string> | null }
  /** No resource matches the path, or the matched resource has no such method: AWS answers 403 for both. */
  | { kind: 'none' };

const NONE = { kind: 'none' } as const;

/**
 * REST resource matching: literal beats `{param}` beats `{proxy+}`, chosen by path alone; the method is then looked
 * up on that resource (exact, else ANY). A resource without methods is not a match, so `/pets` with only children
 * does not hide `/{proxy+}`.
 */
export class RestApiRouter<R> {
  private readonly tree = new RouteTree<R>();

  add(resourcePath: string, httpMethod: string, route: R): void {
    try {
      this.tree.add(resourcePath, httpMethod === 'ANY' ? null : httpMethod, route);
    } catch (error) {
      throw new Error(`resource '${resourcePath}' ${httpMethod}: ${(error as Error).message}`);
    }
  }

  match(method: string, rawPath: string): RestMatch<R> {
    const params: string[] = [];
    const table = this.tree.find(splitPath(rawPath), method, Accept.Anything, true, params);
    if (!table) return NONE;
    const route = table.methods.get(method) ?? table.any;
    return route ? { kind: 'route', route, pathParameters: paramsToObject(params) } : NONE;
  }
}
