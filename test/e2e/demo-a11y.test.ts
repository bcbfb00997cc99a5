// The demo page is usable by everyone: axe-core finds no violations, with and without a connected
// account, and a misconfigured server says what is wrong instead of starting.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAccount } from '../helpers/connect.js';
import { launchBrowser, startDemoServer, type DemoServer } from './stack.js';

const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
let server: DemoServer;
let browser: Browser;
beforeAll(async () => {
  [server, browser] = await Promise.all([startDemoServer(), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

async function violations(page: Page): Promise<string[]> {
  await page.addScriptTag({ path: axePath });
  return page.evaluate(async () => {
    const result = await (window as unknown as { axe: { run(): Promise<{ violations: { id: string; nodes: unknown[] }[] }> } }).axe.run();
    return result.violations.map(v => `${v.id} (${v.nodes.length})`);
  });
}

describe('demo page accessibility', () => {
  it('has no axe violations before and after connecting, in light and dark mode', async () => {
    const page = await browser.newPage();
    await page.setBypassCSP(true); // only to inject axe-core; the page itself runs under its strict CSP
    await page.goto(server.url, { waitUntil: 'networkidle0' });
    expect(await violations(page)).toEqual([]);

    await connectAccount(server.url, 'lena.travels');
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
      await page.goto(server.url, { waitUntil: 'networkidle0' });
      await page.waitForFunction(() => (document.querySelector('#preview instagram-feed')?.shadowRoot?.querySelectorAll('[part~="item"]').length ?? 0) > 0);
      expect(await violations(page), scheme).toEqual([]);
    }
    await page.close();
  });

  it('has no axe violations in the moderation screen (hidden and pinned posts, a rule, an open link editor), light and dark', async () => {
    await connectAccount(server.url, 'lena.travels');
    const page = await browser.newPage();
    await page.setBypassCSP(true); // only to inject axe-core
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: scheme }]);
      await page.goto(server.url, { waitUntil: 'networkidle0' });
      await page.click('[data-moderate="lena.travels"]');
      await page.waitForFunction(() => /posts visible/.test(document.getElementById('moderation-count')?.textContent ?? ''));
      await page.click('.mod-post:nth-child(2) [data-action="hide"]');
      await page.click('.mod-post:nth-child(3) [data-action="pin"]');
      await page.click('.mod-post:nth-child(4) [data-action="link"]');
      await page.type('#rule-exclude-hashtags', '#travel');
      await page.keyboard.press('Enter');
      expect(await violations(page), scheme).toEqual([]);
    }
    await page.close();
  });

  it('is fully keyboard operable: Tab reaches Connect, the account actions, every option and Copy', async () => {
    await connectAccount(server.url, 'lena.travels');
    const page = await browser.newPage();
    await page.goto(server.url, { waitUntil: 'networkidle0' });
    const reached = new Set<string>();
    await page.waitForFunction(() => document.querySelectorAll('.account').length > 0);
    for (let i = 0; i < 60; i++) {
      await page.keyboard.press('Tab');
      reached.add(
        await page.evaluate(
          () => document.activeElement?.getAttribute('name') || document.activeElement?.id || document.activeElement?.textContent?.trim() || '',
        ),
      );
    }
    for (const control of [
      'connect',
      'Moderate',
      'Refresh token',
      'Sync now',
      'Disconnect',
      'account',
      'layout',
      'columns',
      'limit',
      'types',
      'header',
      'theme',
      'copy',
    ]) {
      expect([...reached], control).toContain(control);
    }
    await page.close();
  });
});

describe('bad configuration', () => {
  it('stops start-up with one message naming every bad variable', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: new URL('../../', import.meta.url).pathname,
      env: { PATH: process.env.PATH, INSTAGRAM_CLIENT_ID: '1234567890', PORT: 'abc', FEED_TTL_SECONDS: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', chunk => (stderr += chunk));
    const code = await new Promise(resolve => child.on('exit', resolve));
    expect(code).toBe(1);
    for (const name of ['INSTAGRAM_CLIENT_SECRET', 'TOKEN_ENCRYPTION_KEY', 'SESSION_SECRET', 'PORT', 'FEED_TTL_SECONDS']) expect(stderr).toContain(name);
    expect(stderr.match(/Invalid configuration/g)).toHaveLength(1);
  });
});
