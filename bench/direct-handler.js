'use strict';
// The reference for the Lambda cases: the same hello-world handler required and awaited in a loop, no gateway,
// no worker. Run as a child pinned to the server CPUs (`node bench/direct-handler.js <seconds>`); prints one JSON
// line { ops, p50Us, p99Us, calls }.
const { performance } = require('node:perf_hooks');
const { handler } = require('./lambda/hello');
const { percentile } = require('./stats');

// A payload 2.0 event and context built once, as the worker would receive them.
const EVENT = {
  version: '2.0',
  routeKey: '$default',
  rawPath: '/hello',
  rawQueryString: '',
  headers: { host: '127.0.0.1', 'user-agent': 'bench' },
  requestContext: { http: { method: 'GET', path: '/hello', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'bench' } },
  isBase64Encoded: false,
};
const CONTEXT = { functionName: 'bench-hello', awsRequestId: 'bench', getRemainingTimeInMillis: () => 3000 };

async function measure(seconds) {
  // Latencies of the first million calls only: keeping every one at ~1M calls/s would cost more than the call.
  const samples = new Float64Array(1_000_000);
  let calls = 0;
  const start = performance.now();
  const end = start + seconds * 1000;
  let now = start;
  while (now < end) {
    const before = now;
    await handler(EVENT, CONTEXT);
    now = performance.now();
    if (calls < samples.length) samples[calls] = now - before;
    calls++;
  }
  const kept = samples.subarray(0, Math.min(calls, samples.length)).sort();
  return { ops: calls / ((now - start) / 1000), p50Us: percentile(kept, 50) * 1000, p99Us: percentile(kept, 99) * 1000, calls };
}

async function main() {
  const seconds = Number(process.argv[2] || 3);
  await measure(Math.min(1, seconds)); // warm-up: let the JIT settle before the measured loop
  process.stdout.write(`${JSON.stringify(await measure(seconds))}\n`);
}

if (require.main === module) main();
