'use strict';
// nginx as the reference reverse proxy: one worker, keep-alive to the upstream, no access log. Its config and
// runtime files live in a temp dir removed when the bench exits.
const fs = require('node:fs');
const path = require('node:path');
const { startServer, stop, tempDir } = require('./processes');

function config(dir, listenPort, upstreamPort) {
  return `
worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${dir}/client_body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  upstream bench_upstream {
    server 127.0.0.1:${upstreamPort};
    keepalive 64;
  }
  server {
    listen 127.0.0.1:${listenPort};
    location / {
      proxy_pass http://bench_upstream;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
`;
}

/** Starts nginx on 127.0.0.1:listenPort in front of the upstream; resolves { url, child, close() }. */
async function startNginx(cpus, listenPort, upstreamPort) {
  const dir = tempDir('bench-nginx-');
  const file = path.join(dir, 'nginx.conf');
  fs.writeFileSync(file, config(dir, listenPort, upstreamPort));
  const { url, child } = await startServer('nginx', cpus, 'nginx', ['-p', dir, '-c', file], listenPort);
  return {
    url,
    child,
    close: () => stop(child),
  };
}

module.exports = { startNginx };
