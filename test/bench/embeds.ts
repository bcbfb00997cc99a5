// The ways to embed a feed, side by side on the same site page (a header above the feed, a footer below):
// what a visitor's browser sees with each. One measured visit is a fresh browser context on the page; the
// observers are installed before any page script runs and read once the page is quiet (network idle, then
// a second). A visit with JavaScript disabled counts what the server-rendered page shows without a script.
import type { Browser, Page } from 'puppeteer-core';

/** How the site embeds the feed (test/bench/widget.ts builds each page). */
export const EMBED_WAYS = {
  script: 'script tag (module, in <head>)',
  'script-blocking': 'script tag with blocking="render" (the snippet the demo gives)',
  include: 'server-side include of /html, no script',
  'include-script': 'server-side include of /html and the script tag (taken over)',
  iframe: 'iframe of /embed, with the height listener',
} as const;

export type EmbedWay = keyof typeof EMBED_WAYS;

export interface EmbedSample {
  /** Sum of the visit's layout shifts (none with recent input: the bench gives none). */
  cls: number;
  /** ms from navigation start: first contentful paint and the page's largest contentful paint. */
  fcp: number;
  lcp: number;
  /** ms from navigation start to the frame that first showed the feed's tiles in the page (NaN for the iframe: the parent cannot see into it). */
  tiles: number;
}

const INSTALL = `
(() => {
  const state = { cls: 0, fcp: NaN, lcp: NaN, tiles: NaN };
  window.__embed = state;
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) state.cls += entry.value;
  }).observe({ type: 'layout-shift', buffered: true });
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) state.lcp = entry.startTime;
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (entry.name === 'first-contentful-paint') state.fcp = entry.startTime;
  }).observe({ type: 'paint', buffered: true });
  const check = () => {
    if (document.querySelector('instagram-feed')?.shadowRoot?.querySelector('[part~="item"]')) state.tiles = performance.now();
    else requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})()`;

export async function measureEmbed(page: Page, url: string): Promise<EmbedSample> {
  await page.evaluateOnNewDocument(INSTALL);
  await page.goto(url, { waitUntil: 'networkidle0', timeout: 30_000 });
  await new Promise(resolve => setTimeout(resolve, 1000));
  return (await page.evaluate('window.__embed')) as EmbedSample;
}

export interface NoScriptView {
  /** Tiles of the server-rendered feed with a box of their own (at least 50 px square). */
  visibleTiles: number;
  /** Links to posts on Instagram: in the shadow root (what a visitor sees), in the light DOM (what a crawler reads). */
  shadowLinks: number;
  lightLinks: number;
  /** Whether the structured data parses, and how many posts it lists. */
  structuredItems: number;
  /** Requests the page made to the feed server's JSON or widget routes: none, without a script. */
  scriptRequests: number;
}

/** The server-rendered page with JavaScript disabled (the observer script cannot run either: read from outside). */
export async function noScriptView(browser: Browser, url: string): Promise<NoScriptView> {
  const context = await browser.createBrowserContext();
  try {
    const page = await context.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    await page.setJavaScriptEnabled(false);
    let scriptRequests = 0;
    page.on('request', request => {
      const { pathname } = new URL(request.url());
      if (pathname.startsWith('/widget/') || /^\/api\/feeds\/[^/]+$/.test(pathname)) scriptRequests++;
    });
    await page.goto(url, { waitUntil: 'networkidle0', timeout: 30_000 });
    // A string, not a function: tsx (esbuild keepNames) would wrap inner functions in a `__name()` the page lacks.
    const view = (await page.evaluate(`(() => {
      const el = document.querySelector('instagram-feed');
      const root = el?.shadowRoot;
      const big = node => {
        const box = node.getBoundingClientRect();
        return box.width >= 50 && box.height >= 50;
      };
      let structuredItems = 0;
      try {
        structuredItems = JSON.parse(document.querySelector('script[type="application/ld+json"]')?.textContent ?? '{}').itemListElement?.length ?? 0;
      } catch {}
      return {
        visibleTiles: [...(root?.querySelectorAll('[part~="item"]') ?? [])].filter(big).length,
        shadowLinks: root?.querySelectorAll('[part~="item"] a[href^="https://www.instagram.com/"]').length ?? 0,
        lightLinks: el?.querySelectorAll(':scope > ul a[href^="https://www.instagram.com/"]').length ?? 0,
        structuredItems,
      };
    })()`)) as Omit<NoScriptView, 'scriptRequests'>;
    return { ...view, scriptRequests };
  } finally {
    await context.close();
  }
}
