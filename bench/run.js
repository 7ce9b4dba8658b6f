#!/usr/bin/env node
'use strict';
// `npm run bench`: the gateway side by side with a direct call and nginx, against the same upstream, in one run.
// Settings (environment):
//   BENCH_DURATION     seconds per wrk measurement, 1..120 (default 10)
//   BENCH_WARMUP       seconds of unrecorded load before each measurement, 0..30 (default 10: steady state, see RESULTS.md)
//   BENCH_COLD_STARTS  cold starts to time, 1..20 (default 5)
//   BENCH_CASES        comma-separated case ids to run (default all; see bench/cases.js)
//   BENCH_LOAD_CPUS    CPU list for wrk (default 0); BENCH_SERVER_CPUS for upstream, nginx, gateway (default 1)
//   BENCH_PROFILE      a directory: the gateway runs with --cpu-prof there, summarised by bench/profile.js at the end
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { CASES, TARGETS, CONNECTIONS } = require('./cases');
const { describeMachine, missingTools } = require('./machine');
const { installCleanup, isStopping, setChildLifetime, freePort, request, spawnPinned, stopAll } = require('./processes');
const { runWrk } = require('./load');
const { startUpstream } = require('./upstream');
const { startNginx } = require('./nginx');
const { startLambdaFloor } = require('./lambda-floor');
const { startProxyFloor } = require('./proxy-floor');
const { startGateway } = require('./gateway');
const { startUserPool } = require('./user-pool');
const { renderReport, evaluateTargets, latency } = require('./report');
const { summariseProfiles } = require('./profile');

const OUT_DIR = path.join(__dirname, 'out');

