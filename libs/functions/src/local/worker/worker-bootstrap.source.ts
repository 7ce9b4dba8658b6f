/**
 * The JavaScript every function worker runs: our stand-in for the AWS Node.js runtime (`/var/runtime/index.mjs`).
 *
 * It is kept as source text, not as a module of this library, because a worker thread needs a plain `.js` file that
 * Node can load without a TypeScript transform, and the build copies only compiled `.ts` files. The host writes it
 * once to `<cacheDir>/.runtime/bootstrap-<hash>.cjs` (see bootstrap-file.ts).
 *
 * Protocol: see ../pool/worker-protocol.ts. Written without template literals so it can live in a String.raw.
 */
import { HTTP_API_V2_EVENT_READER_SOURCE, HTTP_API_V2_RESPONSE_WRITER_SOURCE } from '@app/contracts';

export const WORKER_BOOTSTRAP_SOURCE = String.raw`'use strict';
const { parentPort, workerData } = require('node:worker_threads');
const { AsyncLocalStorage } = require('node:async_hooks');
const path = require('node:path');
const fs = require('node:fs');
const util = require('node:util');
const v8 = require('node:v8');
const { pathToFileURL } = require('node:url');

const config = workerData;
const invocationStore = new AsyncLocalStorage();
// Running invocations by the host's slot. The host reuses slots, so this array stays as long as the most ever in
// flight. Not a Map: one whose entries come and go keeps promoting garbage under load (see function-worker.ts).
const inflight = [];
const MIB = 1024 * 1024;

// ---- outgoing records (see worker-protocol.ts), one string per event-loop turn ----
let outbox = '';
let flushScheduled = false;
let memoryMb = 0;
function post(record) {
  outbox += record;
  if (!flushScheduled) {
    flushScheduled = true;
    setImmediate(flush);
  }
}
function flush() {
  flushScheduled = false;
  const heap = v8.getHeapStatistics();
  const used = Math.ceil((heap.total_heap_size + heap.external_memory) / MIB);
  if (used > memoryMb) memoryMb = used;
  const records = outbox;
  outbox = '';
  parentPort.postMessage('M' + memoryMb + ',' + records);
}
// Durations in whole microseconds: integers turn into text much faster than fractions (worker-protocol.ts).
function microsSince(started) {
  return Math.round((performance.now() - started) * 1000);
}
// The answer ends the invocation's hold on its slot: the host may hand the slot to the next invocation.
// payloadKind 0: JSON text; 1: a response record.
function postResult(invocation, payloadKind, payload) {
  post('R' + invocation.slot + ',' + microsSince(invocation.started) + ',' + payloadKind + ',' + payload.length + ',' + payload);
  invocation.answered = true;
}
function postError(invocation, errorType, payload) {
  errorType = String(errorType);
  post('E' + invocation.slot + ',' + microsSince(invocation.started) + ',' + errorType.length + ',' + payload.length + ',' + errorType + payload);
  invocation.answered = true;
}
function postLog(slot, line) {
  post('L' + slot + ',' + line.length + ',' + line);
}

// ---- incoming invocations (see worker-protocol.ts) ----
function decodeInvocations(text, each) {
  let at = 0;
  // Every number the host sends is an integer: read digit by digit, no substring.
  function number() {
    let sign = 1;
    if (text.charCodeAt(at) === 45) { sign = -1; at++; }
    let value = 0;
    for (let c = text.charCodeAt(at); c >= 48 && c <= 57; c = text.charCodeAt(++at)) value = value * 10 + (c - 48);
    at++; // the comma
    return sign * value;
  }
  function string(length) {
    if (length < 0) return undefined;
    const value = text.slice(at, at + length);
    at += length;
    return value;
  }
  while (at < text.length) {
    const slot = number();
    const deadline = config.epochBase + number();
    const tail = number() === 1;
    const requestIdLength = number();
    const qualifierLength = number();
    const clientContextLength = number();
    const payloadKind = number();
    const payloadLength = number();
    const requestId = string(requestIdLength);
    const qualifier = string(qualifierLength);
    const clientContext = string(clientContextLength);
    // The invocation's own record from here on: one object per invocation, all fields set up front (one shape).
    each({
      slot: slot, requestId: requestId, deadline: deadline, qualifier: qualifier, clientContext: clientContext,
      payloadKind: payloadKind, payload: string(payloadLength), wantsLogs: config.sendLogs || tail, settled: false, answered: false, waiting: false, started: 0,
    });
  }
}

// ---- HTTP API 2.0 events and their responses sent as records (contracts' event-record.ts, response-record.ts) ----
` + HTTP_API_V2_EVENT_READER_SOURCE + HTTP_API_V2_RESPONSE_WRITER_SOURCE + String.raw`
// ---- console, formatted like the Node.js runtime's text log format ----
const LEVELS = { log: 'INFO', info: 'INFO', warn: 'WARN', error: 'ERROR', debug: 'DEBUG', trace: 'TRACE', fatal: 'FATAL' };
function writeLog(invocation, level, text) {
  const wanted = invocation ? invocation.wantsLogs : config.sendLogs;
  if (!wanted) return;
  const requestId = invocation ? invocation.requestId : 'undefined';
  // Once answered, its slot may already carry another invocation on the host: a late line belongs to none.
  const slot = invocation && !invocation.answered ? invocation.slot : -1;
  // A line travels without its newline (the host's sink adds one): console.log('done\n') is the line 'done'.
  if (text.endsWith('\n')) text = text.slice(0, -1);
  postLog(slot, new Date().toISOString() + '\t' + requestId + '\t' + level + '\t' + text);
}
for (const method of Object.keys(LEVELS)) {
  const level = LEVELS[method];
  console[method] = function () {
    writeLog(invocationStore.getStore(), level, util.format.apply(null, arguments));
  };
}

// ---- errors, shaped like the runtime's toRapidResponse ----
function runtimeError(name, message) {
  const error = new Error(message);
  error.name = name;
  const stack = String(error.stack);
  error.stack = name + ': ' + message + stack.slice(stack.indexOf('\n    at'));
  return error;
}
function isErrorLike(value) {
  return util.types.isNativeError(value) ||
    (value !== null && typeof value === 'object' && typeof value.name === 'string' && typeof value.message === 'string');
}
function toRapidResponse(error) {
  try {
    if (isErrorLike(error)) {
      return { errorType: error.name, errorMessage: error.message, trace: String(error.stack || '').split('\n') };
    }
    return { errorType: typeof error, errorMessage: String(error), trace: [] };
  } catch (_) {
    return {
      errorType: 'handled',
      errorMessage: 'callback called with Error argument, but there was a problem while retrieving one or more of its message, name, and stack',
    };
  }
}
function logError(invocation, label, rapid) {
  const logged = { errorType: rapid.errorType, errorMessage: rapid.errorMessage, stack: rapid.trace };
  writeLog(invocation, 'ERROR', label + ' \t' + JSON.stringify(logged));
}

// ---- loading the handler (the init phase) ----
function packageType(dir) {
  for (let current = dir; ; ) {
    const file = path.join(current, 'package.json');
    if (fs.existsSync(file)) {
      try { return JSON.parse(fs.readFileSync(file, 'utf8')).type === 'module' ? 'module' : 'commonjs'; } catch (_) { return 'commonjs'; }
    }
    const parent = path.dirname(current);
    if (parent === current) return 'commonjs';
    current = parent;
  }
}
function importFile(file) {
  return import(pathToFileURL(file).href);
}
function loadFile(file) {
  if (file.endsWith('.mjs')) return importFile(file);
  if (file.endsWith('.js') && packageType(path.dirname(file)) === 'module') return importFile(file);
  return require(file);
}
async function loadModule(moduleRoot, moduleName) {
  const base = path.resolve(moduleRoot, moduleName);
  const candidates = [base + '.js', base + '.mjs', base + '.cjs'];
  let file = candidates.find(function (candidate) { return fs.existsSync(candidate); });
  if (!file) {
    try { file = require.resolve(base); } catch (_) {
      throw runtimeError('Runtime.ImportModuleError', "Error: Cannot find module '" + moduleName + "'\nRequire stack:\n- " + config.bootstrapPath);
    }
  }
  try {
    return await loadFile(file);
  } catch (error) {
    if (error instanceof SyntaxError) throw runtimeError('Runtime.UserCodeSyntaxError', String(error));
    if (error && (error.code === 'MODULE_NOT_FOUND' || error.code === 'ERR_MODULE_NOT_FOUND')) {
      throw runtimeError('Runtime.ImportModuleError', String(error));
    }
    throw error;
  }
}
async function loadHandler() {
  const full = config.handler;
  if (full.indexOf('..') !== -1) {
    throw runtimeError('Runtime.MalformedHandlerName', "'" + full + "' is not a valid handler name. Use absolute paths when specifying root directories in handler names.");
  }
  const slash = full.lastIndexOf('/');
  const match = /^([^.]*)\.(.*)$/.exec(full.slice(slash + 1));
  if (!match || !match[1] || !match[2]) throw runtimeError('Runtime.MalformedHandlerName', 'Bad handler');
  const moduleRoot = path.resolve(config.taskRoot, full.slice(0, slash + 1));
  let target = await loadModule(moduleRoot, match[1]);
  for (const key of match[2].split('.')) target = target == null ? undefined : target[key];
  if (!target) throw runtimeError('Runtime.HandlerNotFound', full + ' is undefined or not exported');
  if (typeof target !== 'function') throw runtimeError('Runtime.HandlerNotFound', full + ' is not a function');
  return target;
}

// ---- invocations ----
let handler;
let initialised = false;
let queued = [];

const MEMORY_LIMIT = String(config.memorySize);
function Context(invocation) {
  this.callbackWaitsForEmptyEventLoop = true;
  this.functionName = config.functionName;
  this.functionVersion = config.functionVersion;
  this.invokedFunctionArn = invocation.qualifier ? config.functionArn + ':' + invocation.qualifier : config.functionArn;
  this.memoryLimitInMB = MEMORY_LIMIT;
  this.awsRequestId = invocation.requestId;
  this.logGroupName = config.logGroupName;
  this.logStreamName = config.logStreamName;
  this.identity = undefined;
  this.clientContext = parseClientContext(invocation.clientContext);
  this[DEADLINE] = invocation.deadline;
  this[INVOCATION] = invocation;
}
// Symbol keys keep our bookkeeping out of JSON.stringify(context), which handlers like to log.
const DEADLINE = Symbol('deadline');
const INVOCATION = Symbol('invocation');
Context.prototype.getRemainingTimeInMillis = function () { return Math.max(0, this[DEADLINE] - Date.now()); };
Context.prototype.succeed = function (result) { finish(this[INVOCATION], null, result); };
Context.prototype.fail = function (error) { finish(this[INVOCATION], error == null ? 'handled' : error); };
Context.prototype.done = function (error, result) { finish(this[INVOCATION], error, result); };

function parseClientContext(text) {
  if (!text) return undefined;
  try { return JSON.parse(Buffer.from(text, 'base64').toString('utf8')); } catch (_) { return undefined; }
}

function finish(invocation, error, result) {
  if (invocation.settled) return;
  invocation.settled = true;
  if (inflight[invocation.slot] === invocation) inflight[invocation.slot] = undefined;
  if (invocation.waiting) {
    invocation.waiting = false;
    waitingCount--;
  }
  if (error !== null && error !== undefined) return fail(invocation, error);
  // An HTTP API 2.0 event came as a record: its response goes back as one when it can (contracts' response-record.ts).
  if (invocation.payloadKind === 1) {
    let record = null;
    try {
      record = httpApiV2ResponseRecord(result, config.maxResponseBytes);
    } catch (readError) {
      return fail(invocation, readError);
    }
    if (record !== null) return postResult(invocation, 1, record);
  }
  let payload;
  try {
    payload = result === undefined ? 'null' : JSON.stringify(result);
    if (payload === undefined) payload = 'null';
  } catch (serializationError) {
    return fail(invocation, serializationError);
  }
  if (payload.length * 3 > config.maxResponseBytes && Buffer.byteLength(payload) > config.maxResponseBytes) {
    const rapid = {
      errorMessage: 'Response payload size exceeded maximum allowed payload size (' + config.maxResponseBytes + ' bytes).',
      errorType: 'Function.ResponseSizeTooLarge',
    };
    postError(invocation, rapid.errorType, JSON.stringify(rapid));
    return;
  }
  postResult(invocation, 0, payload);
}
function fail(invocation, error) {
  const rapid = toRapidResponse(error);
  logError(invocation, 'Invoke Error', rapid);
  postError(invocation, rapid.errorType, JSON.stringify(rapid));
}

// A handler that returns no promise and never calls back resolves with null once the event loop has nothing left
// to do, as in Lambda. One shared probe, so waiting invocations do not keep each other's loop busy. The waiting
// ones are the in-flight invocations marked as waiting.
let waitingCount = 0;
let baselineResources = 0;
let probeScheduled = false;
function scheduleProbe() {
  if (probeScheduled) return;
  probeScheduled = true;
  setTimeout(probeEmptyLoop, 1);
}
function probeEmptyLoop() {
  probeScheduled = false;
  if (waitingCount === 0) return;
  // Inside a timer callback the firing timer still counts as active: hence the - 1.
  if (process.getActiveResourcesInfo().length - 1 <= baselineResources) {
    for (const invocation of running()) if (invocation.waiting) finish(invocation, null, null);
  } else {
    scheduleProbe();
  }
}

function run(invocation) {
  invocation.started = performance.now();
  let event;
  try {
    event = invocation.payloadKind === 1 ? buildHttpApiV2Event(invocation.payload) : JSON.parse(invocation.payload);
  } catch (error) {
    const text = invocation.payloadKind === 1
      ? 'Could not build the event from its record: ' + error.message
      : 'Could not parse request body into json: Unexpected character';
    post('B' + invocation.slot + ',' + text.length + ',' + text);
    return;
  }
  invocation.payload = null; // parsed: let the text go while the handler runs
  inflight[invocation.slot] = invocation;
  const context = new Context(invocation);
  invocationStore.run(invocation, runHandler, invocation, event, context);
}
function runHandler(invocation, event, context) {
  let returned;
  try {
    returned = handler(event, context, function callback(error, result) { finish(invocation, error, result); });
  } catch (error) {
    return finish(invocation, error);
  }
  if (returned !== null && typeof returned === 'object' && typeof returned.then === 'function') {
    returned.then(
      function (result) { finish(invocation, null, result); },
      function (error) { finish(invocation, error === undefined || error === null ? 'handled' : error); },
    );
  } else if (!invocation.settled) {
    invocation.waiting = true;
    waitingCount++;
    scheduleProbe();
  }
}
function running() {
  const all = [];
  for (const invocation of inflight) if (invocation !== undefined) all.push(invocation);
  return all;
}

// ---- failures outside any handler's control ----
function poisoned(label, error) {
  const invocation = invocationStore.getStore();
  const rapid = toRapidResponse(error);
  logError(invocation, label, rapid);
  const victims = invocation && !invocation.settled ? [invocation] : running();
  for (const victim of victims) finish(victim, error);
  post('P');
}
process.on('uncaughtException', function (error) { poisoned('Uncaught Exception', error); });
process.on('unhandledRejection', function (reason) {
  poisoned('Unhandled Promise Rejection', runtimeError('Runtime.UnhandledPromiseRejection', String(reason)));
});

function enqueue(message) { queued.push(message); }
parentPort.on('message', function (batch) {
  decodeInvocations(batch, initialised ? run : enqueue);
});

// The thread's OS id, for the host to set its scheduling policy (thread-scheduling.ts). Linux only.
function threadId() {
  try {
    const link = fs.readlinkSync('/proc/thread-self');
    const tid = Number(link.slice(link.lastIndexOf('/') + 1));
    return Number.isInteger(tid) && tid > 0 ? tid : undefined;
  } catch (error) {
    return undefined;
  }
}
// A message of its own, not post(): a pending flush would count as a resource of the handler's event loop.
const tid = threadId();
if (tid !== undefined) parentPort.postMessage('T' + tid + ',');

const initStarted = performance.now();
loadHandler().then(
  function (loaded) {
    handler = loaded;
    initialised = true;
    baselineResources = process.getActiveResourcesInfo().length;
    post('Y' + microsSince(initStarted) + ',');
    const pending = queued;
    queued = [];
    for (const message of pending) run(message);
  },
  function (error) {
    const rapid = toRapidResponse(error);
    logError(undefined, 'Uncaught Exception', rapid);
    const payload = JSON.stringify(rapid);
    post('I' + microsSince(initStarted) + ',' + rapid.errorType.length + ',' + payload.length + ',' + rapid.errorType + payload);
  },
);
`;
