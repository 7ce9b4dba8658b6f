#!/usr/bin/env node
// On-demand measurement for libs/functions (see libs/functions/README.md): how to isolate warm Node.js handlers.
// 1. worker_threads vs child processes, same hello-world handler, same batching (one message per event-loop turn),
//    at 1 and 50 concurrent callers: throughput, p50/p99 latency, memory per isolate.
// 2. The real LocalFunctionRuntime from dist/ (run `node scripts/build.js` first), same two loads.
// Bounded: a few thousand requests per case, about 15 s in all. Usage: node bench/functions-pool.js [isolates=2]
'use strict';
const { Worker } = require('node:worker_threads');
const { fork } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const ISOLATES = Number(process.argv[2] || 2);
const CASES = [
  { concurrency: 1, requests: 4000 },
  { concurrency: 50, requests: 40000 },
];

// The isolate side: echo handler, batched replies. Works as a worker thread or as a forked child.
const ISOLATE_SOURCE = `
const wt = require('node:worker_threads');
const port = wt.parentPort;
const send = port ? (m) => port.postMessage(m) : (m) => process.send(m);
const handler = async (event) => ({ statusCode: 200, body: JSON.stringify({ hello: event.name }) });
let out = [];
let scheduled = false;
function flush() { scheduled = false; const b = out; out = []; send(b); }
function reply(id, payload) { out.push([id, payload]); if (!scheduled) { scheduled = true; setImmediate(flush); } }
function onBatch(batch) {
  for (const [id, payload] of batch) handler(JSON.parse(payload)).then((r) => reply(id, JSON.stringify(r)));
}
if (port) port.on('message', onBatch); else process.on('message', onBatch);
`;

function makePool(kind, file) {
  const isolates = [];
  const pending = new Map();
  let nextId = 0;
  let rr = 0;
  for (let i = 0; i < ISOLATES; i++) {
    const isolate =
      kind === 'thread'
        ? new Worker(file)
        : fork(file, [], { serialization: 'advanced', stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    const outbox = [];
    let scheduled = false;
    const onBatch = (batch) => {
      for (const [id, payload] of batch) {
        const resolve = pending.get(id);
        pending.delete(id);
        resolve(payload);
      }
    };
    isolate.on('message', onBatch);
    isolates.push({
      isolate,
      send(id, payload) {
        outbox.push([id, payload]);
        if (!scheduled) {
          scheduled = true;
          setImmediate(() => {
            scheduled = false;
            const batch = outbox.splice(0);
            if (kind === 'thread') isolate.postMessage(batch);
            else isolate.send(batch);
          });
        }
      },
    });
  }
  return {
    invoke(payload) {
      return new Promise((resolve) => {
        const id = nextId++;
        pending.set(id, resolve);
        isolates[rr++ % isolates.length].send(id, payload);
      });
    },
    pids: () => isolates.map((i) => i.isolate.pid).filter(Boolean),
    close: () => Promise.all(isolates.map((i) => (kind === 'thread' ? i.isolate.terminate() : i.isolate.kill()))),
  };
}

async function load(invoke, { concurrency, requests }) {
  const latencies = new Float64Array(requests);
  let issued = 0;
  const started = process.hrtime.bigint();
  async function caller() {
    while (issued < requests) {
      const i = issued++;
      const t0 = process.hrtime.bigint();
      await invoke('{"name":"bench"}');
      latencies[i] = Number(process.hrtime.bigint() - t0) / 1e6;
    }
  }
  await Promise.all(Array.from({ length: concurrency }, caller));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  latencies.sort();
  const pct = (p) => latencies[Math.min(requests - 1, Math.floor(requests * p))].toFixed(3);
  return { rps: Math.round(requests / seconds), p50: pct(0.5), p99: pct(0.99) };
}

function rssOfPids(pids) {
  let kb = 0;
  for (const pid of pids) {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    kb += Number(/VmRSS:\s+(\d+)/.exec(status)[1]);
  }
  return kb / 1024;
}

async function measureMechanism(kind, file) {
  const rssBefore = process.memoryUsage().rss;
  const pool = makePool(kind, file);
  await pool.invoke('{"name":"warm"}');
  await Promise.all(Array.from({ length: ISOLATES * 4 }, () => pool.invoke('{"name":"warm"}')));
  const memMb = kind === 'thread' ? (process.memoryUsage().rss - rssBefore) / 1024 / 1024 : rssOfPids(pool.pids());
  const rows = [];
  for (const c of CASES) rows.push({ kind, ...c, ...(await load(pool.invoke, c)) });
  await pool.close();
  return { rows, perIsolateMb: (memMb / ISOLATES).toFixed(1) };
}

async function measureRuntime(tmp) {
  const dist = path.join(__dirname, '..', 'dist', 'libs', 'functions', 'src', 'index.js');
  if (!fs.existsSync(dist)) return { rows: [], note: 'dist/ not built: run `node scripts/build.js` first' };
  const { LocalFunctionRuntime } = require(dist);
  const fnDir = path.join(tmp, 'hello');
  fs.mkdirSync(fnDir, { recursive: true });
  fs.writeFileSync(path.join(fnDir, 'index.js'), 'exports.handler = async (event) => ({ statusCode: 200, body: JSON.stringify({ hello: event.name }) });');
  const record = {
    configuration: { FunctionName: 'hello', FunctionArn: '', Runtime: 'nodejs20.x', Handler: 'index.handler', CodeSize: 0, Timeout: 30, MemorySize: 128, LastModified: '', CodeSha256: '', Version: '$LATEST' },
    code: { kind: 'directory', path: fnDir },
  };
  const runtime = new LocalFunctionRuntime({
    resolver: { resolve: async () => record },
    codeSource: { getZip: async () => undefined },
    cacheDir: path.join(tmp, 'cache'),
    region: 'us-east-1',
    accountId: '123456789012',
    workersPerFunction: ISOLATES,
  });
  const invoke = (payload) => runtime.invoke({ functionName: 'hello', payload });
  await Promise.all(Array.from({ length: 50 }, () => invoke('{"name":"warm"}')));
  const rows = [];
  for (const c of CASES) rows.push({ kind: 'LocalFunctionRuntime', ...c, ...(await load(invoke, c)) });
  await runtime.close();
  return { rows };
}

(async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-fn-'));
  const file = path.join(tmp, 'isolate.cjs');
  fs.writeFileSync(file, ISOLATE_SOURCE);
  try {
    console.log(`node ${process.version}, ${os.availableParallelism()} CPUs, ${ISOLATES} isolates per pool`);
    const thread = await measureMechanism('thread', file);
    const child = await measureMechanism('child', file);
    const runtime = await measureRuntime(tmp);
    console.table([...thread.rows, ...child.rows, ...runtime.rows]);
    console.log(`memory per isolate: worker thread ~${thread.perIsolateMb} MiB (process RSS delta), child process ~${child.perIsolateMb} MiB (RSS)`);
    if (runtime.note) console.log(runtime.note);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
})();
