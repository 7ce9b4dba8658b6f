import { globRegex } from './glob-pattern';

/**
 * ARN matching as IAM does it for `Resource` and the `Arn…` condition operators: `*` alone matches any ARN;
 * otherwise each of the six colon-separated parts (the last may hold further colons and `/`) matches on its own, so
 * a wildcard never crosses a colon of the first five.
 */
export function arnMatches(pattern: string, arn: string): boolean {
  if (pattern === '*') return true;
  const p = splitArn(pattern);
  const a = splitArn(arn);
  if (p === undefined || a === undefined) return false;
  for (let i = 0; i < 6; i++) if (!globRegex(p[i]).test(a[i])) return false;
  return true;
}

function splitArn(arn: string): string[] | undefined {
  const parts: string[] = [];
  let from = 0;
  for (let i = 0; i < 5; i++) {
    const at = arn.indexOf(':', from);
    if (at < 0) return undefined;
    parts.push(arn.slice(from, at));
    from = at + 1;
  }
  parts.push(arn.slice(from));
  return parts;
}
