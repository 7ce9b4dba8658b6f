const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

let cachedSecond = -1;
let cachedText = '';

function pad(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/**
 * `$context.requestTime` in AWS's CLF form, `09/Apr/2015:12:34:56 +0000`. Requests within one second share the
 * string, so formatting happens at most once a second however busy the node is.
 */
export function formatRequestTime(epochMs: number): string {
  const second = Math.floor(epochMs / 1000);
  if (second === cachedSecond) return cachedText;
  const d = new Date(second * 1000);
  cachedText = `${pad(d.getUTCDate())}/${MONTHS[d.getUTCMonth()]}/${d.getUTCFullYear()}:${pad(d.getUTCHours())}:${pad(
    d.getUTCMinutes(),
  )}:${pad(d.getUTCSeconds())} +0000`;
  cachedSecond = second;
  return cachedText;
}

let cachedMs = -1;
let cachedMsText = '';

/**
 * `$context.requestTimeEpoch` as JSON text. An epoch in ms is a heap number that V8 turns into text the slow way;
 * requests within one millisecond (dozens, under load) share the string.
 */
export function formatRequestTimeEpoch(epochMs: number): string {
  if (epochMs !== cachedMs) {
    cachedMs = epochMs;
    cachedMsText = String(epochMs);
  }
  return cachedMsText;
}
