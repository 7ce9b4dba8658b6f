'use strict';
// Reads the .cpuprofile files node --cpu-prof wrote and lists the functions with the most self time: overall, and
// for our own code (libs/, apps/) so the hot spots we can change stand out. `node bench/profile.js <dir> [top]`.
const fs = require('node:fs');
const path = require('node:path');

const OURS = /\/(libs|apps)\//;

/** Self time per function (name + file:line) of one profile, in ms. */
function selfTimes(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const ticks = new Map();
  for (const id of profile.samples) ticks.set(id, (ticks.get(id) || 0) + 1);
  const msPerTick = (profile.endTime - profile.startTime) / 1000 / Math.max(1, profile.samples.length);
  const totals = new Map();
  for (const [id, n] of ticks) {
    const { functionName, url, lineNumber } = byId.get(id).callFrame;
    const key = `${functionName || '(anonymous)'} ${url ? `${url.replace(/^file:\/\//, '').replace(/^.*?\/(dist|node_modules)\//, '$1/')}:${lineNumber + 1}` : ''}`.trim();
    totals.set(key, (totals.get(key) || 0) + n * msPerTick);
  }
  return { totals, totalMs: (profile.endTime - profile.startTime) / 1000 };
}

function table(title, entries, totalMs, top) {
  const lines = [`${title}`];
  for (const [key, ms] of entries.slice(0, top)) lines.push(`  ${((100 * ms) / totalMs).toFixed(1).padStart(5)}%  ${ms.toFixed(0).padStart(7)} ms  ${key}`);
  return lines.join('\n');
}

/** A text summary of every profile in dir (the main thread's and each worker thread's). */
function summariseProfiles(dir, top = 15) {
  const files = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith('.cpuprofile')) : [];
  if (!files.length) return `no .cpuprofile in ${dir}`;
  const out = [];
  for (const file of files.sort()) {
    const { totals, totalMs } = selfTimes(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')));
    const sorted = [...totals].sort((a, b) => b[1] - a[1]);
    out.push(`### ${file} (${(totalMs / 1000).toFixed(1)} s)`);
    out.push(table('top self time, all code:', sorted, totalMs, top));
    out.push(table('top self time, our code (libs/, apps/):', sorted.filter(([key]) => OURS.test(key)), totalMs, top));
  }
  return out.join('\n');
}

if (require.main === module) console.log(summariseProfiles(process.argv[2] || '.', Number(process.argv[3] || 15)));

module.exports = { summariseProfiles };
