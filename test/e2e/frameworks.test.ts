// The README's framework examples, for real: the packed instagram-feed-element installed once into a temp
// project with React 19, React 18 (npm aliases, bundled in place of React 19 by a Vite alias), Vue 3 and
// Svelte 5; each example built by Vite from its own folder and run in Chromium against a stub feed
// server. Each passes a number, a string and two boolean attributes, listens to instagram-feed-load and
// cancels instagram-feed-select through the framework's own syntax. The React apps are type-checked by tsc
// (React 19 with the package's JSX types, `instagram-feed-element/jsx`), and the entries are imported and
// rendered to HTML by React in plain Node, as Next.js does on the server.
//
// Installing takes about 10-20 s with a warm npm cache (the frameworks are not dependencies of this
// repository: they are fetched from the registry the first time).
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, extname, join } from 'node:path';
import type { Browser } from 'puppeteer-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packWidget } from './pack.js';
import { launchBrowser, watchErrors } from './stack.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const WIDGET = join(ROOT, 'widget');
const PACKAGE = JSON.parse(readFileSync(join(WIDGET, 'package.json'), 'utf8')).name as string;

/** Exact versions, each checked to install and run on Node 20 (`npm view <name> engines`). */
const DEPENDENCIES = {
  '@lit/react': '1.0.8',
  '@sveltejs/vite-plugin-svelte': '7.3.1',
  '@types/react': '19.3.3',
  '@types/react-dom': '19.3.0',
  '@vitejs/plugin-vue': '6.0.11',
  lit: '3.3.3',
  react: '19.3.1',
  'react-18': 'npm:react@18.3.1',
  'react-dom': '19.3.1',
  'react-dom-18': 'npm:react-dom@18.3.1',
  svelte: '5.57.3',
  vite: '8.3.8',
  vue: '3.5.45',
};

/** The example apps: folder -> files. Each reports what happened into `window.reports`. */
const APPS: Record<string, Record<string, string>> = {
  react19: {
    'main.tsx': `import 'instagram-feed-element';
import type {} from 'instagram-feed-element/jsx';
import type { InstagramFeedElement } from 'instagram-feed-element';
import { useRef } from 'react';
import { createRoot } from 'react-dom/client';
import { version } from 'react';
import { report } from '../report.js';

function Feed() {
  const feed = useRef<InstagramFeedElement>(null);
  return (
    <instagram-feed
      ref={feed}
      account="northshore.coffee"
      limit={2}
      layout="list"
      load-more
      no-header
      oninstagram-feed-load={event => report('load', event.added.length)}
      oninstagram-feed-select={event => {
        event.preventDefault();
        report('select', event.media.id);
      }}
    />
  );
}

// @ts-expect-error the JSX types know the layouts
const wrong = <instagram-feed layout="mosaic" />;
void wrong;
// Infinite scroll, autoplay and overrides (an object: React 19 sets it as the property) type-check too.
const more = <instagram-feed load-more="auto" layout="carousel" autoplay={4} strings={{ follow: 'Shop our feed' }} />;
void more;

report('react', version);
createRoot(document.getElementById('root')!).render(<Feed />);
`,
  },
  react18: {
    'main.tsx': `import { InstagramFeed, type InstagramFeedElement } from 'instagram-feed-element/react';
import { useRef, version } from 'react';
import { createRoot } from 'react-dom/client';
import { report } from '../report.js';

function Feed() {
  const feed = useRef<InstagramFeedElement>(null);
  return (
    <InstagramFeed
      ref={feed}
      account="northshore.coffee"
      limit={2}
      layout="list"
      loadMore
      noHeader
      onInstagramFeedLoad={event => report('load', event.added.length)}
      onInstagramFeedSelect={event => {
        event.preventDefault();
        report('select', event.media.id);
      }}
    />
  );
}

report('react', version);
createRoot(document.getElementById('root')!).render(<Feed />);
`,
    // React 18 in place of the project's React 19, for this app only.
    'vite.config.mjs': `export default {
  base: './',
  resolve: {
    alias: [
      { find: /^react-dom(\\/.*)?$/, replacement: 'react-dom-18$1' },
      { find: /^react(\\/.*)?$/, replacement: 'react-18$1' },
    ],
  },
  oxc: { jsx: { runtime: 'automatic' } },
};
`,
  },
  vue: {
    'main.ts': `import { createApp, version } from 'vue';
import App from './App.vue';
import { report } from '../report.js';

report('vue', version);
createApp(App).mount('#root');
`,
    'App.vue': `<script setup lang="ts">
import 'instagram-feed-element';
import type { InstagramFeedLoadEvent, InstagramFeedSelectEvent } from 'instagram-feed-element';
import { report } from '../report.js';

function onLoad(event: InstagramFeedLoadEvent) {
  report('load', event.added.length);
}
function onSelect(event: InstagramFeedSelectEvent) {
  event.preventDefault();
  report('select', event.media.id);
}
</script>

<template>
  <instagram-feed
    account="northshore.coffee"
    :limit="2"
    layout="list"
    load-more
    no-header
    @instagram-feed-load="onLoad"
    @instagram-feed-select="onSelect"
  ></instagram-feed>
</template>
`,
    'vite.config.mjs': `import vue from '@vitejs/plugin-vue';

export default {
  base: './',
  plugins: [vue({ template: { compilerOptions: { isCustomElement: tag => tag === 'instagram-feed' } } })],
};
`,
  },
  svelte: {
    'main.ts': `import { mount } from 'svelte';
import { version } from 'svelte/package.json';
import App from './App.svelte';
import { report } from '../report.js';

report('svelte', version);
mount(App, { target: document.getElementById('root')! });
`,
    'App.svelte': `<script lang="ts">
  import 'instagram-feed-element';
  import type { InstagramFeedLoadEvent, InstagramFeedSelectEvent } from 'instagram-feed-element';
  import { report } from '../report.js';

  function onLoad(event: InstagramFeedLoadEvent) {
    report('load', event.added.length);
  }
  function onSelect(event: InstagramFeedSelectEvent) {
    event.preventDefault();
    report('select', event.media.id);
  }
</script>

<instagram-feed
  account="northshore.coffee"
  limit={2}
  layout="list"
  load-more
  no-header
  oninstagram-feed-load={onLoad}
  oninstagram-feed-select={onSelect}
></instagram-feed>
`,
    'vite.config.mjs': `import { svelte } from '@sveltejs/vite-plugin-svelte';

export default { base: './', plugins: [svelte()] };
`,
  },
};

