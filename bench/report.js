'use strict';
// Turns measured results into the markdown section printed to the terminal and appended to bench/out/latest.md.
const { percentile } = require('./stats');

/** Milliseconds → `0.68 µs` below 10 µs, `353 µs` below 1 ms, else `1.20 ms`. */
function latency(ms) {
  if (ms === undefined || Number.isNaN(ms)) return '—';
  if (ms < 0.01) return `${(ms * 1000).toFixed(2)} µs`;
  return ms < 1 ? `${Math.round(ms * 1000)} µs` : `${ms.toFixed(2)} ms`;
}

const count = (n) => Math.round(n).toLocaleString('en-US');
/** a ÷ b, with enough digits to read: 0.0024×, 0.51×, 3,108×. */
function ratio(a, b) {
  if (a === undefined || !b) return '—';
  const r = a / b;
  if (r >= 100) return `${count(r)}×`;
  return r < 0.1 ? `${r.toPrecision(2)}×` : `${r.toFixed(2)}×`;
}

/** `results`: rows from run.js ({ case, connections?, rps?, p50?, p99?, ... }) → lookup by case id and connections. */
function indexResults(results) {
  const byKey = new Map();
  for (const r of results) byKey.set(`${r.case.id}@${r.connections ?? ''}`, r);
  return (id, connections) => {
    const r = byKey.get(`${id}@${connections ?? ''}`);
    return r && !r.error ? r : undefined;
  };
}

/** The in-process reference as a row comparable with HTTP rows: ops/s as req/s, µs as ms. */
function asThroughput(r) {
  return r && { rps: r.ops, p99: r.p99Us / 1000 };
}

function row(cells) {
  return `| ${cells.join(' | ')} |`;
}

function tableRows(results, get) {
  const lines = [];
  for (const r of results) {
    const { case: c } = r;
    if (r.error) {
      lines.push(row([c.name, r.connections ?? '', `**failed:** ${r.error.split('\n')[0]}`, '', '', '', '', '', '', '']));
    } else if (c.kind === 'in-process') {
      lines.push(row([c.name, '1 caller', `${count(r.ops)} ops/s`, latency(r.p50Us / 1000), latency(r.p99Us / 1000), '', '', '', '', '']));
    } else if (c.kind === 'cold') {
      const sorted = [...r.samples].sort((a, b) => a - b);
      lines.push(row([c.name, '1', `${r.samples.length} cold starts`, latency(percentile(sorted, 50)), `max ${latency(sorted[sorted.length - 1])}`, '', '', '', '', '']));
    } else {
      const direct = c.directRef === 'handler' ? asThroughput(get('handler')) : get('direct', r.connections);
      const nginx = get('nginx', r.connections);
      const errors = r.non2xx + r.socketErrors;
      lines.push(
        row([
          c.name,
          r.connections,
          `${count(r.rps)}${errors ? ` (**${errors} errors**)` : ''}`,
          latency(r.p50),
          latency(r.p99),
          ratio(r.rps, direct?.rps),
          ratio(r.p99, direct?.p99),
          ratio(r.rps, nginx?.rps),
          ratio(r.p99, nginx?.p99),
          r.rounds.map((round) => `${count(round.rps)} (${latency(round.p99)})`).join(', '),
        ]),
      );
    }
  }
  return lines;
}

/** One line per case with `compareTo`: its req/s and p99 against that case's, per connection count. */
function comparisonLines(results, get, connections) {
  const lines = [];
  for (const c of new Set(results.filter((r) => r.case.compareTo).map((r) => r.case))) {
    const other = results.find((r) => r.case.id === c.compareTo)?.case;
    const parts = connections
      .map((n) => [n, get(c.id, n), get(c.compareTo, n)])
      .filter(([, mine, theirs]) => mine && theirs)
      .map(([n, mine, theirs]) => `${ratio(mine.rps, theirs.rps)} req/s and ${ratio(mine.p99, theirs.p99)} p99 at ${n} conn`);
    if (parts.length) lines.push(`${c.name} ÷ ${other.name}: ${parts.join(', ')}.`);
  }
  return lines;
}

function driftLine(get, connections) {
  const parts = connections
    .map((c) => [c, get('direct', c), get('direct-end', c)])
    .filter(([, start, end]) => start && end)
    .map(([c, start, end]) => `${ratio(end.rps, start.rps)} req/s at ${c} conn`);
  return parts.length ? `Drift (direct at the end ÷ direct at the start): ${parts.join(', ')}.` : undefined;
}

/** The whole markdown section. `run`: { startedAt, command, machine, loadAtEnd, settings, results, targets, connections }. */
function renderReport(run) {
  const get = indexResults(run.results);
  const { machine, settings } = run;
  const cold = run.results.find((r) => r.case.kind === 'cold' && !r.error);
  const lines = [
    `## Benchmark ${run.startedAt}`,
    '',
    `Command: \`${run.command}\``,
    '',
    `Machine: ${machine.nproc} CPUs (${machine.cpu}), node ${machine.node}, ${machine.nginx}, ${machine.wrk.split(' [')[0]}. ` +
      `Load average (1, 5, 15 min) at start: ${machine.loadAverage}; at end: ${run.loadAtEnd}.`,
    '',
    `Load generator pinned to CPU ${settings.loadCpus || '(unpinned)'}, upstream/nginx/gateway to CPU ${settings.serverCpus || '(unpinned)'}. ` +
      `\`wrk -t1 -c{${run.connections.join('|')}} -d${settings.seconds}s --latency\`, ${settings.rounds} round${settings.rounds > 1 ? 's' : ''} per case and ` +
      `connection count: each case warmed up for ${settings.warmupSeconds} s, then the cases take turns round by round (the order reversed ` +
      `every round), each run after 1 s of unrecorded load. req/s, p50 and p99 are each the median of the rounds' values; the last column lists the rounds.`,
    '',
    row(['case', 'conn', 'req/s', 'p50', 'p99', 'req/s ÷ direct', 'p99 ÷ direct', 'req/s ÷ nginx', 'p99 ÷ nginx', 'rounds: req/s (p99)']),
    row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---']),
    ...tableRows(run.results, get),
    '',
    '"direct" is the upstream called without a proxy; for the Lambda rows (plain and full pipeline) it is the handler called in-process (its ops/s and p99).',
  ];
  for (const line of comparisonLines(run.results, get, run.connections)) lines.push('', line);
  if (cold) lines.push('', `Cold starts (first request after UpdateFunctionConfiguration): ${cold.samples.map(latency).join(', ')}${cold.stale ? `; ${cold.stale} answers still came from the old configuration` : ''}.`);
  const drift = driftLine(get, run.connections);
  if (drift) lines.push('', drift);
  lines.push('', 'Targets:', '');
  for (const t of run.targets) lines.push(`- ${t.outcome ? `**${t.outcome.pass ? 'PASS' : 'MISS'}**` : 'not measured'} ${t.name}${t.outcome ? `: ${t.outcome.detail}` : ''}`);
  return `${lines.join('\n')}\n`;
}

/** Evaluates the targets against the results. */
function evaluateTargets(targets, results) {
  const get = indexResults(results);
  return targets.map((t) => ({ name: t.name, outcome: t.check(get) }));
}

module.exports = { renderReport, evaluateTargets, latency };
