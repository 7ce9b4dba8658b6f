'use strict';
// Child processes of a benchmark run: started pinned to a CPU set, all stopped when the run ends in any way
// (normal end, error, ctrl-c, SIGTERM), so a benchmark never leaves servers behind.
const { spawn } = require('node:child_process');
const http = require('node:http');
const net = require('node:net');

const children = new Set();

/** Spawns `command args` under `taskset -c cpus` (or unpinned when cpus is empty); stderr kept for error reports. */
function spawnPinned(cpus, command, args, options = {}) {
  const [file, argv] = cpus ? ['taskset', ['-c', cpus, command, ...args]] : [command, args];
  const child = spawn(file, argv, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  child.output = '';
  const keep = (chunk) => {
    // Only the tail matters for a failure message; never grow without bound under a chatty child.
    child.output = (child.output + chunk).slice(-8000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** Asks a child to stop (SIGTERM), and kills it if it is still there after graceMs. */
function stop(child, graceMs = 5000) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

function stopAll() {
  return Promise.all([...children].map((c) => stop(c)));
}

let installed = false;
/** Kills every child when this process goes away; a second ctrl-c exits at once. */
function installCleanup() {
  if (installed) return;
  installed = true;
  process.on('exit', () => {
    for (const child of children) child.kill('SIGTERM');
  });
  let stopping = false;
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => {
      if (stopping) process.exit(130);
      stopping = true;
      process.stderr.write(`\n${signal}: stopping child processes\n`);
      stopAll().finally(() => process.exit(130));
    });
  }
}

/** A port that was free a moment ago on 127.0.0.1 (servers we do not control need a number up front). */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** One HTTP request; resolves { status, body, headers }. */
function request(url, { method = 'GET', headers, agent, timeoutMs = 5000 } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode, body, headers: res.headers }));
    });
    req.once('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms: ${url}`)));
    req.once('error', reject);
    req.end();
  });
}

/** Polls until `check()` resolves truthy; fails with the child's output if it exits or time runs out. */
async function waitUntil(what, check, { timeoutMs = 30_000, child } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`${what}: process exited (${child.exitCode})\n${child.output}`);
    try {
      if (await check()) return;
    } catch (error) {
      lastError = error;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${what}: not ready after ${timeoutMs} ms${lastError ? ` (${lastError.message})` : ''}${child ? `\n${child.output}` : ''}`);
}

module.exports = { spawnPinned, stop, stopAll, installCleanup, freePort, request, waitUntil };
