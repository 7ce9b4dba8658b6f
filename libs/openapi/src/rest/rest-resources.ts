import { newResourceId } from '@app/contracts';
import type { RestMethodDoc, RestResourceDoc } from '@app/contracts';

/**
 * Builds the resource tree for the given methods: the root `/`, every path, and each intermediate path (AWS creates
 * `/a` and `/a/b` for `/a/b/c`). Sorted by path, so the root comes first and parents precede children.
 */
export function buildResourceTree(methods: { path: string; method: RestMethodDoc }[]): RestResourceDoc[] {
  const byPath = new Map<string, RestResourceDoc>();
  const root: RestResourceDoc = { id: newResourceId(), path: '/' };
  byPath.set('/', root);
  const ensure = (path: string): RestResourceDoc => {
    const existing = byPath.get(path);
    if (existing) return existing;
    const cut = path.lastIndexOf('/');
    const parent = ensure(cut === 0 ? '/' : path.slice(0, cut));
    const resource: RestResourceDoc = { id: newResourceId(), parentId: parent.id, pathPart: path.slice(cut + 1), path };
    byPath.set(path, resource);
    return resource;
  };
  for (const { path, method } of methods) {
    const resource = ensure(path);
    resource.resourceMethods ??= {};
    resource.resourceMethods[method.httpMethod] = method;
  }
  return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
