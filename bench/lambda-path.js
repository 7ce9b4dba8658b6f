#!/usr/bin/env node
'use strict';
// The Lambda hot path measured as CPU time per request, which a busy shared machine disturbs far less than req/s.
// Starts the gateway (dist/, as `npm run bench` does) pinned to BENCH_SERVER_CPUS (default 1), deploys the bench
// hello handler behind an HTTP API (AWS_PROXY, payload 2.0), and runs wrk pinned to BENCH_LOAD_CPUS (default 0).
// Around each measured wrk run it reads the gateway's CPU time from /proc: the main thread (tid = pid), the Lambda
// worker threads (the threads that appeared when the function was first invoked) and the whole process, and the
// context switches per request of the main and worker threads (/proc/…/status).
//
// Usage: node bench/lambda-path.js [rounds=3] [seconds=5] [connections=50]   (build dist/ first: npm run build)
//   BENCH_DIST=<dir>: also start that build (keep it under bench/out/ so node_modules resolves) and alternate the
//   two round by round, so the machine's drift hits both alike. BENCH_PROFILE=<dir>: --cpu-prof (slows it down).
//   BENCH_ROUTE=http-proxy: the HTTP_PROXY route instead of the Lambda one.
//   BENCH_DIST_B=<dir>: use that build instead of dist/ as the second one.
//   BENCH_NODE_ARGS: more node flags for the gateway (space-separated).
// node bench/lambda-path.js runtime [rounds=3] [invocations=100000] [callers=50]
//   No HTTP: dist/'s LocalFunctionRuntime behind a RoutingLambdaInvoker, as in the gateway, called in this process
//   (pinned to BENCH_SERVER_CPUS) by concurrent callers; CPU per invocation of the host thread and the worker
//   thread: libs/functions alone. BENCH_DIST=<dir> runs another build's libs instead.
// Both print every round, then the minimum and median per column.
const fs = require('node:fs');
const os = require('node:os');
const { installCleanup, setChildLifetime, stopAll } = require('./processes');
const { runWrk } = require('./load');
const { startGateway } = require('./gateway');

const mode = process.argv[2] === 'runtime' ? 'runtime' : 'gateway';
const args = process.argv.slice(mode === 'runtime' ? 3 : 2);
const rounds = Number(args[0] || 3);
const loadCpus = process.env.BENCH_LOAD_CPUS || '0';
const serverCpus = process.env.BENCH_SERVER_CPUS || '1';
const TICK_US = 1e6 / 100; // USER_HZ is 100 on Linux

/** The node process under `timeout … taskset … node`: the child's only descendant that runs node. */
function nodePid(wrapperPid) {
  let pid = wrapperPid;
  for (let depth = 0; depth < 3; depth++) {
    if (/node/.test(fs.readFileSync(`/proc/${pid}/comm`, 'utf8')) || fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').startsWith(process.execPath)) return pid;
    const children = fs.readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean);
    if (children.length !== 1) break;
    pid = Number(children[0]);
  }
  throw new Error(`no node process under ${wrapperPid}`);
}

/** Voluntary + involuntary context switches of one thread: how often it slept or was preempted. */
function switches(pid, tid) {
  const status = fs.readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8');
  return Number(/^voluntary_ctxt_switches:\s+(\d+)/m.exec(status)[1]) + Number(/^nonvoluntary_ctxt_switches:\s+(\d+)/m.exec(status)[1]);
}