const REACT_CONFIG = `export default { base: './', oxc: { jsx: { runtime: 'automatic' } } };\n`;

/** A small feed of image posts whose pictures come from the stub server. */
function feedJson(origin: string, limit: number) {
  const profile = {
    id: '1',
    username: 'northshore.coffee',
    name: 'North Shore Coffee',
    profilePictureUrl: null,
    followersCount: 1200,
    followsCount: 80,
    mediaCount: 40,
    biography: null,
    website: null,
    profileUrl: 'https://www.instagram.com/northshore.coffee/',
  };
  const media = Array.from({ length: limit }, (_, i) => ({
    id: `post-${i + 1}`,
    type: 'image',
    caption: `Post ${i + 1} #coffee`,
    altText: `Cup number ${i + 1}`,
    permalink: `https://www.instagram.com/p/post${i + 1}/`,
    timestamp: new Date(Date.UTC(2026, 10, 20 - i)).toISOString(),
    likeCount: 10 + i,
    commentsCount: i,
    mediaUrl: `${origin}/img/${i + 1}.svg`,
    thumbnailUrl: `${origin}/img/${i + 1}.svg`,
    children: [],
    username: 'northshore.coffee',
    hashtags: ['coffee'],
    mentions: [],
    pinned: false,
    link: null,
  }));
  return { account: profile, media, paging: { next: null }, fetchedAt: new Date().toISOString(), stale: false };
}

let work: string;
let app: string;
let browser: Browser | undefined;
let server: Server | undefined;
let origin = '';
const feedRequests: string[] = [];

