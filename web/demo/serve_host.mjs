#!/usr/bin/env node
// Demo host for flowkit flows: a tiny static server (no dependencies) for host.html and
// two-flows.html, on an origin of its own, so the widget runs in a real cross-origin <iframe>.
// The pages mount flows with the embed SDK, imported from {sandbox}/widget/flowkit-embed.mjs
// (this server also serves web/sdk at /sdk/, the pages' fallback when that import fails).
//
//   node web/demo/serve_host.mjs --port 8090 --sandbox http://127.0.0.1:8080 --link LINK [--link LINK2]
//   then open http://127.0.0.1:8090/            (or /?link=<url-encoded link>&sandbox=<origin>)
//   and http://127.0.0.1:8090/two-flows.html   (the first two --link, or ?link=A&link=B)
//
// Start the sandbox with --allowed-origin http://127.0.0.1:8090 (this page's origin), or the
// sandbox refuses to be framed here and the widget sends no messages to it.
// --port 0 picks a free port. Prints "demo host listening on http://HOST:PORT".
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const opts = { port: '8090', host: '127.0.0.1', sandbox: '', link: '' };
const links = [];  // every --link, in order
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const m = /^--(port|host|sandbox|link)(?:=(.*))?$/.exec(argv[i]);
  if (!m) {
    console.error(`serve_host: unknown argument ${argv[i]}\n` +
      'usage: node serve_host.mjs [--port P] [--host H] [--sandbox http://127.0.0.1:S] [--link LINK]');
    process.exit(2);
  }
  opts[m[1]] = m[2] !== undefined ? m[2] : argv[++i] ?? '';
  if (m[1] === 'link' && opts.link) links.push(opts.link);
}

// The pages read their settings from the query string first, then from /config.json.
const config = JSON.stringify({ link: links[0] || null, links, sandbox: opts.sandbox || null });
const files = {
  '/': ['host.html', 'text/html; charset=utf-8'],
  '/host.html': ['host.html', 'text/html; charset=utf-8'],
  '/two-flows.html': ['two-flows.html', 'text/html; charset=utf-8'],
  '/demo.mjs': ['demo.mjs', 'text/javascript'],
  '/sdk/flowkit-embed.mjs': ['../sdk/flowkit-embed.mjs', 'text/javascript'],
  '/sdk/flowkit-embed.d.ts': ['../sdk/flowkit-embed.d.mts', 'text/plain; charset=utf-8'],
};

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://host');
  const headers = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { ...headers, Allow: 'GET, HEAD' });
    return res.end();
  }
  const file = Object.hasOwn(files, url.pathname) && files[url.pathname];
  if (file) {
    const body = fs.readFileSync(path.join(here, file[0]));  // read per request: edits show on reload
    res.writeHead(200, { ...headers, 'Content-Type': file[1] });
    return res.end(req.method === 'HEAD' ? undefined : body);
  }
  if (url.pathname === '/config.json') {
    res.writeHead(200, { ...headers, 'Content-Type': 'application/json' });
    return res.end(req.method === 'HEAD' ? undefined : config);
  }
  res.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' });
  res.end('not found\n');
});

server.listen(Number(opts.port), opts.host, () => {
  const { port } = server.address();
  console.log(`demo host listening on http://${opts.host}:${port}`);
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(0));
