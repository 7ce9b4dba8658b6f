'use strict';
// The floor under the Lambda route's target: the least a Node.js server can do to run the hello handler isolated
// from its event loop. A node:http server writes each request as a payload 2.0 event (JSON text) to ONE worker
// thread, in one postMessage of one string per event-loop turn (as the gateway's function runtime does); the worker
// parses the event, awaits the same handler (bench/lambda/hello.js), and answers the same way; the server parses
// the result and writes status, headers and body. The worker runs under SCHED_BATCH, as the gateway's do. No
// routing, ids, logs, timeouts or validation: what the gateway adds on top of this is the gateway's cost, and what
// this costs bounds any Node.js gateway on the machine.
// Run as its own process pinned with the other servers (`node bench/lambda-floor.js <port>`).
const http = require('node:http');
const { Worker, isMainThread, parentPort } = require('node:worker_threads');
const { startServer } = require('./processes');

/** Reads `slot,length,text` records; calls `each(slot, text)`. */
function readRecords(batch, each) {
  let at = 0;
  while (at < batch.length) {
    const slotEnd = batch.indexOf(',', at);
    const lengthEnd = batch.indexOf(',', slotEnd + 1);
    const start = lengthEnd + 1;
    const end = start + Number(batch.slice(slotEnd + 1, lengthEnd));
    each(Number(batch.slice(at, slotEnd)), batch.slice(start, end));
    at = end;
  }
}

/** Appends records and sends them as one message at the end of the event-loop turn. */
function batcher(send) {
  let outbox = '';
  const flush = () => {
    const batch = outbox;
    outbox = '';
    send(batch);
  };
  return (slot, text) => {
    if (outbox === '') setImmediate(flush);
    outbox += `${slot},${text.length},${text}`;
  };
}

function serve(port) {
  const worker = new Worker(__filename);
  const waiting = [];
  const freeSlots = [];
  const toWorker = batcher((batch) => worker.postMessage(batch));
  worker.on('message', (batch) =>
    readRecords(batch, (slot, text) => {
      const res = waiting[slot];
      waiting[slot] = undefined;
      freeSlots.push(slot);
      const result = JSON.parse(text);
      const body = String(result.body);
      res.writeHead(result.statusCode, ['content-type', result.headers['content-type'], 'content-length', String(Buffer.byteLength(body))]);
      res.end(body);
    }),
  );
  http
    .createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
      const slot = freeSlots.length > 0 ? freeSlots.pop() : waiting.length;
      waiting[slot] = res;
      const event = {
        version: '2.0',
        routeKey: '$default',
        rawPath: req.url,
        rawQueryString: '',
        headers: req.headers,
        requestContext: {
          http: { method: req.method, path: req.url, protocol: 'HTTP/1.1', sourceIp: req.socket.remoteAddress, userAgent: req.headers['user-agent'] ?? '' },
          routeKey: '$default',
          stage: '$default',
          timeEpoch: Date.now(),
        },
        isBase64Encoded: false,
      };
      toWorker(slot, JSON.stringify(event));
    })
    .listen(port, '127.0.0.1');
  process.on('SIGTERM', () => process.exit(0));
}

function runHandlers() {
  // As the gateway runs its function workers by default (FUNCTION_WORKER_SCHEDULING=batch): under SCHED_BATCH, so a
  // batch posted to the worker does not preempt the server's event loop mid-turn.
  const link = require('node:fs').readlinkSync('/proc/thread-self');
  require('node:child_process').execFileSync('chrt', ['--batch', '--pid', '0', link.slice(link.lastIndexOf('/') + 1)]);
  const { handler } = require('./lambda/hello');
  const toHost = batcher((batch) => parentPort.postMessage(batch));
  parentPort.on('message', (batch) =>
    readRecords(batch, (slot, text) => {
      handler(JSON.parse(text), {}).then((result) => toHost(slot, JSON.stringify(result)));
    }),
  );
}

/** Starts the floor server on 127.0.0.1:port pinned to cpus; resolves { url, child }. */
function startLambdaFloor(cpus, port) {
  return startServer('lambda floor server', cpus, process.execPath, ['--min-semi-space-size=16', __filename, String(port)], port, '/hello');
}

if (!isMainThread) runHandlers();
else if (require.main === module) serve(Number(process.argv[2]));

module.exports = { startLambdaFloor };
