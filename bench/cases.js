'use strict';
// What one `npm run bench` measures, in the order it runs. Adding a case is adding an entry:
//   kind 'http'        — wrk at each of CONNECTIONS against what `target(env)` resolves ({ url, headers? });
//                        `directRef` names the case its "× direct" ratio uses (default: the direct upstream);
//                        `verify(env)`, when there, runs first and throws if the route does not answer as it must;
//                        `compareTo` names another http case the report states this one's ratio to.
//   kind 'cold'        — first-request latency after `prepare(env, i)` retired the warm workers, a few times.
//   kind 'in-process'  — the handler required and called in a loop in a pinned child (bench/direct-handler.js).
// `env` (run.js) starts things on first use: upstream(), nginx(), proxyFloor(), lambdaFloor(), gateway(),
// httpProxyUrl(), lambdaUrl(), userPool(), fullPipeline().

const { verifyFullPipeline } = require('./full-pipeline');

const CONNECTIONS = [1, 50];

const CASES = [
  { id: 'direct', kind: 'http', name: 'direct → upstream', target: async (env) => ({ url: `${(await env.upstream()).url}/hello` }) },
  { id: 'nginx', kind: 'http', name: 'nginx proxy_pass (keepalive) → upstream', target: async (env) => ({ url: `${(await env.nginx()).url}/hello` }) },
  {
    // The least any Node.js proxy does for the same call (bench/proxy-floor.js): the yardstick for the next case.
    id: 'http-proxy-floor',
    kind: 'http',
    name: 'floor: node:http + keep-alive net client → upstream (no gateway)',
    target: async (env) => ({ url: `${(await env.proxyFloor()).url}/hello` }),
  },
  {
    id: 'http-proxy',
    kind: 'http',
    name: 'gateway HTTP API, HTTP_PROXY → upstream',
    compareTo: 'http-proxy-floor',
    target: async (env) => ({ url: await env.httpProxyUrl() }),
  },
  {
    // The least any Node.js server does for the same call (bench/lambda-floor.js): the yardstick for the next case.
    id: 'lambda-floor',
    kind: 'http',
    name: 'floor: node:http + one worker thread → hello handler (no gateway)',
    directRef: 'handler',
    target: async (env) => ({ url: `${(await env.lambdaFloor()).url}/hello` }),
  },
  {
    id: 'lambda',
    kind: 'http',
    name: 'gateway HTTP API, AWS_PROXY → Lambda (warm)',
    directRef: 'handler',
    compareTo: 'lambda-floor',
    target: async (env) => ({ url: await env.lambdaUrl() }),
  },
  {
    id: 'lambda-cold',
    kind: 'cold',
    name: 'gateway HTTP API, AWS_PROXY → Lambda (cold start, 1st request)',
    target: async (env) => ({ url: await env.lambdaUrl() }),
    // A new environment variable is a new function configuration: warm workers of the old one retire.
    prepare: async (env, attempt) => (await env.gateway()).setVariant(env.lambdaFunction, `cold-${attempt}`),
    expect: (body, attempt) => JSON.parse(body).variant === `cold-${attempt}`,
  },
  { id: 'handler', kind: 'in-process', name: 'hello handler called in-process (Lambda reference)' },
  {
    id: 'full-pipeline',
    kind: 'http',
    name: 'gateway REST API, API key + usage plan + Cognito JWT authorizer → AWS_PROXY Lambda (warm)',
    directRef: 'handler',
    compareTo: 'lambda',
    target: async (env) => {
      const { url, apiKey, token } = await env.fullPipeline();
      return { url, headers: { 'x-api-key': apiKey, authorization: token } };
    },
    verify: async (env) => verifyFullPipeline({ ...(await env.fullPipeline()), expectedBody: { hello: 'world', variant: 'full-pipeline' } }),
  },
  // Last on purpose: the same measurement as the first, to show how far the machine drifted during the run.
  { id: 'direct-end', kind: 'http', name: 'direct → upstream (again, at the end: drift)', target: async (env) => ({ url: `${(await env.upstream()).url}/hello` }) },
];

/**
 * Targets from the issue. `check(results)` gets a lookup `(caseId, connections) → result` and returns
 * { pass, detail } or undefined when a needed case was not measured.
 */
const TARGETS = [
  ...CONNECTIONS.map((c) => ({
    name: `HTTP proxy route ≥ 0.6× nginx req/s and p99 ≤ 2× nginx p99 (${c} conn)`,
    check: (get) => {
      const [gw, ngx] = [get('http-proxy', c), get('nginx', c)];
      if (!gw || !ngx) return undefined;
      const rps = gw.rps / ngx.rps;
      const p99 = gw.p99 / ngx.p99;
      return { pass: rps >= 0.6 && p99 <= 2, detail: `${rps.toFixed(2)}× req/s, ${p99.toFixed(2)}× p99` };
    },
  })),
  {
    name: 'Lambda route ≥ 40,000 req/s with p99 < 3 ms (50 conn)',
    check: (get) => {
      const r = get('lambda', 50);
      if (!r) return undefined;
      return { pass: r.rps >= 40_000 && r.p99 < 3, detail: `${Math.round(r.rps).toLocaleString('en-US')} req/s, p99 ${r.p99.toFixed(2)} ms` };
    },
  },
];

module.exports = { CASES, TARGETS, CONNECTIONS };