function intSetting(name, fallback, min, max) {
  const raw = process.env[name];
  const value = raw === undefined || raw === '' ? fallback : Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new Error(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  return value;
}

function readSettings() {
  const pin = os.availableParallelism() >= 2;
  const settings = {
    seconds: intSetting('BENCH_DURATION', 10, 1, 120),
    // Node's servers (the gateway, its floors, the upstream) settle only after seconds of load: JIT tiers and heap
    // sizing. A gateway node serves for hours; the first seconds are measured by the cold-start case instead.
    warmupSeconds: intSetting('BENCH_WARMUP', 10, 0, 30),
    coldStarts: intSetting('BENCH_COLD_STARTS', 5, 1, 20),
    loadCpus: pin ? process.env.BENCH_LOAD_CPUS || '0' : '',
    serverCpus: pin ? process.env.BENCH_SERVER_CPUS || '1' : '',
    profileDir: process.env.BENCH_PROFILE ? path.resolve(process.env.BENCH_PROFILE) : undefined,
    only: process.env.BENCH_CASES ? process.env.BENCH_CASES.split(',').map((s) => s.trim()) : undefined,
  };
  if (settings.only) {
    const unknown = settings.only.filter((id) => !CASES.some((c) => c.id === id));
    if (unknown.length) throw new Error(`BENCH_CASES: unknown case ${unknown.join(', ')}; known: ${CASES.map((c) => c.id).join(', ')}`);
  }
  if (!pin) console.warn('warning: fewer than 2 CPUs, load generator and servers are not pinned apart; numbers mean little');
  return settings;
}

/** Starts what cases ask for, once, on first use. */
function createEnvironment(settings) {
  const once = (start) => {
    let promise;
    const get = () => {
      get.started = true;
      return (promise ??= start());
    };
    return get;
  };
  const cpus = settings.serverCpus;
  const env = { lambdaFunction: 'bench-hello' };
  env.upstream = once(async () => startUpstream(cpus, await freePort()));
  env.nginx = once(async () => startNginx(cpus, await freePort(), new URL((await env.upstream()).url).port));
  env.proxyFloor = once(async () => startProxyFloor(cpus, await freePort(), (await env.upstream()).url));
  env.lambdaFloor = once(async () => startLambdaFloor(cpus, await freePort()));
  // Started with the gateway, whose COGNITO_ISSUER_URL must name it; idle after the gateway's one JWKS fetch.
  env.userPool = once(async () => startUserPool(cpus, await freePort()));
  env.gateway = once(async () =>
    startGateway(cpus, {
      nodeArgs: settings.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${settings.profileDir}`] : [],
      cognitoIssuerUrl: (await env.userPool()).issuerUrlTemplate,
    }),
  );
  env.httpProxyUrl = once(async () => (await env.gateway()).createHttpProxyApi((await env.upstream()).url));
  env.lambdaUrl = once(async () => (await env.gateway()).createLambdaApi(env.lambdaFunction));
  /** The full-pipeline route (bench/full-pipeline.js) and what a caller sends: { url, apiKey, token }. */
  env.fullPipeline = once(async () => {
    const [gateway, pool] = [await env.gateway(), await env.userPool()];
    const token = await pool.signIdToken();
    const { url, apiKey } = await gateway.createFullPipelineApi('bench-hello-pipeline', 'full-pipeline', pool, token);
    return { url, apiKey, token };
  });
  /** Stops what was started; the gateway gracefully, since it writes its CPU profile on a clean exit. */
  env.close = async () => {
    for (const start of [env.gateway, env.nginx]) {
      const started = start.started && (await start().catch(() => undefined));
      if (started) await started.close();
    }
    await stopAll();
  };
  return env;
}

async function measureHttp(c, env, settings, log) {
  const { url, headers } = await c.target(env);
  if (c.verify) log(`verified: ${await c.verify(env)}`);
  const rows = [];
  for (const connections of CONNECTIONS) {
    const load = { url, headers, connections, cpus: settings.loadCpus };
    if (settings.warmupSeconds) await runWrk({ ...load, seconds: settings.warmupSeconds });
    const result = await runWrk({ ...load, seconds: settings.seconds });
    log(`${connections} conn: ${Math.round(result.rps)} req/s, p50 ${latency(result.p50)}, p99 ${latency(result.p99)}`);
    rows.push({ case: c, connections, ...result });
  }
  return rows;
}

async function measureCold(c, env, settings, log) {
  const { url, headers } = await c.target(env);
  const agent = new (require('node:http').Agent)({ keepAlive: true, maxSockets: 1 });
  try {
    await request(url, { headers, agent }); // an open connection, so only the invocation is timed
    const samples = [];
    let stale = 0;
    for (let attempt = 1; attempt <= settings.coldStarts; attempt++) {
      await c.prepare(env, attempt);
      // The first answer from the new configuration is the cold one; answers from the old one are counted, not timed.
      for (let tries = 0; ; tries++) {
        const started = process.hrtime.bigint();
        const res = await request(url, { headers, agent });
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        if (res.status !== 200) throw new Error(`cold start answered ${res.status}: ${res.body}`);
        if (c.expect(res.body, attempt)) {
          samples.push(ms);
          break;
        }
        if (tries === 50) throw new Error('the new function configuration never answered');
        stale++;
        await new Promise((r) => setTimeout(r, 20));
      }
      await new Promise((r) => setTimeout(r, 300)); // let the retired workers exit before the next one
    }
    log(samples.map(latency).join(', '));
    return [{ case: c, connections: 1, samples, stale }];
  } finally {
    agent.destroy();
  }
}

function measureInProcess(c, env, settings, log) {
  return new Promise((resolve, reject) => {
    const child = spawnPinned(settings.serverCpus, process.execPath, [path.join(__dirname, 'direct-handler.js'), String(settings.seconds)]);
    child.once('close', (code) => {
      if (code !== 0) return reject(new Error(`direct-handler exited ${code}: ${child.output}`));
      const result = JSON.parse(child.output.trim().split('\n').pop());
      log(`${Math.round(result.ops)} ops/s, p50 ${latency(result.p50Us / 1000)}, p99 ${latency(result.p99Us / 1000)}`);
      resolve([{ case: c, ...result }]);
    });
  });
}

const MEASURE = {
  http: measureHttp,
  cold: measureCold,
  'in-process': measureInProcess,
};

async function main() {
  const missing = missingTools();
  if (missing.length) {
    console.error(`missing ${missing.join(', ')}: install with \`apt-get install wrk nginx-light util-linux\` (taskset is in util-linux)`);
    process.exit(1);
  }
  installCleanup();
  const settings = readSettings();
  // Every wrk run and its warm-up at each connection count, plus set-up, cold starts and shutdown.
  const httpCases = CASES.filter((c) => c.kind === 'http' && (!settings.only || settings.only.includes(c.id))).length;
  setChildLifetime(httpCases * CONNECTIONS.length * (settings.seconds + settings.warmupSeconds + 2) + settings.seconds + 180);
  const machine = describeMachine();
  const startedAt = new Date().toISOString();
  const log = (line) => console.error(`  ${line}`);
  const env = createEnvironment(settings);
  const results = [];
  try {
    for (const c of CASES) {
      if (settings.only && !settings.only.includes(c.id)) continue;
      if (isStopping()) break;
      console.error(`${c.name} …`);
      try {
        results.push(...(await MEASURE[c.kind](c, env, settings, log)));
      } catch (error) {
        console.error(`  failed: ${error.message}`);
        results.push({ case: c, error: error.message });
      }
    }
  } finally {
    await env.close();
  }

  const report = renderReport({
    startedAt,
    command: commandLine(),
    machine,
    loadAtEnd: os.loadavg().map((n) => n.toFixed(2)).join(', '),
    settings,
    connections: CONNECTIONS,
    results,
    targets: evaluateTargets(TARGETS, results),
  });
  console.log(`\n${report}`);
  fs.mkdirSync(OUT_DIR, { recursive: true });
  fs.appendFileSync(path.join(OUT_DIR, 'latest.md'), `\n${report}`);
  console.error(`appended to ${path.relative(process.cwd(), path.join(OUT_DIR, 'latest.md'))}`);
  if (settings.profileDir) console.log(`\n${summariseProfiles(settings.profileDir)}`);
  if (results.some((r) => r.error || r.non2xx || r.socketErrors)) process.exitCode = 1;
}

/** The command as a user would type it again, with the BENCH_* settings in effect. */
function commandLine() {
  const vars = Object.keys(process.env)
    .filter((k) => k.startsWith('BENCH_'))
    .sort()
    .map((k) => `${k}=${process.env[k]}`);
  return [...vars, 'npm run bench'].join(' ');
}

main().catch((error) => {
  console.error(error.stack || error.message);
  stopAll().finally(() => process.exit(1));
});
