/** The two views REST mappings read of a message's headers (`header` and `multivalueheader` sources). */
export interface HeaderViews {
  /** Each name once; the values of a repeated header joined with commas, in arrival order. */
  headers: Record<string, string>;
  /** Every value of each name, in arrival order. */
  multivalueheader: Record<string, string[]>;
}

/**
 * Both views from a flat `name, value, ...` header list (Node's rawHeaders, the upstream client's headers). Names
 * keep their case; mapping lookups are case-insensitive. No prototypes: a header named `constructor` or
 * `__proto__` is just a name.
 */
export function headerViews(flat: readonly string[]): HeaderViews {
  const headers: Record<string, string> = Object.create(null);
  const multivalueheader: Record<string, string[]> = Object.create(null);
  for (let i = 0; i < flat.length; i += 2) {
    const name = flat[i];
    const list = multivalueheader[name];
    if (list) {
      list.push(flat[i + 1]);
      headers[name] = headers[name] + ',' + flat[i + 1];
    } else {
      multivalueheader[name] = [flat[i + 1]];
      headers[name] = flat[i + 1];
    }
  }
  return { headers, multivalueheader };
}
