// Media mirror in demo mode: once the server has re-hosted the images, a visitor's browser fetches
// every image (and the avatar) from our server only; the emulated Instagram CDN is never contacted.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Feed } from '../../widget/contract.js';
import { connectAccount } from '../helpers/connect.js';
import { launchBrowser, startDemoServer, watchErrors, type DemoServer } from './stack.js';

let server: DemoServer;
let browser: Browser;

beforeAll(async () => {
  [server, browser] = await Promise.all([startDemoServer(), launchBrowser()]);
  await connectAccount(server.url, 'northshore.coffee');
  // Wait for the mirror: every post of the first page carries `sources` once its image is re-hosted.
  const deadline = Date.now() + 45_000;
  for (;;) {
    const feed = (await (await fetch(`${server.url}/api/feeds/northshore.coffee`)).json()) as Feed;
    if (feed.media.every(m => m.sources?.length) && feed.account.profilePictureUrl?.startsWith(server.url)) break;
    if (Date.now() > deadline) throw new Error('the mirror did not finish within 45 s');
    await new Promise(r => setTimeout(r, 250));
  }
}, 60_000);
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('media mirror', () => {
  it('serves resized variants with dimensions, colour and placeholder in the Feed JSON', async () => {
    const feed = (await (await fetch(`${server.url}/api/feeds/northshore.coffee`)).json()) as Feed;
    const first = feed.media.find(m => m.type === 'image')!;
    expect(first.width).toBeGreaterThan(0);
    expect(first.height).toBeGreaterThan(0);
    expect(first.color).toMatch(/^#[0-9a-f]{6}$/);
    expect(first.placeholder).toMatch(/^data:image\//);
    expect(first.sources!.map(s => s.type)).toContain('image/webp');
    expect(first.sources!.every(s => s.url.startsWith(`${server.url}/media/`))).toBe(true);
    const variant = await fetch(first.sources![0]!.url);
    expect(variant.status).toBe(200);
    expect(variant.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('makes a visitor fetch images from our server only, never from Instagram', async () => {
    // A site on another origin with nothing but the snippet, so every image request is the widget's.
    const site: Server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop</title><link rel="icon" href="data:,">
<script type="module" src="${server.url}/widget/instagram-feed.js"></script></head>
<body><instagram-feed account="northshore.coffee"></instagram-feed></body></html>`);
    }).listen(0, '127.0.0.1');
    await once(site, 'listening');
    const page = await browser.newPage();
    const errors = watchErrors(page);
    const imageOrigins = new Set<string>();
    page.on('request', request => {
      if (request.resourceType() === 'image' || request.resourceType() === 'media') imageOrigins.add(new URL(request.url()).origin);
    });
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(`http://127.0.0.1:${(site.address() as AddressInfo).port}/`, { waitUntil: 'networkidle0' });
    await page.waitForFunction(() => (document.querySelector('instagram-feed')?.shadowRoot?.querySelectorAll('[part~="item"]').length ?? 0) >= 12);
    // Scroll the whole grid into view so every lazy image loads.
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.waitForNetworkIdle();
    const origins = [...imageOrigins].filter(origin => origin !== 'null');
    expect(origins).toEqual([server.url]);
    expect(errors).toEqual([]);
    await page.close();
    site.close();
  });
});
