'use strict';
// Reads the .cpuprofile files node --cpu-prof wrote and lists the functions with the most self time: overall, and
// for our own code (libs/, apps/) so the hot spots we can change stand out. `node bench/profile.js <dir> [top]`.
const fs = require('node:fs');
const path = require('node:path');

const OURS = /\/(libs|apps)\//;

function frameKey({ functionName, url, lineNumber }) {
  const file = url ? `${url.replace(/^file:\/\//, '').replace(/^.*?\/(dist|node_modules)\//, '$1/')}:${lineNumber + 1}` : '';
  return `${functionName || '(anonymous)'} ${file}`.trim();
}

/**
 * Self and inclusive time per function (name + file:line) of one profile, in ms. Inclusive time counts a sample
 * once per function even when the function is on the stack several times (recursion).
 */
function times(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const child of n.children || []) parent.set(child, n.id);
  const ticks = new Map();
  for (const id of profile.samples) ticks.set(id, (ticks.get(id) || 0) + 1);
  const msPerTick = (profile.endTime - profile.startTime) / 1000 / Math.max(1, profile.samples.length);
  const self = new Map();
  const inclusive = new Map();
  const add = (map, key, ms) => map.set(key, (map.get(key) || 0) + ms);
  for (const [id, n] of ticks) {
    const ms = n * msPerTick;
    add(self, frameKey(byId.get(id).callFrame), ms);
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const key = frameKey(byId.get(at).callFrame);
      if (!seen.has(key)) add(inclusive, key, ms);
      seen.add(key);
    }
  }
  return { self, inclusive, totalMs: (profile.endTime - profile.startTime) / 1000 };
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
    const { self, inclusive, totalMs } = times(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')));
    const sorted = (map) => [...map].sort((a, b) => b[1] - a[1]);
    out.push(`### ${file} (${(totalMs / 1000).toFixed(1)} s)`);
    out.push(table('top self time, all code:', sorted(self), totalMs, top));
    out.push(table('top self time, our code (libs/, apps/):', sorted(self).filter(([key]) => OURS.test(key)), totalMs, top));
    out.push(table('top inclusive time, our code:', sorted(inclusive).filter(([key]) => OURS.test(key)), totalMs, Math.ceil(top / 2)));
  }
  return out.join('\n');
}

if (require.main === module) console.log(summariseProfiles(process.argv[2] || '.', Number(process.argv[3] || 15)));

module.exports = { summariseProfiles };