/** utime + stime of one thread (or, for tid = undefined, the whole process), in microseconds. */
function cpuUs(pid, tid) {
  const stat = fs.readFileSync(tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_US;
}

const BENCH_EVENT = {
  version: '2.0',
  routeKey: '$default',
  rawPath: '/hello',
  rawQueryString: '',
  headers: { host: '127.0.0.1:41234', 'x-forwarded-for': '127.0.0.1', 'x-forwarded-port': '41234', 'x-forwarded-proto': 'http' },
  requestContext: {
    accountId: '123456789012',
    apiId: 'a1b2c3d4e5',
    domainName: '127.0.0.1',
    domainPrefix: '127',
    http: { method: 'GET', path: '/hello', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: '' },
    requestId: 'JKJaXmPLvHcESHA=',
    routeKey: '$default',
    stage: '$default',
    time: '24/Nov/2026:17:00:00 +0000',
    timeEpoch: 1795539600000,
  },
  isBase64Encoded: false,
};

/**
 * The rows, then their minimum and median per column: on a shared machine the other engineers' work only ever adds
 * CPU time (cache misses, a busy sibling hyperthread), so the minimum is the most repeatable number.
 */
function withSummary(rows) {
  const columns = Object.keys(rows[0]).filter((k) => k.includes('µs') || k.includes('/req'));
  const pick = (label, choose) => {
    const row = { round: label };
    for (const k of columns) {
      const sorted = rows.map((r) => Number(r[k])).sort((a, b) => a - b);
      row[k] = choose(sorted).toFixed(k.includes('switches') ? 2 : 1);
    }
    return row;
  };
  return [...rows, pick('min', (v) => v[0]), pick('median', (v) => v[Math.floor((v.length - 1) / 2)])];
}

// BENCH_ROUTE=http-proxy measures the HTTP_PROXY route instead (to a bench upstream on the server CPU): "workers"
// is then empty and "main" the gateway's whole event loop.
const route = process.env.BENCH_ROUTE === 'http-proxy' ? 'http-proxy' : 'lambda';
let upstream;
const sharedUpstream = async () => (upstream ??= require('./upstream').startUpstream(serverCpus, await require('./processes').freePort()));

const threads = (pid) => fs.readdirSync(`/proc/${pid}/task`).map(Number);

/** One gateway under test: started, its Lambda API deployed and warmed, its threads known. */
async function startSubject(label, dist, nodeArgs, connections) {
  const gateway = await startGateway(serverCpus, { dist, nodeArgs });
  const pid = nodePid(gateway.child.pid);
  const before = new Set(threads(pid));
  const url = route === 'http-proxy' ? await gateway.createHttpProxyApi((await sharedUpstream()).url) : await gateway.createLambdaApi('bench-hello');
  await runWrk({ url, connections, seconds: 1, cpus: loadCpus }); // warm-up: workers started, JIT warm
  const workers = threads(pid).filter((tid) => !before.has(tid));
  const sample = () => ({
    main: cpuUs(pid, pid),
    workers: workers.reduce((s, t) => s + cpuUs(pid, t), 0),
    total: cpuUs(pid),
    mainSwitches: switches(pid, pid),
    workerSwitches: workers.reduce((s, t) => s + switches(pid, t), 0),
  });
  console.log(`${label}: gateway pid ${pid}${dist ? ` (${dist})` : ''}, ${workers.length} threads started by the first invocations`);
  return { label, gateway, url, sample, rows: [] };
}

async function measureGateway() {
  const [seconds, connections] = [Number(args[1] || 5), Number(args[2] || 50)];
  installCleanup();
  const profileDir = process.env.BENCH_PROFILE ? require('node:path').resolve(process.env.BENCH_PROFILE) : undefined;
  const nodeArgs = [...(profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : []), ...(process.env.BENCH_NODE_ARGS ? process.env.BENCH_NODE_ARGS.split(' ') : [])];
  // With BENCH_DIST, both builds run side by side and take turns, round by round: the machine's drift hits both alike.
  // BENCH_DIST_B replaces ./dist as the second build (dist/ is rebuilt by anyone running tests in this checkout).
  const second = process.env.BENCH_DIST_B ? ['b', process.env.BENCH_DIST_B] : ['dist', undefined];
  const builds = process.env.BENCH_DIST ? [['base', process.env.BENCH_DIST], second] : [second];
  setChildLifetime(builds.length * rounds * (seconds + 3) + 180);
  const subjects = [];
  try {
    for (const [label, dist] of builds) subjects.push(await startSubject(label, dist, nodeArgs, connections));
    for (let round = 1; round <= rounds; round++) {
      for (const subject of round % 2 ? subjects : subjects.slice().reverse()) {
        const load0 = os.loadavg()[0];
        const start = subject.sample();
        const result = await runWrk({ url: subject.url, connections, seconds, cpus: loadCpus });
        const end = subject.sample();
        const per = (k, digits = 1) => ((end[k] - start[k]) / result.requests).toFixed(digits);
        subject.rows.push({
          round,
          'req/s': Math.round(result.rps),
          'p99 ms': result.p99.toFixed(2),
          'main µs/req': per('main'),
          'workers µs/req': per('workers'),
          'total µs/req': per('total'),
          // V8's GC helper threads and libuv's pool, mostly.
          'other threads µs/req': ((end.total - start.total - (end.main - start.main) - (end.workers - start.workers)) / result.requests).toFixed(1),
          // Sleeps and preemptions per request: on a shared core every wake-up of a worker costs the main thread too.
          'main switches/req': per('mainSwitches', 2),
          'worker switches/req': per('workerSwitches', 2),
          non2xx: result.non2xx,
          load1: load0.toFixed(2),
        });
      }
    }
    for (const subject of subjects) {
      console.log(subject.label);
      console.table(withSummary(subject.rows));
    }
  } finally {
    for (const subject of subjects) await subject.gateway.close();
    await stopAll();
  }
  if (profileDir) console.log(require('./profile').summariseProfiles(profileDir));
}

async function measureRuntime() {
  const [invocations, callers] = [Number(args[1] || 100_000), Number(args[2] || 50)];
  const path = require('node:path');
  const { execFileSync } = require('node:child_process');
  if (serverCpus) execFileSync('taskset', ['-pc', serverCpus, String(process.pid)], { stdio: 'ignore' });
  // BENCH_DIST: another build's dist/ (e.g. a copy of the previous one) to compare against.
  const dist = path.join(process.env.BENCH_DIST ? path.resolve(process.env.BENCH_DIST) : path.join(__dirname, '..', 'dist'), 'libs', 'functions', 'src', 'index.js');
  const { LocalFunctionRuntime, RoutingLambdaInvoker } = require(dist);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-lambda-path-'));
  try {
    const fnDir = path.join(tmp, 'hello');
    fs.mkdirSync(fnDir);
    fs.copyFileSync(path.join(__dirname, 'lambda', 'hello.js'), path.join(fnDir, 'index.js'));
    const record = {
      configuration: { FunctionName: 'hello', FunctionArn: '', Runtime: 'nodejs20.x', Handler: 'index.handler', CodeSize: 0, Timeout: 30, MemorySize: 128, LastModified: '', CodeSha256: '', Version: '$LATEST' },
      code: { kind: 'directory', path: fnDir },
    };
    let logBytes = 0;
    const resolver = { resolve: async () => record };
    const runtime = new LocalFunctionRuntime({
      resolver,
      codeSource: { getZip: async () => undefined },
      cacheDir: path.join(tmp, 'cache'),
      region: 'us-east-1',
      accountId: '123456789012',
      // Like the platform's sink, minus the stdout write: the lines are built and handed over.
      logSink: (line) => (logBytes += line.length),
    });
    // The payload 2.0 event the gateway sends for wrk's `GET /hello` (one Host header).
    const payload = JSON.stringify(BENCH_EVENT);
    const router = new RoutingLambdaInvoker({ resolver, local: runtime, region: 'us-east-1', accountId: '123456789012' });
    const invoke = () => router.invoke({ functionName: 'hello', payload });
    const before = new Set(threads(process.pid));
    await Promise.all(Array.from({ length: callers }, invoke));
    const workers = threads(process.pid).filter((tid) => !before.has(tid));
    const rows = [];
    for (let round = 1; round <= rounds + 1; round++) {
      const start = { main: cpuUs(process.pid, process.pid), workers: workers.reduce((s, t) => s + cpuUs(process.pid, t), 0) };
      const t0 = performance.now();
      let issued = 0;
      const caller = async () => {
        while (issued++ < invocations) {
          const result = await invoke();
          if (result.kind !== 'success') throw new Error(JSON.stringify(result));
        }
      };
      await Promise.all(Array.from({ length: callers }, caller));
      const ms = performance.now() - t0;
      const end = { main: cpuUs(process.pid, process.pid), workers: workers.reduce((s, t) => s + cpuUs(process.pid, t), 0) };
      if (round === 1) continue; // warm-up
      rows.push({
        round: round - 1,
        'inv/s': Math.round((invocations / ms) * 1000),
        'main µs/inv': ((end.main - start.main) / invocations).toFixed(1),
        'workers µs/inv': ((end.workers - start.workers) / invocations).toFixed(1),
        load1: os.loadavg()[0].toFixed(2),
      });
    }
    console.log(`${workers.length} worker threads, ${callers} callers, ${invocations} invocations per round, ${logBytes} log characters`);
    console.table(withSummary(rows));
    await runtime.close();
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

(mode === 'runtime' ? measureRuntime() : measureGateway()).catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
