'use strict';
// The upstream every HTTP case ends at: plain node:http, a small JSON body, keep-alive. Run as its own process
// (pinned with the other servers) so the load generator and the bench orchestration do not share its CPU.
const http = require('node:http');
const path = require('node:path');
const { startServer } = require('./processes');

const BODY = Buffer.from(JSON.stringify({ hello: 'world', items: [1, 2, 3] }));

function serve(port) {
  const server = http.createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
    // Drain any request body so the connection stays reusable; answer the same bytes to everything.
    req.resume();
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': BODY.length });
    res.end(BODY);
  });
  server.listen(port, '127.0.0.1');
  process.on('SIGTERM', () => process.exit(0));
}

/** Starts the upstream on 127.0.0.1:port pinned to cpus; resolves { url, child }. */
function startUpstream(cpus, port) {
  return startServer('upstream', cpus, process.execPath, [__filename, String(port)], port);
}

if (require.main === module) serve(Number(process.argv[2]));

module.exports = { startUpstream, UPSTREAM_BODY: BODY, HELLO_HANDLER: path.join(__dirname, 'lambda', 'hello.js') };
