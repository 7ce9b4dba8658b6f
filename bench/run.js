#!/usr/bin/env node
'use strict';
// `npm run bench`: the gateway side by side with a direct call and nginx, against the same upstream, in one run.
// Settings (environment):
//   BENCH_DURATION     seconds per wrk measurement, 1..120 (default 5)
//   BENCH_ROUNDS       measurements per case and connection count, 1..20 (default 3): the HTTP cases take turns round
//                      by round, so a slow minute of a shared machine hits them all alike; the report gives the medians
//   BENCH_WARMUP       seconds of unrecorded load for each case before the rounds, 0..30 (default 10: steady state,
//                      see RESULTS.md); every measurement is then preceded by 1 s more
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
    seconds: intSetting('BENCH_DURATION', 5, 1, 120),
    rounds: intSetting('BENCH_ROUNDS', 3, 1, 20),
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

/** Starts and checks an HTTP case's target and gives it its warm-up at each connection count. */
async function prepareHttp(c, env, settings) {
  const { url, headers } = await c.target(env);
  const verified = c.verify ? await c.verify(env) : undefined;
  for (const connections of CONNECTIONS) {
    if (settings.warmupSeconds) await runWrk({ url, headers, connections, seconds: settings.warmupSeconds, cpus: settings.loadCpus });
  }
  return { case: c, url, headers, verified, rounds: new Map(CONNECTIONS.map((n) => [n, []])) };
}

/**
 * One recorded wrk run of a prepared case, after 1 s of unrecorded load: the other cases ran since its warm-up (caches,
 * and for the Lambda cases the workers' turn in the scheduler).
 */
async function measureRound(prepared, connections, round, settings, log) {
  const load = { url: prepared.url, headers: prepared.headers, connections, cpus: settings.loadCpus };
  await runWrk({ ...load, seconds: 1 });
  const result = await runWrk({ ...load, seconds: settings.seconds });
  log(`round ${round}, ${connections} conn: ${Math.round(result.rps)} req/s, p50 ${latency(result.p50)}, p99 ${latency(result.p99)}`);
  prepared.rounds.get(connections).push(result);
}

/** A case's rows: per connection count, the medians of its rounds (errors summed), and the rounds themselves. */
function httpRows(prepared) {
  const median = (values) => {
    const sorted = values.slice().sort((a, b) => a - b);
    const middle = sorted.length >> 1;
    return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  };
  return CONNECTIONS.map((connections) => {
    const rounds = prepared.rounds.get(connections);
    return {
      case: prepared.case,
      connections,
      rps: median(rounds.map((r) => r.rps)),
      p50: median(rounds.map((r) => r.p50)),
      p99: median(rounds.map((r) => r.p99)),
      non2xx: rounds.reduce((sum, r) => sum + r.non2xx, 0),
      socketErrors: rounds.reduce((sum, r) => sum + r.socketErrors, 0),
      rounds,
    };
  });
}

/**
 * Every selected HTTP case is prepared in order, then measured in rounds: in each round every case takes its turn
 * at each connection count, in the opposite order to the round before, so drift of the machine spreads over them all.
 */
async function measureHttpCases(cases, env, settings, log) {
  const prepared = [];
  const failed = [];
  for (const c of cases) {
    if (isStopping()) break;
    console.error(`${c.name}: set-up and warm-up …`);
    try {
      const p = await prepareHttp(c, env, settings);
      if (p.verified) log(`verified: ${p.verified}`);
      prepared.push(p);
    } catch (error) {
      console.error(`  failed: ${error.message}`);
      failed.push({ case: c, error: error.message });
    }
  }
  for (let round = 1; round <= settings.rounds && !isStopping(); round++) {
    for (const p of round % 2 ? prepared : prepared.slice().reverse()) {
      if (p.error || isStopping()) continue;
      console.error(`${p.case.name}: round ${round} of ${settings.rounds} …`);
      try {
        for (const connections of CONNECTIONS) await measureRound(p, connections, round, settings, log);
      } catch (error) {
        console.error(`  failed: ${error.message}`);
        p.error = error.message;
      }
    }
  }
  const rows = [...failed];
  for (const p of prepared) rows.push(...(p.error ? [{ case: p.case, error: p.error }] : httpRows(p)));
  // In the order of CASES, as the report lists them.
  return rows.sort((a, b) => CASES.indexOf(a.case) - CASES.indexOf(b.case));
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
  const selected = CASES.filter((c) => !settings.only || settings.only.includes(c.id));
  // The closing re-measure of direct runs once, after everything else: how far the machine drifted over the run.
  const closing = selected.filter((c) => c.id === 'direct-end');
  const httpCases = selected.filter((c) => c.kind === 'http' && !closing.includes(c));
  // Every warm-up and wrk run at each connection count, plus set-up, cold starts and shutdown.
  const perCase = CONNECTIONS.length * (settings.warmupSeconds + settings.rounds * (settings.seconds + 2) + 2);
  setChildLifetime(httpCases.length * perCase + closing.length * CONNECTIONS.length * (settings.warmupSeconds + settings.seconds + 4) + 240);
  const machine = describeMachine();
  const startedAt = new Date().toISOString();
  const log = (line) => console.error(`  ${line}`);
  const env = createEnvironment(settings);
  const results = [];
  try {
    results.push(...(await measureHttpCases(httpCases, env, settings, log)));
    // After the rounds: a cold start retires the warm workers the Lambda cases use.
    for (const c of selected.filter((c) => c.kind !== 'http')) {
      if (isStopping()) break;
      console.error(`${c.name} …`);
      try {
        results.push(...(await MEASURE[c.kind](c, env, settings, log)));
      } catch (error) {
        console.error(`  failed: ${error.message}`);
        results.push({ case: c, error: error.message });
      }
    }
    if (closing.length && !isStopping()) results.push(...(await measureHttpCases(closing, env, { ...settings, rounds: 1 }, log)));
  } finally {
    await env.close();
  }
  results.sort((a, b) => CASES.indexOf(a.case) - CASES.indexOf(b.case));

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
