// The ceiling for the feed route: a bare Express route returning the very same bytes (fetched once
// from our server at start-up), with no middleware, no cache lookup, no ETag hashing, nothing.
// `/bare-headers` also repeats every response header our route sent (security, CORS, caching), to
// tell the cost of producing those headers from the cost of sending them.
import express from 'express';
import { createServer } from 'node:http';

const source = process.env.BARE_SOURCE_URL;
if (!source) throw new Error('BARE_SOURCE_URL is required');
const response = await fetch(source);
const body = Buffer.from(await response.arrayBuffer());
const skipped = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);
const headers = [...response.headers].filter(([name]) => !skipped.has(name));
const app = express();
app.disable('x-powered-by');
app.get('/healthz', (_req, res) => res.send('ok'));
app.get('/bare', (_req, res) => {
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', body.length);
  res.end(body);
});
app.get('/bare-headers', (_req, res) => {
  for (const [name, value] of headers) res.setHeader(name, value);
  res.setHeader('Content-Length', body.length);
  res.end(body);
});
// `/bare-node` skips Express altogether: the ceiling of any Node handler sending these bytes.
const server = createServer((req, res) => {
  if (req.url !== '/bare-node') return app(req, res);
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': body.length });
  res.end(body);
});
server.listen(Number(process.env.PORT), '127.0.0.1');