function node(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): string {
  return execFileSync(process.execPath, args, { ...options, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'igfeed-frameworks-'));
  const packed = packWidget(work);
  app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(
    join(app, 'package.json'),
    JSON.stringify({ name: 'frameworks-test-app', private: true, type: 'module', dependencies: { [PACKAGE]: `file:../${packed.filename}`, ...DEPENDENCIES } }),
  );
  writeFileSync(
    join(app, 'report.ts'),
    `/** Records what the app saw, for the test to read. */
export function report(what: string, value: unknown): void {
  const w = window as unknown as { reports?: [string, unknown][] };
  (w.reports ??= []).push([what, value]);
}
`,
  );
  for (const [name, files] of Object.entries(APPS)) {
    const entry = Object.keys(files).find(file => file.startsWith('main.'))!;
    const all: Record<string, string> = {
      'vite.config.mjs': REACT_CONFIG,
      'index.html': `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${name}</title><link rel="icon" href="data:,"></head><body><div id="root"></div><script type="module" src="./${entry}"></script></body></html>`,
      ...files,
    };
    for (const [file, text] of Object.entries(all)) {
      mkdirSync(dirname(join(app, name, file)), { recursive: true });
      writeFileSync(join(app, name, file), text);
    }
  }
  writeFileSync(
    join(app, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        module: 'ESNext',
        moduleResolution: 'Bundler',
        lib: ['ES2022', 'DOM', 'DOM.Iterable'],
        jsx: 'react-jsx',
        types: [],
        strict: true,
        noEmit: true,
        skipLibCheck: false,
        useDefineForClassFields: false,
        noImplicitOverride: true,
      },
      include: ['react19', 'react18', 'report.ts'],
    }),
  );
  // --legacy-peer-deps: react-dom-18 asks for React 18 beside the project's React 19 (the alias settles it).
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--legacy-peer-deps'], {
    cwd: app,
    stdio: ['ignore', 'ignore', 'inherit'],
  });

  server = createServer((request, response) => {
    const url = new URL(request.url!, origin);
    if (url.pathname === '/api/feeds/northshore.coffee') {
      feedRequests.push(url.search);
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(feedJson(origin, Number(url.searchParams.get('limit')) || 12)));
      return;
    }
    if (url.pathname.startsWith('/img/')) {
      response
        .writeHead(200, { 'content-type': 'image/svg+xml' })
        .end('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4" height="4" fill="#a0522d"/></svg>');
      return;
    }
    const [, name, ...rest] = url.pathname.split('/');
    const path = join(app, name ?? '', 'dist', rest.join('/') || 'index.html');
    try {
      const body = readFileSync(path);
      const type = { '.js': 'text/javascript', '.css': 'text/css', '.html': 'text/html' }[extname(path)] ?? 'application/octet-stream';
      response.writeHead(200, { 'content-type': type }).end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise<void>(resolve => server!.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 300_000);

afterAll(async () => {
  await browser?.close();
  server?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe(`${PACKAGE} in frameworks`, () => {
  it('type-checks the React apps: the JSX types of <instagram-feed> (React 19) and the wrapper (React 18)', () => {
    node([join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', app], { cwd: app });
  });

  it('imports every entry in plain Node and renders both React forms to HTML on the server', () => {
    const out = node(
      [
        '--input-type=module',
        '-e',
        `import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
const index = await import('${PACKAGE}');
const element = await import('${PACKAGE}/element');
const { define } = await import('${PACKAGE}/define');
const { InstagramFeed } = await import('${PACKAGE}/react');
console.log(JSON.stringify({
  same: index.InstagramFeedElement === element.InstagramFeedElement && typeof define === 'function',
  react19: renderToString(createElement('instagram-feed', { account: 'northshore.coffee', limit: 2, 'load-more': true })),
  wrapper: renderToString(createElement(InstagramFeed, { account: 'northshore.coffee', limit: 2 })),
}));`,
      ],
      { cwd: app },
    );
    const result = JSON.parse(out);
    expect(result.same).toBe(true);
    expect(result.react19).toMatch(/^<instagram-feed account="northshore.coffee" limit="2" load-more=""><\/instagram-feed>$/);
    expect(result.wrapper).toMatch(/^<instagram-feed\b/);
  });

  describe.each(Object.keys(APPS))('the %s example', name => {
    it('builds with Vite', () => {
      // NODE_ENV as in an app's own build: under vitest it is `test`, which makes Vite pick development builds.
      node([join(app, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--logLevel', 'warn'], {
        cwd: join(app, name),
        env: { ...process.env, NODE_ENV: 'production' },
      });
    });

    it('renders the feed in Chromium with its attributes, and hears and cancels its events', async () => {
      browser ??= await launchBrowser();
      const page = await browser.newPage();
      const errors = watchErrors(page);
      try {
        feedRequests.length = 0;
        await page.goto(`${origin}/${name}/`);
        const reports = () => page.evaluate(() => (window as unknown as { reports?: [string, unknown][] }).reports ?? []);
        await page.waitForFunction(() => (window as unknown as { reports?: [string][] }).reports?.some(([what]) => what === 'load'));
        expect(feedRequests).toEqual(['?limit=2']);
        const state = await page.$eval('instagram-feed', element => {
          const feed = element as HTMLElement & { layout: string; limit: number; loadMore: boolean; noHeader: boolean };
          const root = feed.shadowRoot!;
          return {
            layout: feed.layout,
            limit: feed.limit,
            loadMore: feed.loadMore,
            noHeader: feed.noHeader,
            tiles: root.querySelectorAll('[part~="item"]').length,
            header: root.querySelector('[part~="header"]') !== null,
          };
        });
        expect(state).toEqual({ layout: 'list', limit: 2, loadMore: true, noHeader: true, tiles: 2, header: false });

        await page.$eval('instagram-feed', element => element.shadowRoot!.querySelector<HTMLElement>('[part~="item"] .feed__tile')!.click());
        await page.waitForFunction(() => (window as unknown as { reports?: [string][] }).reports?.some(([what]) => what === 'select'));
        const seen = Object.fromEntries(await reports());
        expect(seen).toMatchObject({ load: 2, select: 'post-1' });
        const framework = { react19: ['react', /^19\./], react18: ['react', /^18\./], vue: ['vue', /^3\./], svelte: ['svelte', /^5\./] }[name]!;
        expect(seen[framework[0] as string]).toMatch(framework[1] as RegExp);
        // The select listener cancelled the event, so the lightbox never opened.
        expect(await page.$eval('instagram-feed', element => element.shadowRoot!.querySelector('dialog[open]') === null)).toBe(true);
        expect(errors).toEqual([]);
      } finally {
        await page.close();
      }
    });
  });
});
