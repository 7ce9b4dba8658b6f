'use strict';
// What the numbers were measured on, and whether the tools are there at all.
const { execFileSync, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');

const TOOLS = ['wrk', 'nginx', 'taskset'];

/** Tools missing from PATH (the benchmark cannot run without them). */
function missingTools() {
  return TOOLS.filter((tool) => {
    try {
      execFileSync('which', [tool], { stdio: 'ignore' });
      return false;
    } catch {
      return true;
    }
  });
}

function firstLine(file, args) {
  // nginx -v and wrk -v write to stderr, and wrk -v exits 1: read both streams whatever the status.
  const { stdout = '', stderr = '' } = spawnSync(file, args, { encoding: 'utf8', timeout: 5000 });
  return `${stdout}${stderr}`.split('\n')[0].trim() || 'unknown';
}

function cpuModel() {
  const match = /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'));
  return match ? match[1].trim() : os.cpus()[0]?.model || 'unknown';
}

/** nproc, CPU model, node, nginx and wrk versions, and the load average right now. */
function describeMachine() {
  return {
    nproc: os.availableParallelism(),
    cpu: cpuModel(),
    node: process.version,
    nginx: firstLine('nginx', ['-v']),
    wrk: firstLine('wrk', ['-v']),
    loadAverage: os.loadavg().map((n) => n.toFixed(2)).join(', '),
  };
}

module.exports = { missingTools, describeMachine };
