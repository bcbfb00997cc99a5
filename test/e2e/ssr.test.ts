// Feeds without JavaScript, in Chromium: a page on another origin that includes the server-rendered
// fragment shows the styled feed with JavaScript disabled (declarative shadow DOM), and the iframe
// embed tells its parent its height so the snippet's iframe fits the feed.
import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAccount } from '../helpers/connect.js';
import { launchBrowser, startDemoServer, type DemoServer } from './stack.js';

let server: DemoServer;
let browser: Browser;
let host: Server;
let hostUrl: string;
let pages: Record<string, string> = {};
const SCREENSHOTS = new URL('./screenshots/', import.meta.url).pathname;

beforeAll(async () => {
  [server, browser] = await Promise.all([startDemoServer({ MEDIA_MODE: 'direct' }), launchBrowser()]);
  await mkdir(SCREENSHOTS, { recursive: true });
  await connectAccount(server.url, 'northshore.coffee');
  // The site owner's page: the fragment included server-side (as PHP, SSI or Next.js would), a footer below.
  const fragment = await (await fetch(`${server.url}/api/feeds/northshore.coffee/html?limit=8&columns=4`)).text();
  const interactive = await (await fetch(`${server.url}/api/feeds/northshore.coffee/html?limit=8&columns=4&load-more`)).text();
  pages = {
    // The fragment and the script tag: the element takes the server's rendering over.
    '/hydrate': `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Hydrated</title>
<script>
  // Shifts from the moment the element is defined (the takeover's), and before it (the page and the fragment loading:
  // rarely, 1 visit in 20-30 on two busy cores, a frame painted while the page loads shows the server's header ~50 px
  // lower, with no script involved; under the 0.01 budget, and not the takeover's).
  window.allShifts = [];
  window.definedAt = Infinity;
  customElements.whenDefined('instagram-feed').then(() => (window.definedAt = performance.now()));
  new PerformanceObserver(list => window.allShifts.push(...list.getEntries().map(entry => [entry.startTime, entry.value]))).observe({ type: 'layout-shift', buffered: true });
  window.loads = [];
  addEventListener('instagram-feed-load', event => window.loads.push(event.added.length));
  // What each frame is about to paint, from the end of parsing (while the parser streams the fragment in,
  // a frame may show part of it; the widget's module script runs after): the number of tiles, and placeholders.
  window.painted = [];
  const watch = () => {
    const root = document.querySelector('instagram-feed')?.shadowRoot;
    if (root) window.painted.push(root.querySelectorAll('[part~="item"]').length + '/' + root.querySelectorAll('[part~="skeleton"]').length);
    if (!window.loads.length) requestAnimationFrame(watch);
  };
  document.addEventListener('readystatechange', () => document.readyState === 'interactive' && requestAnimationFrame(watch));
</script>
<script type="module" src="${server.url}/widget/instagram-feed.js"></script></head>
<body style="font-family:sans-serif;margin:24px"><h1>Our café</h1>${interactive}<footer id="footer">Footer</footer></body></html>`,
    '/include': `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Included</title></head><body style="font-family:sans-serif;margin:24px"><h1>Our café</h1>${fragment}<footer id="footer">Footer</footer></body></html>`,
    '/iframe': `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Framed</title></head><body style="margin:24px"><h1>Our café</h1>
<iframe id="feed" src="${server.url}/embed/northshore.coffee?limit=6" title="Instagram posts" style="width:100%;border:0;height:150px"></iframe>
<script>
  window.heights = [];
  addEventListener('message', event => {
    if (event.origin !== ${JSON.stringify(server.url)} || event.data?.type !== 'instagram-feed:height') return;
    window.heights.push(event.data.height);
    document.getElementById('feed').style.height = event.data.height + 'px';
  });
</script></body></html>`,
  };
  host = createServer((req, res) => {
    const page = pages[req.url ?? ''];
    res.writeHead(page ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' }).end(page ?? '');
  });
  await new Promise<void>(resolve => host.listen(0, '127.0.0.1', resolve));
  hostUrl = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await browser?.close();
  host?.close();
  await server?.stop();
});

describe('a server-rendered feed', () => {
  it('shows the styled feed with JavaScript disabled: tiles that link to the posts, the header, and nothing fetched', async () => {
    const page = await browser.newPage();
    await page.setJavaScriptEnabled(false);
    await page.setViewport({ width: 1024, height: 900 });
    const requests: string[] = [];
    page.on('request', request => requests.push(request.url()));
    await page.goto(`${hostUrl}/include`, { waitUntil: 'networkidle0' });
    // Every image loads and decodes without a script (polled from here: the page runs none).
    for (let i = 0; i < 50; i++) {
      const loaded = await page.evaluate(() =>
        [...document.querySelector('instagram-feed')!.shadowRoot!.querySelectorAll<HTMLImageElement>('.picture__img')].every(
          img => img.complete && img.naturalWidth > 0,
        ),
      );
      if (loaded) break;
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    const view = await page.evaluate(() => {
      const root = document.querySelector('instagram-feed')!.shadowRoot!;
      const tiles = [...root.querySelectorAll<HTMLElement>('[part~="item"]')];
      const footer = document.getElementById('footer')!.getBoundingClientRect();
      const feed = document.querySelector('instagram-feed')!.getBoundingClientRect();
      return {
        tiles: tiles.length,
        visible: tiles.filter(tile => tile.getBoundingClientRect().width > 50 && tile.getBoundingClientRect().height > 50).length,
        links: [...root.querySelectorAll<HTMLAnchorElement>('[part~="item"] a[href^="https://www.instagram.com/"]')].length,
        header: root.querySelector('[part~="header"]')?.textContent?.includes('northshore.coffee') ?? false,
        feedHeight: feed.height,
        footerBelow: footer.top >= feed.bottom,
      };
    });
    expect(view).toMatchObject({ tiles: 8, visible: 8, header: true, footerBelow: true });
    expect(view.links).toBeGreaterThanOrEqual(8);
    expect(view.feedHeight).toBeGreaterThan(300);
    expect(requests.filter(url => url.includes('/api/feeds/'))).toEqual([]);
    await page.screenshot({ path: `${SCREENSHOTS}ssr-no-js.png`, fullPage: true });
    await page.close();
  });

  it('with the script tag, is taken over in place: no request for the data, nothing moved, then lightbox and Load more work', async () => {
    const page = await browser.newPage();
    await page.setViewport({ width: 1024, height: 900 });
    const feedRequests: string[] = [];
    page.on('request', request => {
      const url = new URL(request.url());
      if (url.pathname.startsWith('/api/feeds/')) feedRequests.push(url.pathname + url.search);
    });
    await page.goto(`${hostUrl}/hydrate`, { waitUntil: 'networkidle0' });
    await page.waitForFunction(() => (window as unknown as { loads: number[] }).loads.length > 0);
    const view = await page.evaluate(() => {
      const root = document.querySelector('instagram-feed')!.shadowRoot!;
      const { allShifts: shifts, definedAt } = window as unknown as { allShifts: [number, number][]; definedAt: number };
      return {
        loads: (window as unknown as { loads: number[] }).loads,
        shifts: shifts.filter(([time]) => time >= definedAt).map(([, value]) => value),
        loadingShifts: shifts.filter(([time]) => time < definedAt).map(([, value]) => value),
        painted: [...new Set((window as unknown as { painted: string[] }).painted)],
        lists: root.querySelectorAll('[part~="list"]').length,
        headers: root.querySelectorAll('[part~="header"]').length,
        // The element's own render: tiles open the lightbox (the server's tiles are links).
        buttons: root.querySelectorAll('[part~="item"] button.feed__tile').length,
        skeletons: root.querySelectorAll('[part~="skeleton"]').length,
        styles: root.querySelectorAll('style').length,
      };
    });
    // Nothing moves in nearly every run; about 1 in 10 whole runs of this file on two cores, one shift of 0.0005 (the same
    // value each time) follows the definition. Its source is not found yet; the takeover's sum must stay about 17 times under
    // the 0.01 budget, and anything the takeover would really move (the header, the list: 0.003 and up) fails this.
    const { shifts, loadingShifts, ...rest } = view;
    expect(rest).toEqual({ loads: [8], painted: ['8/0'], lists: 1, headers: 1, buttons: 8, skeletons: 0, styles: 0 });
    expect(shifts.reduce((sum, value) => sum + value, 0)).toBeLessThan(0.0006);
    expect(loadingShifts.reduce((sum, value) => sum + value, 0)).toBeLessThan(0.01);
    expect(feedRequests).toEqual([]);

    await page.evaluate(() => document.querySelector('instagram-feed')!.shadowRoot!.querySelector<HTMLElement>('[part~="item"] button')!.click());
    await page.waitForFunction(() => document.querySelector('instagram-feed')!.shadowRoot!.querySelector('dialog[open]'));
    await page.keyboard.press('Escape');
    await page.evaluate(() => document.querySelector('instagram-feed')!.shadowRoot!.querySelector<HTMLElement>('[part~="load-more"]')!.click());
    await page.waitForFunction(() => (window as unknown as { loads: number[] }).loads.length > 1);
    expect(feedRequests).toHaveLength(1);
    expect(feedRequests[0]).toMatch(/^\/api\/feeds\/northshore\.coffee\?limit=8&after=/);
    expect(await page.evaluate(() => document.querySelector('instagram-feed')!.shadowRoot!.querySelectorAll('[part~="item"]').length)).toBe(16);
    await page.screenshot({ path: `${SCREENSHOTS}ssr-hydrated.png`, fullPage: true });
    await page.close();
  });

  it('in an iframe, tells the parent its height, and the parent sizes the frame to it', async () => {
    const page = await browser.newPage();
    await page.setViewport({ width: 1024, height: 900 });
    await page.goto(`${hostUrl}/iframe`, { waitUntil: 'networkidle0' });
    await page.waitForFunction(() => (window as unknown as { heights: number[] }).heights.length > 0);
    const { heights, frame } = await page.evaluate(() => ({
      heights: (window as unknown as { heights: number[] }).heights,
      frame: document.getElementById('feed')!.getBoundingClientRect().height,
    }));
    const last = heights.at(-1)!;
    expect(last).toBeGreaterThan(300);
    expect(frame).toBe(last);
    // The framed document fits: it is no taller than the frame the parent sized.
    const inner = await page.frames()[1]!.evaluate(() => document.documentElement.scrollHeight);
    expect(inner).toBeLessThanOrEqual(last);
    await page.screenshot({ path: `${SCREENSHOTS}ssr-iframe.png`, fullPage: true });
    await page.close();
  });
});
