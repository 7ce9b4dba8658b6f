/**
 * Percent-decodes a path segment, a path parameter or a query string name or value as API Gateway does: `%XX`
 * escapes are decoded, `+` is left as is, and a malformed escape passes through as received rather than failing
 * the request.
 */
export function percentDecode(text: string): string {
  // Most values hold no escape: skip the decoder and its try/catch.
  if (text.indexOf('%') < 0) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
