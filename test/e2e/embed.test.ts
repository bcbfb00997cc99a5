// What a site owner does: a page on another origin with nothing but the script tag and the element.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAccount } from '../helpers/connect.js';
import { launchBrowser, startDemoServer, tileTypes, watchErrors, type DemoServer } from './stack.js';

let server: DemoServer;
let browser: Browser;
let site: Server;
let siteUrl: string;
const pages: Record<string, (feedServer: string) => string> = {
  '/esm.html': feedServer => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>My bakery</title><link rel="icon" href="data:,">
<script type="module" src="${feedServer}/widget/instagram-feed.js"></script></head>
<body><h1>Our latest posts</h1><instagram-feed account="northshore.coffee"></instagram-feed></body></html>`,
  '/iife.html': feedServer => `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>My bakery</title><link rel="icon" href="data:,">
<script src="${feedServer}/widget/instagram-feed.iife.js"></script></head>
<body><h1>Our latest posts</h1><instagram-feed account="lena.travels" limit="6" layout="masonry"></instagram-feed></body></html>`,
};

beforeAll(async () => {
  [server, browser] = await Promise.all([startDemoServer(), launchBrowser()]);
  expect((await connectAccount(server.url, 'northshore.coffee')).location).toBe('/?connected=northshore.coffee');
  expect((await connectAccount(server.url, 'lena.travels')).location).toBe('/?connected=lena.travels');
  site = createServer((req, res) => {
    const page = Object.hasOwn(pages, req.url ?? '') ? pages[req.url!] : undefined;
    res.writeHead(page ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page ? page(server.url) : 'not found');
  }).listen(0, '127.0.0.1');
  await once(site, 'listening');
  siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await browser?.close();
  site?.close();
  await server?.stop();
});

describe('embedding on another origin', () => {
  it('renders the feed from the ESM script tag alone, server taken from the script URL', async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.goto(`${siteUrl}/esm.html`, { waitUntil: 'networkidle0' });
    await page.waitForFunction(() => (document.querySelector('instagram-feed')?.shadowRoot?.querySelectorAll('[part~="item"]').length ?? 0) === 12);
    expect((await tileTypes(page)).length).toBe(12);
    expect(await page.$eval('instagram-feed', el => el.shadowRoot!.querySelector('[part~="username"]')?.textContent)).toContain('northshore.coffee');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('renders the feed from the plain (IIFE) script tag', async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.goto(`${siteUrl}/iife.html`, { waitUntil: 'networkidle0' });
    await page.waitForFunction(() => (document.querySelector('instagram-feed')?.shadowRoot?.querySelectorAll('[part~="item"]').length ?? 0) === 6);
    expect(errors).toEqual([]);
    await page.close();
  });
});
