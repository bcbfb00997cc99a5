// The newcomer's path, in a real browser: `npm start` with no settings, open the page, Connect, Allow
// on the emulator's consent page, come back connected, and see the posts in the live preview.
import { mkdir } from 'node:fs/promises';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, startDemoServer, tileTypes, watchErrors, type DemoServer } from './stack.js';

let server: DemoServer;
let browser: Browser;
const SCREENSHOTS = new URL('./screenshots/', import.meta.url).pathname;

beforeAll(async () => {
  [server, browser] = await Promise.all([startDemoServer(), launchBrowser()]);
  await mkdir(SCREENSHOTS, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

describe('demo mode, first run', () => {
  it('connects an account through the consent page and previews its posts of every media type', async () => {
    const page = await browser.newPage();
    const errors = watchErrors(page);
    await page.setViewport({ width: 1280, height: 900 });
    await page.goto(server.url, { waitUntil: 'networkidle0' });
    expect(await page.$eval('#demo-banner', el => (el as HTMLElement).hidden)).toBe(false);
    expect(await page.$eval('#accounts', el => el.textContent)).toMatch(/No accounts yet/);

    await Promise.all([page.waitForNavigation(), page.click('#connect')]);
    expect(await page.title()).toMatch(/Allow/);
    await page.click('input[name="account"][value="northshore.coffee"]');
    await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.click('#allow')]);

    expect(new URL(page.url()).pathname).toBe('/');
    expect(await page.$eval('#notice', el => el.textContent)).toMatch(/@northshore.coffee is connected/);
    await page.waitForFunction(() => document.querySelectorAll('.account').length === 1);
    expect(await page.$eval('.account', el => el.textContent)).toMatch(/Active/);

    // Show every post so that each media type is on screen.
    await page.$eval('input[name="limit"]', el => {
      (el as HTMLInputElement).value = '30';
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await page.waitForFunction(() => (document.querySelector('#preview instagram-feed')?.shadowRoot?.querySelectorAll('[part~="item"]').length ?? 0) >= 30);
    const types = new Set(await tileTypes(page, '#preview instagram-feed'));
    expect([...types].sort()).toEqual(['item--carousel', 'item--image', 'item--reel', 'item--video']);
    const script = await page.$eval('#snippet', el => el.textContent);
    expect(script).toContain('<instagram-feed account="northshore.coffee" limit="30"></instagram-feed>');
    // In the head, the script holds the first paint until it has run: the feed's box is there from the start.
    expect(script).toContain(`<script type="module" src="${server.url}/widget/instagram-feed.js" blocking="render"></script>`);
    // The two other ways to embed: a server-side include of the rendered HTML, and an iframe that fits itself.
    await page.click('input[name="snippet-kind"][value="include"]');
    expect(await page.$eval('#snippet', el => el.textContent)).toContain(`${server.url}/api/feeds/northshore.coffee/html?limit=30`);
    await page.click('input[name="snippet-kind"][value="iframe"]');
    const iframe = await page.$eval('#snippet', el => el.textContent);
    expect(iframe).toContain(`<iframe src="${server.url}/embed/northshore.coffee?limit=30"`);
    expect(iframe).toContain("'instagram-feed:height'");
    await page.click('input[name="snippet-kind"][value="script"]');

    await page.$eval('input[name="limit"]', el => {
      (el as HTMLInputElement).value = '12';
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await page.waitForNetworkIdle();
    await page.screenshot({ path: `${SCREENSHOTS}demo.png`, fullPage: true });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('explains in plain words why a personal account cannot be connected', async () => {
    const page = await browser.newPage();
    await page.goto(server.url, { waitUntil: 'networkidle0' });
    await Promise.all([page.waitForNavigation(), page.click('#connect')]);
    await page.click('input[name="account"][value="sam.snapshots"]');
    await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.click('#allow')]);
    expect(await page.$eval('#notice', el => el.textContent)).toMatch(/personal Instagram account.*Business or Creator/);
    await page.close();
  });

  it('reports a cancelled consent', async () => {
    const page = await browser.newPage();
    await page.goto(server.url, { waitUntil: 'networkidle0' });
    await Promise.all([page.waitForNavigation(), page.click('#connect')]);
    await Promise.all([page.waitForNavigation({ waitUntil: 'networkidle0' }), page.click('#deny')]);
    expect(await page.$eval('#notice', el => el.textContent)).toMatch(/cancelled/);
    await page.close();
  });
});
