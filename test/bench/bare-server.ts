// The ceiling for the feed route: a bare Express route returning the very same bytes (fetched once
// from our server at start-up), with no cache lookup, no headers logic, nothing.
import express from 'express';

const source = process.env.BARE_SOURCE_URL;
if (!source) throw new Error('BARE_SOURCE_URL is required');
const body = Buffer.from(await (await fetch(source)).arrayBuffer());
const app = express();
app.get('/healthz', (_req, res) => res.send('ok'));
app.get('/bare', (_req, res) => {
  res.type('application/json');
  res.send(body);
});
app.listen(Number(process.env.PORT), '127.0.0.1');
