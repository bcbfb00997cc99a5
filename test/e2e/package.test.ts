// The published widget package (widget/package.json, instagram-feed-element) as an app developer meets
// it: `npm pack`, install the tarball into a new Vite app that also uses Lit, type-check and build
// the app with the app's own bundler, and run it in Chromium. The app must ship one copy of Lit.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packWidget } from './pack.js';
import { launchBrowser } from './stack.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const WIDGET = join(ROOT, 'widget');
const manifest = JSON.parse(readFileSync(join(WIDGET, 'package.json'), 'utf8'));

let work: string;
let app: string;
let files: string[];
let browser: Browser | undefined;
let server: Server | undefined;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'igfeed-pack-'));
  const packed = packWidget(work);
  files = packed.files;

  app = join(work, 'app');
  mkdirSync(join(app, 'src'), { recursive: true });
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: 'pack-test-app', private: true, type: 'module', dependencies: { [manifest.name]: `file:../${packed.filename}`, lit: '3.3.3' } }),
  );
  writeFileSync(
    join(app, 'index.html'),
    '<!doctype html><html><body><my-greeting></my-greeting><instagram-feed account="northshore.coffee"></instagram-feed><script type="module" src="/src/main.ts"></script></body></html>',
  );
  // The app has its own Lit element, so a second copy of Lit from the package would show.
  writeFileSync(
    join(app, 'src', 'main.ts'),
    `import { InstagramFeedElement, type Feed } from '${manifest.name}';
import { html, LitElement } from 'lit';

class MyGreeting extends LitElement {
  override render() {
    return html\`<p>Hello</p>\`;
  }
}
customElements.define('my-greeting', MyGreeting);

const feed: InstagramFeedElement = document.querySelector('instagram-feed')!;
feed.limit = 6;
const media: Feed['media'] = [];
(window as unknown as { packTest: unknown }).packTest = { defined: customElements.get('instagram-feed') === InstagramFeedElement, media };
`,
  );
  writeFileSync(
    join(app, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'ESNext',
        moduleResolution: 'Bundler',
        lib: ['ES2022', 'DOM'],
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        useDefineForClassFields: false,
        noImplicitOverride: true,
      },
      include: ['src'],
    }),
  );
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts'], { cwd: app, stdio: ['ignore', 'ignore', 'inherit'] });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe(`the ${manifest.name} package`, () => {
  it('is the widget only: bundler build, script-tag builds, types, the manifest and the licence; no sources, demo or server', () => {
    for (const file of [
      'package.json',
      'README.md',
      'LICENSE',
      'custom-elements.json',
      'dist/index.js',
      'dist/types/index.d.ts',
      'dist/types/contract.d.ts',
      'dist/browser/instagram-feed.js',
      'dist/browser/instagram-feed.iife.js',
    ]) {
      expect(files, file).toContain(file);
    }
    expect(files.filter(file => /(^|\/)(demo|server)(\/|$)/.test(file) || (file.endsWith('.ts') && !file.endsWith('.d.ts')))).toEqual([]);
    expect(manifest.dependencies).toEqual({ lit: expect.stringMatching(/^\^3\./) });
    expect(manifest.scripts.prepack).toBe('cd .. && npm run build');
    const root = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(root.private).toBe(true);
    expect(manifest.version).toBe(root.version);
  });

  it('imports lit instead of bundling it, while the script-tag build stays self-contained', () => {
    const index = readFileSync(join(WIDGET, 'dist', 'index.js'), 'utf8');
    expect(index).toMatch(/from "lit"/);
    expect(index).not.toContain('litHtmlVersions');
    expect(readFileSync(join(WIDGET, 'dist', 'browser', 'instagram-feed.js'), 'utf8')).toContain('litHtmlVersions');
  });

  it('type-checks in an app (element, properties and contract types)', () => {
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', app], { stdio: 'inherit' });
  });

  it("builds with the app's Vite into one bundle holding one copy of Lit, and the element runs in Chromium", async () => {
    // NODE_ENV as in an app's own build: under vitest it is `test`, which makes Vite pick Lit's development build.
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
      cwd: app,
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production' },
    });
    const assets = join(app, 'dist', 'assets');
    const code = readdirSync(assets)
      .filter(file => file.endsWith('.js'))
      .map(file => readFileSync(join(assets, file), 'utf8'))
      .join('\n');
    expect(code.match(/litHtmlVersions/g)).toHaveLength(1);
    expect(code.match(/litElementVersions/g)).toHaveLength(1);

    server = createServer((request, response) => {
      const path = join(app, 'dist', request.url === '/' ? 'index.html' : request.url!.split('?')[0]!);
      try {
        const body = readFileSync(path);
        response.writeHead(200, { 'content-type': extname(path) === '.js' ? 'text/javascript' : 'text/html' }).end(body);
      } catch {
        response.writeHead(404).end();
      }
    });
    await new Promise<void>(resolve => server!.listen(0, '127.0.0.1', resolve));
    browser = await launchBrowser();
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', error => errors.push(String(error)));
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.waitForFunction(() => (window as unknown as { packTest?: unknown }).packTest);
    expect(await page.evaluate(() => (window as unknown as { packTest: { defined: boolean } }).packTest.defined)).toBe(true);
    // The static server has no feed API (404): the element renders its error state, inside its shadow root.
    await page.waitForFunction(() => document.querySelector('instagram-feed')?.shadowRoot?.querySelector('[part~="error"], [role="alert"]'));
    expect(await page.$eval('my-greeting', el => el.shadowRoot?.textContent)).toContain('Hello');
    expect(errors).toEqual([]);
  });
});
