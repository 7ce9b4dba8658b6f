import { javaToString } from './java-values';
import { MappingRuntimeError } from './mapping-template.errors';
import { NO_SUCH_METHOD, VtlHostObject } from './vtl-host';

/**
 * `$util` exactly as the developer guide lists it: escapeJavaScript, parseJson, urlEncode, urlDecode,
 * base64Encode, base64Decode. Each behaves like the Java library call AWS makes. A null argument yields null.
 */
export class UtilVariable extends VtlHostObject {
  override vtlCall(name: string, args: unknown[]): unknown {
    if (args.length !== 1) return NO_SUCH_METHOD;
    const arg = args[0];
    if (arg === null || arg === undefined) {
      return name in UTIL_FUNCTIONS ? undefined : NO_SUCH_METHOD;
    }
    const fn = UTIL_FUNCTIONS[name];
    return fn ? fn(javaToString(arg)) : NO_SUCH_METHOD;
  }
  toString(): string {
    return '$util';
  }
}

const UTIL_FUNCTIONS: Record<string, (value: string) => unknown> = Object.assign(Object.create(null), {
  escapeJavaScript,
  parseJson,
  urlEncode,
  urlDecode,
  base64Encode: (s: string) => Buffer.from(s, 'utf8').toString('base64'),
  base64Decode: (s: string) => Buffer.from(s, 'base64').toString('utf8'),
});

/** Shared by every render: $util holds no state. */
export const UTIL = new UtilVariable();

function hex4(code: number): string {
  return code.toString(16).toUpperCase().padStart(4, '0');
}

/**
 * Apache Commons Lang StringEscapeUtils.escapeJavaScript: quotes, backslash and `/` escaped, control characters
 * as \b \t \n \f \r or \u00XX, and every non-ASCII character as \uXXXX (uppercase hex).
 */
export function escapeJavaScript(s: string): string {
  let out = '';
  let last = 0;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    let escaped: string | undefined;
    if (code > 0x7f) escaped = '\\u' + hex4(code);
    else if (code < 32) {
      if (code === 8) escaped = '\\b';
      else if (code === 9) escaped = '\\t';
      else if (code === 10) escaped = '\\n';
      else if (code === 12) escaped = '\\f';
      else if (code === 13) escaped = '\\r';
      else escaped = '\\u' + hex4(code);
    } else if (code === 39) escaped = "\\'";
    else if (code === 34) escaped = '\\"';
    else if (code === 92) escaped = '\\\\';
    else if (code === 47) escaped = '\\/';
    if (escaped !== undefined) {
      out += s.slice(last, i) + escaped;
      last = i + 1;
    }
  }
  return last === 0 ? s : out + s.slice(last);
}

function parseJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch (err) {
    throw new MappingRuntimeError(`$util.parseJson: invalid JSON (${(err as Error).message})`);
  }
}

/** java.net.URLEncoder with UTF-8: only A-Z a-z 0-9 . - * _ stay, space becomes +, the rest %XX uppercase. */
export function urlEncode(s: string): string {
  // Java encodes a lone surrogate as "?"; encodeURIComponent would throw on it.
  const wellFormed = s.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '?');
  return encodeURIComponent(wellFormed)
    .replace(/[!'()~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase())
    .replace(/%20/g, '+')
    .replace(/%2A/g, '*');
}

/** java.net.URLDecoder with UTF-8: + is a space, %XX are UTF-8 bytes; a malformed escape is an error. */
export function urlDecode(s: string): string {
  if (!s.includes('%')) return s.includes('+') ? s.replace(/\+/g, ' ') : s;
  let out = '';
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === '+') {
      out += ' ';
      i++;
    } else if (c === '%') {
      const bytes: number[] = [];
      while (i < s.length && s[i] === '%') {
        const pair = s.slice(i + 1, i + 3);
        if (!/^[0-9a-fA-F]{2}$/.test(pair)) {
          throw new MappingRuntimeError('$util.urlDecode: Illegal hex characters in escape (%) pattern');
        }
        bytes.push(parseInt(pair, 16));
        i += 3;
      }
      out += Buffer.from(bytes).toString('utf8');
    } else {
      out += c;
      i++;
    }
  }
  return out;
}
