import { MappingRuntimeError } from './mapping-template.errors';

/**
 * Java regular expressions (java.util.regex) as JS RegExps. The two dialects agree on everything templates
 * commonly use; we translate the Java-only spellings (leading inline flags, \Q..\E, \A, \z, \Z, POSIX classes
 * like \p{Alpha}, possessive quantifiers approximated as greedy) and cache the result per pattern.
 */
const cache = new Map<string, RegExp>();
const CACHE_LIMIT = 1000;

const POSIX_CLASSES: Record<string, string> = {
  Lower: 'a-z',
  Upper: 'A-Z',
  ASCII: '\\x00-\\x7F',
  Alpha: 'a-zA-Z',
  Digit: '0-9',
  Alnum: 'a-zA-Z0-9',
  Punct: '!-\\/:-@\\[-`{-~',
  Graph: '!-~',
  Print: ' -~',
  Blank: ' \\t',
  Cntrl: '\\x00-\\x1F\\x7F',
  XDigit: '0-9a-fA-F',
  Space: ' \\t\\n\\x0B\\f\\r',
};

export function javaRegex(pattern: string): RegExp {
  let re = cache.get(pattern);
  if (re) return re;
  re = translate(pattern);
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(pattern, re);
  return re;
}

function translate(pattern: string): RegExp {
  let flags = 'g';
  let source = pattern;
  const inline = /^\(\?([imsx]+)\)/.exec(source);
  if (inline) {
    if (inline[1].includes('x')) throw new MappingRuntimeError(`Unsupported regex flag (?x) in "${pattern}"`);
    for (const f of inline[1]) if (!flags.includes(f)) flags += f;
    source = source.slice(inline[0].length);
  }
  let out = '';
  // Whether the last thing copied was a quantifier, so a following `+` makes it possessive.
  let afterQuantifier = false;
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\' && i + 1 < source.length) {
      afterQuantifier = false;
      const next = source[i + 1];
      if (next === 'Q') {
        const end = source.indexOf('\\E', i + 2);
        const quoted = source.slice(i + 2, end === -1 ? source.length : end);
        out += quoted.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
        i = end === -1 ? source.length : end + 1;
        continue;
      }
      if (next === 'A') (out += '^'), i++;
      else if (next === 'z' || next === 'Z') (out += '$'), i++;
      else if ((next === 'p' || next === 'P') && source[i + 2] === '{') {
        const close = source.indexOf('}', i + 3);
        const name = source.slice(i + 3, close).replace(/^Is/, '');
        const cls = POSIX_CLASSES[name];
        if (close === -1 || cls === undefined) {
          throw new MappingRuntimeError(`Unsupported regex class \\${next}{${name}} in "${pattern}"`);
        }
        out += next === 'p' ? `[${cls}]` : `[^${cls}]`;
        i = close;
      } else (out += c + next), i++;
      continue;
    }
    // Possessive quantifiers (a*+, a++, a?+) have no JS form; greedy matches the same strings in practice.
    if (inClass || c === '[') {
      inClass = c === '[' || c !== ']';
      afterQuantifier = false;
      out += c;
      continue;
    }
    if (c === '+' && afterQuantifier) {
      afterQuantifier = false;
      continue;
    }
    afterQuantifier = c === '*' || c === '+' || c === '?' || c === '}';
    out += c;
  }
  try {
    return new RegExp(out, flags);
  } catch (err) {
    throw new MappingRuntimeError(`Invalid regular expression "${pattern}": ${(err as Error).message}`);
  }
}

/** String.replaceAll / replaceFirst with Java's replacement syntax ($n, ${name}, \ escapes). */
export function javaReplace(input: string, pattern: string, replacement: string, all: boolean): string {
  const re = javaRegex(pattern);
  re.lastIndex = 0;
  let out = '';
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(input)) !== null) {
    out += input.slice(last, m.index) + expandReplacement(replacement, m);
    last = m.index + m[0].length;
    if (m[0].length === 0) {
      // An empty match: copy one character and move on, as Java's Matcher does.
      if (m.index < input.length) out += input[m.index];
      last = m.index + 1;
      re.lastIndex = m.index + 1;
    }
    if (!all) break;
  }
  return last > input.length ? out : out + input.slice(last);
}

function expandReplacement(replacement: string, m: RegExpExecArray): string {
  let out = '';
  for (let i = 0; i < replacement.length; i++) {
    const c = replacement[i];
    if (c === '\\') {
      i++;
      if (i >= replacement.length) throw new MappingRuntimeError('character to be escaped is missing');
      out += replacement[i];
    } else if (c === '$') {
      i++;
      if (replacement[i] === '{') {
        const close = replacement.indexOf('}', i);
        const name = replacement.slice(i + 1, close);
        if (close === -1 || !m.groups || !(name in m.groups)) {
          throw new MappingRuntimeError(`No group with name {${name}}`);
        }
        out += m.groups[name] ?? '';
        i = close;
        continue;
      }
      const digit = replacement.charCodeAt(i) - 48;
      if (!(digit >= 0 && digit <= 9)) throw new MappingRuntimeError('Illegal group reference');
      let group = digit;
      // Java takes further digits only while they still name an existing group.
      while (i + 1 < replacement.length) {
        const d = replacement.charCodeAt(i + 1) - 48;
        if (!(d >= 0 && d <= 9) || group * 10 + d >= m.length) break;
        group = group * 10 + d;
        i++;
      }
      if (group >= m.length) throw new MappingRuntimeError(`No group ${group}`);
      out += m[group] ?? '';
    } else out += c;
  }
  return out;
}

/** String.split(regex, limit): no captured groups in the result, trailing empties dropped when limit is 0. */
export function javaSplit(input: string, pattern: string, limit = 0): string[] {
  const re = javaRegex(pattern);
  re.lastIndex = 0;
  const out: string[] = [];
  let index = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(input)) !== null) {
    const start = m.index;
    const end = start + m[0].length;
    if (m[0].length === 0) re.lastIndex = start + 1;
    if (start >= input.length && m[0].length === 0) break;
    if (limit > 0 && out.length >= limit - 1) break;
    if (!(index === 0 && start === 0 && end === 0)) {
      out.push(input.slice(index, start));
      index = end;
    }
  }
  if (index === 0 && out.length === 0) return [input];
  out.push(input.slice(index));
  if (limit === 0) while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}

export function javaMatches(input: string, pattern: string): boolean {
  // Whole-string match: anchor the pattern (keeping a leading inline-flag group in front of the anchor).
  const inline = /^\(\?[imsx]+\)/.exec(pattern);
  const flags = inline ? inline[0] : '';
  const re = javaRegex(`${flags}^(?:${pattern.slice(flags.length)})(?![\\s\\S])`);
  re.lastIndex = 0;
  const m = re.exec(input);
  return m !== null && m.index === 0;
}
