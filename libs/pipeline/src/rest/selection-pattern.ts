/**
 * An integration response `selectionPattern` compiled once: a Java regex (java.util.regex.Pattern) that must match
 * the WHOLE selector — the backend's HTTP status code as text, or the Lambda error's `errorMessage` — as
 * `Pattern.matches` does. The Java-only spellings seen in selection patterns (a leading `(?i)`/`(?s)` flag group,
 * `\Q...\E` quoting, `\A`, `\z`, `\Z`) are translated; the rest of the syntax is shared by both dialects.
 * (@app/mapping has the same translation for `$util`/String methods but does not export it.)
 */
export type SelectionMatcher = (selector: string) => boolean;

export function compileSelectionPattern(pattern: string): SelectionMatcher {
  let source = pattern;
  let flags = '';
  const inline = /^\(\?([ims]+)\)/.exec(source);
  if (inline) {
    flags = [...new Set(inline[1])].join('');
    source = source.slice(inline[0].length);
  }
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c !== '\\' || i + 1 >= source.length) {
      out += c;
      continue;
    }
    const next = source[i + 1];
    if (next === 'Q') {
      const end = source.indexOf('\\E', i + 2);
      out += source.slice(i + 2, end < 0 ? source.length : end).replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
      i = end < 0 ? source.length : end + 1;
    } else if (next === 'A') {
      out += '^';
      i++;
    } else if (next === 'z' || next === 'Z') {
      out += '(?![\\s\\S])';
      i++;
    } else {
      out += c + next;
      i++;
    }
  }
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${out})(?![\\s\\S])`, flags);
  } catch (error) {
    throw new Error(`selectionPattern '${pattern}' is not a valid regular expression: ${(error as Error).message}`);
  }
  return (selector) => re.test(selector);
}
