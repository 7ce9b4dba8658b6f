import { readConditionKey, type PolicyFacts } from './policy-facts';

/**
 * Policy variables in the values of string and ARN conditions (reference_policies_variables.md), for policies with
 * `"Version": "2012-10-17"`: `${aws:username}` is replaced by the request's value of that key, `${key, 'default'}`
 * falls back to the default when the key is absent, and `${*}`, `${?}`, `${$}` stand for those characters literally
 * (so `${*}` in StringLike is an asterisk, not a wildcard).
 */
export type TemplatePart = { text: string } | { literal: string } | { key: string; fallback?: string };

const VARIABLE = /\$\{([^}]*)\}/g;
const KEY_WITH_DEFAULT = /^\s*([^\s,]+)\s*(?:,\s*'([^']*)'\s*)?$/;

/** undefined when the value holds no variable (the common case: compare it as it is). */
export function parseTemplate(value: string): TemplatePart[] | undefined {
  if (!value.includes('${')) return undefined;
  const parts: TemplatePart[] = [];
  let last = 0;
  for (const m of value.matchAll(VARIABLE)) {
    if (m.index > last) parts.push({ text: value.slice(last, m.index) });
    const inner = m[1].trim();
    if (inner === '*' || inner === '?' || inner === '$') parts.push({ literal: inner });
    else {
      const k = KEY_WITH_DEFAULT.exec(inner);
      // Not a variable IAM would recognise: the characters stay as they are.
      if (!k) parts.push({ text: m[0] });
      else parts.push(k[2] === undefined ? { key: k[1].toLowerCase() } : { key: k[1].toLowerCase(), fallback: k[2] });
    }
    last = m.index + m[0].length;
  }
  if (last < value.length) parts.push({ text: value.slice(last) });
  return parts;
}

/** The condition keys a template reads. */
export function templateKeys(parts: readonly TemplatePart[]): string[] {
  const keys: string[] = [];
  for (const p of parts) if ('key' in p) keys.push(p.key);
  return keys;
}

/**
 * The template filled from the request: text parts through `text` (e.g. glob → regex source), substituted values
 * and literal characters through `literal` (e.g. regex escaping). undefined when a variable's key is absent and has
 * no default: IAM cannot resolve it, and the value then matches nothing.
 */
export function fillTemplate(parts: readonly TemplatePart[], facts: PolicyFacts, text: (s: string) => string, literal: (s: string) => string): string | undefined {
  let out = '';
  for (const p of parts) {
    if ('text' in p) out += text(p.text);
    else if ('literal' in p) out += literal(p.literal);
    else {
      const value = readConditionKey(p.key, facts) ?? p.fallback;
      if (value === undefined) return undefined;
      out += literal(value);
    }
  }
  return out;
}
