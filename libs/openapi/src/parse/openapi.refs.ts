import { OpenApiImportError, jp } from './openapi.errors';

type Json = Record<string, unknown>;

/**
 * Local `$ref` resolution (`#/definitions/...`, `#/components/...`). Remote and file references are refused: an
 * import never touches the network or the disk, and AWS refuses them too.
 */
export class RefResolver {
  constructor(private readonly doc: Json) {}

  /** The value a `#/...` pointer names; throws with `at` (where the `$ref` was written) when it names nothing. */
  lookup(ref: string, at: string): unknown {
    if (!ref.startsWith('#')) {
      throw new OpenApiImportError(`External reference '${ref}' is not supported; only local '#/...' references resolve`, at);
    }
    let node: unknown = this.doc;
    if (ref === '#' || ref === '#/') return node;
    for (const raw of ref.slice(2).split('/')) {
      const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
      if (node === null || typeof node !== 'object' || !Object.prototype.hasOwnProperty.call(node, key)) {
        throw new OpenApiImportError(`Reference '${ref}' does not resolve`, at);
      }
      node = (node as Json)[key];
    }
    return node;
  }

  /**
   * Follows `$ref` chains of a non-schema object (parameter, response, request body, integration) to the object
   * itself. `path` is where the object sits in the document.
   */
  deref(node: unknown, path: string): unknown {
    const seen = new Set<string>();
    let at = path;
    while (isObject(node) && typeof node.$ref === 'string') {
      const ref = node.$ref;
      if (seen.has(ref)) throw new OpenApiImportError(`Reference cycle through '${ref}'`, jp(at, '$ref'));
      seen.add(ref);
      node = this.lookup(ref, jp(at, '$ref'));
      at = ref;
    }
    return node;
  }

  /** Throws on the first `$ref` anywhere under `node` that does not resolve. */
  checkAll(node: unknown, path: string): void {
    if (Array.isArray(node)) {
      node.forEach((item, i) => this.checkAll(item, jp(path, i)));
      return;
    }
    if (!isObject(node)) return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') this.lookup(value, jp(path, key));
      else this.checkAll(value, jp(path, key));
    }
  }
}

export function isObject(value: unknown): value is Json {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
