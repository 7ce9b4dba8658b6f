/**
 * IAM wildcards: `*` matches any run of characters (none included), `?` exactly one; everything else literally, case
 * sensitive, and the whole value must match.
 */
export function globRegex(glob: string): RegExp {
  let re = compiled.get(glob);
  if (re === undefined) {
    re = new RegExp(`^${globSource(glob)}$`, 's');
    if (compiled.size >= 10_000) compiled.clear();
    compiled.set(glob, re);
  }
  return re;
}

/** The regular-expression source of a glob, for callers that join globs with literal parts. */
export function globSource(glob: string): string {
  return escapeRegex(glob).replace(/\\\*/g, '.*').replace(/\\\?/g, '.');
}

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Bounded: policies hold a handful of distinct patterns, each used for many requests. */
const compiled = new Map<string, RegExp>();
