'use strict';
// Child processes of a benchmark run: started pinned to a CPU set, all stopped when the run ends in any way
// (normal end, error, ctrl-c, SIGTERM), so a benchmark never leaves servers behind.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const http = require('node:http');
const net = require('node:net');

const children = new Set();
const tempDirs = new Set();
let stopping = false;

/** A fresh temp directory (under `parent`, default the OS temp dir), removed when this process exits however it exits. */
function tempDir(prefix, parent = os.tmpdir()) {
  const dir = fs.mkdtempSync(path.join(parent, prefix));
  tempDirs.add(dir);
  return dir;
}

/**
 * Where child output goes: tmpfs (/dev/shm) when there is one. The gateway writes its function logs (START, END and
 * REPORT per invocation: hundreds of MB in a run) to stdout, and on a disk the kernel writes them back some 30 s
 * later in one burst (76 MB after a 6 s Lambda run), on top of whichever case is being measured then. Writing them
 * still costs the gateway what it costs; only the later write-back no longer lands on another case.
 */
function memoryBackedDir() {
  try {
    fs.accessSync('/dev/shm', fs.constants.W_OK);
    return '/dev/shm';
  } catch {
    return os.tmpdir();
  }
}

/** True once ctrl-c or SIGTERM arrived: start nothing new. */
const isStopping = () => stopping;

// Children write to files, not pipes: a pipe would make this process read every log line the gateway prints
// (START/END/REPORT per invocation) on some CPU, competing with what is measured.
let logDir;
let logCount = 0;

// Even if this process is killed outright (no exit handler runs), no child outlives the run by much: each is started
// under coreutils `timeout`, which sends it SIGTERM (then SIGKILL 10 s later) once the run's time budget is over.
let lifetimeSeconds = 600;

/** The longest any child may live; run.js sets it from the run's planned duration. */
function setChildLifetime(seconds) {
  lifetimeSeconds = Math.ceil(seconds);
}

/**
 * Spawns `command args` under `taskset -c cpus` (or unpinned when cpus is empty). Its stdout and stderr go to one
 * file; `child.output` reads the last 8 KB of it (for failure messages, and wrk's report). SIGTERM to the child
 * reaches the command (timeout forwards it).
 */
function spawnPinned(cpus, command, args, options = {}) {
  if (stopping) throw new Error(`stopping: not starting ${command}`);
  logDir ??= tempDir('bench-logs-', memoryBackedDir());
  const file = path.join(logDir, `${++logCount}-${path.basename(command)}.log`);
  const fd = fs.openSync(file, 'w');
  const pinned = cpus ? ['taskset', '-c', cpus, command, ...args] : [command, ...args];
  const child = spawn('timeout', ['-s', 'TERM', '-k', '10', `${lifetimeSeconds}s`, ...pinned], { stdio: ['ignore', fd, fd], ...options });
  fs.closeSync(fd);
  Object.defineProperty(child, 'output', { get: () => tail(file, 8000) });
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

function tail(file, bytes) {
  try {
    const { size } = fs.statSync(file);
    const fd = fs.openSync(file, 'r');
    const buffer = Buffer.alloc(Math.min(size, bytes));
    fs.readSync(fd, buffer, 0, buffer.length, size - buffer.length);
    fs.closeSync(fd);
    return buffer.toString('utf8');
  } catch {
    return '';
  }
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
    for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
  });
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

/**
 * Starts a server process pinned to cpus (spawnPinned) that listens on 127.0.0.1:port, and waits until GET
 * `readyPath` answers 200. Resolves { url, child }.
 */
async function startServer(label, cpus, command, args, port, readyPath = '/') {
  const child = spawnPinned(cpus, command, args);
  const url = `http://127.0.0.1:${port}`;
  await waitUntil(label, async () => (await request(`${url}${readyPath}`)).status === 200, { child, timeoutMs: 10_000 });
  return { url, child };
}

module.exports = { setChildLifetime, spawnPinned, stop, stopAll, installCleanup, isStopping, tempDir, freePort, request, waitUntil, startServer };
