'use strict';
// The floor under the HTTP proxy route's target: the least a Node.js server can do to proxy a request. A node:http
// server forwards method, URL and headers over a keep-alive `net` socket (one per client request in flight, reused
// from an idle list) to the upstream, reads the response head up to a Content-Length, and answers with that status,
// those headers and that body. No routing, mappings, limits, timeouts, chunked bodies or error handling beyond
// dropping the connection: what the gateway adds on top of this is the gateway's cost, and what this costs bounds
// any Node.js proxy on the machine. Run as its own process pinned with the other servers
// (`node bench/proxy-floor.js <port> <upstreamPort>`).
const http = require('node:http');
const net = require('node:net');
const { startServer } = require('./processes');

const HEAD_END = Buffer.from('\r\n\r\n');

/** One keep-alive upstream connection; `send` hands the next response to `done(status, headers, body)`. */
class Connection {
  constructor(port, idle) {
    this.socket = net.connect({ host: '127.0.0.1', port });
    this.socket.setNoDelay(true);
    this.idle = idle;
    this.buffered = null;
    this.done = null;
    this.socket.on('data', (chunk) => this.read(chunk));
    this.socket.on('error', () => this.socket.destroy());
    // An idle connection the upstream closed (its keep-alive timeout, between the bench's rounds) is not reused.
    this.socket.on('close', () => {
      const at = idle.indexOf(this);
      if (at >= 0) idle.splice(at, 1);
    });
  }

  send(head, done) {
    this.done = done;
    this.socket.write(head, 'latin1');
  }

  read(chunk) {
    const data = this.buffered === null ? chunk : Buffer.concat([this.buffered, chunk]);
    const headEnd = data.indexOf(HEAD_END);
    if (headEnd < 0) return void (this.buffered = data);
    const lines = data.toString('latin1', 0, headEnd).split('\r\n');
    const headers = [];
    let length = 0;
    for (let i = 1; i < lines.length; i++) {
      const colon = lines[i].indexOf(':');
      const name = lines[i].slice(0, colon);
      const value = lines[i].slice(colon + 1).trim();
      if (name.toLowerCase() === 'content-length') length = Number(value);
      else if (name.toLowerCase() !== 'connection' && name.toLowerCase() !== 'keep-alive') headers.push(name, value);
    }
    if (data.length < headEnd + 4 + length) return void (this.buffered = data);
    this.buffered = null;
    const done = this.done;
    this.done = null;
    this.idle.push(this);
    done(Number(lines[0].slice(9, 12)), headers, data.subarray(headEnd + 4, headEnd + 4 + length));
  }
}

function serve(port, upstreamPort) {
  const idle = [];
  http
    .createServer({ keepAliveTimeout: 65_000 }, (req, res) => {
      let head = `${req.method} ${req.url} HTTP/1.1\r\n`;
      const raw = req.rawHeaders;
      for (let i = 0; i < raw.length; i += 2) if (raw[i].toLowerCase() !== 'connection') head += `${raw[i]}: ${raw[i + 1]}\r\n`;
      const connection = idle.pop() ?? new Connection(upstreamPort, idle);
      connection.send(`${head}x-forwarded-for: ${req.socket.remoteAddress}\r\n\r\n`, (status, headers, body) => {
        headers.push('content-length', String(body.length));
        res.writeHead(status, headers);
        res.end(body);
      });
    })
    .listen(port, '127.0.0.1');
  process.on('SIGTERM', () => process.exit(0));
}

/** Starts the floor proxy on 127.0.0.1:port in front of the upstream, pinned to cpus; resolves { url, child }. */
function startProxyFloor(cpus, port, upstreamUrl) {
  const args = ['--min-semi-space-size=16', __filename, String(port), new URL(upstreamUrl).port];
  return startServer('proxy floor server', cpus, process.execPath, args, port, '/hello');
}

if (require.main === module) serve(Number(process.argv[2]), Number(process.argv[3]));

module.exports = { startProxyFloor };
