// A stand-in for a site that embeds the feed, for the benches that visit it in Chromium (widget.ts, trace.ts).
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { EmbedWay } from './embeds.js';

/**
 * The embedding site's page, with the feed embedded `way` (embeds.ts). The grid pages use the snippet the demo
 * page gives (`script-blocking`); a server-side include fetches the fragment as the page is served, as PHP would.
 */
async function page(server: string, account: string, limit: number, way: EmbedWay, attributes = ''): Promise<string> {
  const script = `<script type="module" src="${server}/widget/instagram-feed.js"${way === 'script-blocking' ? ' blocking="render"' : ''}></script>`;
  let feed = `<instagram-feed account="${account}" limit="${limit}"${attributes ? ` ${attributes}` : ''}></instagram-feed>`;
  if (way === 'include' || way === 'include-script') {
    const response = await fetch(`${server}/api/feeds/${account}/html?limit=${limit}`);
    if (!response.ok) throw new Error(`the fragment did not load: ${response.status}`);
    feed = await response.text();
  } else if (way === 'iframe') {
    feed = `<iframe src="${server}/embed/${account}?limit=${limit}" title="Instagram posts" style="width:100%;border:0" id="instagram-feed"></iframe>
<script>
  addEventListener('message', e => {
    if (e.origin === '${server}' && e.data?.type === 'instagram-feed:height') document.getElementById('instagram-feed').style.height = e.data.height + 'px';
  });
</script>`;
  }
  const head = way === 'script' || way === 'script-blocking' || way === 'include-script' ? script : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Our café</title><link rel="icon" href="data:,">${head}
<style>body { margin: 0 auto; max-width: 1200px; padding: 16px; font: 16px/1.5 system-ui, sans-serif; }</style></head>
<body><header><h1>Northshore Coffee</h1><p>Small-batch roastery and café on Harbour Street.</p></header>
<main><h2>Latest on Instagram</h2>${feed}</main>
<footer><p>Harbour Street 12 · Open daily 7–18</p></footer></body></html>`;
}

/** A stand-in for the embedding site: `/?server=&account=&limit=&way=&attributes=` (more of the element's attributes, as HTML). */
export async function startSite(): Promise<{ url: string; server: Server }> {
  const server = createServer(async (req, res) => {
    const query = new URL(req.url ?? '/', 'http://site').searchParams;
    const way = (query.get('way') ?? 'script-blocking') as EmbedWay;
    try {
      const html = await page(query.get('server') ?? '', query.get('account') ?? '', Number(query.get('limit') ?? 12), way, query.get('attributes') ?? '');
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(html);
    } catch (error) {
      res.writeHead(502, { 'content-type': 'text/plain' }).end(String(error));
    }
  }).listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}
