// Baseline (a) of the upstream budget, "cache, but no single flight", as most integration guides show
// it: look in node-cache; on a miss fetch the Graph media page, store it for the TTL, answer. Every
// request that misses while that fetch is in flight starts its own fetch.
import express from 'express';
import NodeCache from 'node-cache';
import { request } from 'undici';

const upstream = process.env.NAIVE_UPSTREAM_URL;
if (!upstream) throw new Error('NAIVE_UPSTREAM_URL is required (a Graph /me/media URL with its access token)');
const cache = new NodeCache({ stdTTL: Number(process.env.NAIVE_TTL_SECONDS ?? 60) });
const app = express();
app.get('/healthz', (_req, res) => res.send('ok'));
app.get('/api/feeds/:account', async (req, res) => {
  let body = cache.get<Buffer>(req.params.account);
  if (!body) {
    const response = await request(upstream);
    if (response.statusCode !== 200) {
      await response.body.dump();
      res.status(502).json({ error: { code: 'upstream_failed', message: `Instagram answered ${response.statusCode}` } });
      return;
    }
    body = Buffer.from(await response.body.arrayBuffer());
    cache.set(req.params.account, body);
  }
  res.type('application/json').send(body);
});
app.listen(Number(process.env.PORT), '127.0.0.1');
