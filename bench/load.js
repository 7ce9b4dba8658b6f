'use strict';
// The load generator: wrk, one thread, pinned to its own CPU set, with its latency distribution parsed.
const { spawnPinned } = require('./processes');

const UNIT_MS = { us: 0.001, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `353.00us` → 0.353 (milliseconds). */
function parseDuration(text) {
  const match = /^([\d.]+)(us|ms|s|m|h)$/.exec(text);
  if (!match) throw new Error(`unreadable wrk duration "${text}"`);
  return Number(match[1]) * UNIT_MS[match[2]];
}

/**
 * wrk --latency output → { rps, p50, p75, p90, p99 (ms), requests, non2xx, socketErrors }. Throws when a line
 * we rely on is missing, so a changed wrk output format cannot turn into silent zeros.
 */
function parseWrk(output) {
  const rps = /^Requests\/sec:\s+([\d.]+)/m.exec(output);
  const requests = /^\s*(\d+) requests in/m.exec(output);
  if (!rps || !requests) throw new Error(`unreadable wrk output:\n${output}`);
  const result = { rps: Number(rps[1]), requests: Number(requests[1]), non2xx: 0, socketErrors: 0 };
  for (const p of [50, 75, 90, 99]) {
    const line = new RegExp(`^\\s+${p}%\\s+(\\S+)`, 'm').exec(output);
    if (!line) throw new Error(`wrk output has no ${p}% latency line (was --latency passed?):\n${output}`);
    result[`p${p}`] = parseDuration(line[1]);
  }
  const non2xx = /Non-2xx or 3xx responses:\s+(\d+)/.exec(output);
  if (non2xx) result.non2xx = Number(non2xx[1]);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  if (socket) result.socketErrors = socket.slice(1).reduce((sum, n) => sum + Number(n), 0);
  return result;
}

/** Runs `wrk -t1 -c{connections} -d{seconds}s --latency url` pinned to cpus; resolves the parsed result. */
function runWrk({ url, connections, seconds, cpus, headers = {} }) {
  const args = ['-t1', `-c${connections}`, `-d${seconds}s`, '--latency', '--timeout', '5s'];
  for (const [name, value] of Object.entries(headers)) args.push('-H', `${name}: ${value}`);
  args.push(url);
  const wrk = spawnPinned(cpus, 'wrk', args);
  // wrk stops itself after `seconds`; the timer only guards against a hung run.
  const guard = setTimeout(() => wrk.kill('SIGKILL'), (seconds + 15) * 1000);
  return new Promise((resolve, reject) => {
    wrk.once('error', reject);
    wrk.once('close', (code, signal) => {
      clearTimeout(guard);
      if (code !== 0) return reject(new Error(`wrk exited with ${code ?? signal}:\n${wrk.output}`));
      try {
        resolve(parseWrk(wrk.output));
      } catch (error) {
        reject(error);
      }
    });
  });
}

module.exports = { runWrk, parseWrk };
