// One measured page visit: observers installed before any page script runs, then a check on every
// animation frame until the shadow root holds `tiles` tiles whose images have loaded (for grids taller
// than the viewport: the tiles in view, since the rest are lazy and a visitor has not scrolled yet).
// The time is that frame's performance.now(), i.e. ms since navigation start; the frame then paints.
import type { Page } from 'puppeteer-core';

export interface PaintSample {
  time: number;
  cls: number;
  shiftSources: string[];
  longTasks: number[];
}

// Runs in the page. A string, not a function: tsx (esbuild keepNames) would wrap a function's inner
// arrows in a `__name()` helper that does not exist in the page.
const INSTALL = `
(target => {
  const state = { done: false, time: NaN, cls: 0, shiftSources: [], longTasks: [] };
  window.__bench = state;
  const describe = node => {
    if (!node) return '(removed)';
    const host = node.getRootNode().host;
    const part = node.getAttribute?.('part');
    const name = node.nodeName.toLowerCase() + (part ? '[part="' + part + '"]' : node.className ? '.' + String(node.className).split(' ')[0] : '');
    return host ? host.nodeName.toLowerCase() + ' >>> ' + name : name;
  };
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) {
      if (entry.hadRecentInput) continue;
      state.cls += entry.value;
      for (const source of entry.sources ?? []) state.shiftSources.push(describe(source.node) + ' (' + entry.value.toFixed(4) + ')');
    }
  }).observe({ type: 'layout-shift', buffered: true });
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) state.longTasks.push(Math.round(entry.duration));
  }).observe({ type: 'longtask', buffered: true });
  const loaded = tile => [...tile.querySelectorAll('img')].every(img => img.complete && img.naturalWidth > 0);
  const inView = tile => {
    const box = tile.getBoundingClientRect();
    return box.bottom > 0 && box.top < innerHeight;
  };
  const check = () => {
    const tiles = [...(document.querySelector('instagram-feed')?.shadowRoot?.querySelectorAll('[part~="item"]') ?? [])];
    if (tiles.length >= target && tiles.filter(tile => target <= 12 || inView(tile)).every(loaded)) {
      state.time = performance.now();
      // Late shifts and long tasks still count: keep observing for a second after.
      setTimeout(() => (state.done = true), 1000);
      return;
    }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})`;

export async function measurePaint(page: Page, url: string, tiles: number): Promise<PaintSample> {
  await page.evaluateOnNewDocument(`${INSTALL}(${tiles})`);
  await page.goto(url);
  await page.waitForFunction('window.__bench?.done === true', { timeout: 30_000, polling: 100 });
  const { time, cls, shiftSources, longTasks } = (await page.evaluate('window.__bench')) as PaintSample;
  return { time: Math.round(time), cls, shiftSources, longTasks };
}
