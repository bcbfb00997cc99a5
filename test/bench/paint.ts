// One measured page visit: observers installed before any page script runs, then a check on every
// animation frame. It notes the first frame that shows the element's skeleton (and where the page's
// footer is then), the frame in which every tile is rendered, and the frame in which the view is
// painted: every tile of a 12-post grid with its image loaded; for taller grids the tiles in view
// (the rest are lazy and a visitor has not scrolled yet), with no skeleton tile left in view. Times are
// that frame's performance.now(), i.e. ms since navigation start; the frame then paints.
import type { Page } from 'puppeteer-core';

export interface PaintSample {
  /** The view painted (see above). */
  time: number;
  /** Every tile rendered. */
  complete: number;
  cls: number;
  /** Layout shift after the first frame that showed the element's skeleton: what the element itself moved. */
  clsAfterSkeleton: number;
  shiftSources: string[];
  /** px the footer below the element moved from the frame with the skeleton to the end of the visit. */
  footerMoved: number;
  /** Every long task of the visit, ms. */
  longTasks: number[];
  /**
   * Long tasks of the first render: those that began after the feed's response had arrived and before `complete`, ms.
   * The render cannot start before it: a task that began earlier and was still running when the response arrived
   * (the network's timing does not wait for the main thread) is the element's start, in `startupTasks`.
   */
  renderTasks: number[];
  /** Long tasks that began before the feed's response: evaluating the module, the skeleton, the page's own first layout, ms. */
  startupTasks: number[];
}

// Runs in the page. A string, not a function: tsx (esbuild keepNames) would wrap a function's inner
// arrows in a `__name()` helper that does not exist in the page.
const INSTALL = `
(target => {
  const state = { done: false, time: NaN, complete: NaN, skeleton: NaN, footerAtSkeleton: NaN, footerMoved: 0, feedEnd: NaN, shifts: [], shiftSources: [], tasks: [] };
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
      state.shifts.push([entry.startTime, entry.value]);
      for (const source of entry.sources ?? []) state.shiftSources.push(describe(source.node) + ' (' + entry.value.toFixed(4) + ')');
    }
  }).observe({ type: 'layout-shift', buffered: true });
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) state.tasks.push([entry.startTime, entry.duration]);
  }).observe({ type: 'longtask', buffered: true });
  new PerformanceObserver(list => {
    for (const entry of list.getEntries()) if (entry.name.includes('/api/feeds/') && !(state.feedEnd <= entry.responseEnd)) state.feedEnd = entry.responseEnd;
  }).observe({ type: 'resource', buffered: true });
  const loaded = tile => [...tile.querySelectorAll('img')].every(img => img.complete && img.naturalWidth > 0);
  const inView = node => {
    const box = node.getBoundingClientRect();
    return box.bottom > 0 && box.top < innerHeight;
  };
  const footerTop = () => document.querySelector('footer').getBoundingClientRect().top + scrollY;
  let skeletonFrame = false;
  const check = () => {
    const root = document.querySelector('instagram-feed')?.shadowRoot;
    // The frame after the one that first laid out the skeleton: shifts from then on are the element's own.
    if (skeletonFrame && !(state.skeleton >= 0)) state.skeleton = performance.now();
    if (!skeletonFrame && root?.querySelector('[part~="skeleton"]')) {
      skeletonFrame = true;
      state.footerAtSkeleton = footerTop();
    }
    const tiles = [...(root?.querySelectorAll('[part~="item"]') ?? [])];
    if (tiles.length >= target && !(state.complete >= 0)) state.complete = performance.now();
    const painted = target <= 12
      ? tiles.length >= target && tiles.every(loaded)
      : tiles.length > 0 && tiles.filter(inView).every(loaded) && ![...root.querySelectorAll('[part~="skeleton"]')].some(inView);
    if (painted && !(state.time >= 0)) state.time = performance.now();
    if (state.time >= 0 && state.complete >= 0) {
      // Late shifts and long tasks still count: keep observing for a second after.
      setTimeout(() => {
        state.footerMoved = footerTop() - state.footerAtSkeleton;
        state.done = true;
      }, 1000);
      return;
    }
    requestAnimationFrame(check);
  };
  requestAnimationFrame(check);
})`;

interface State {
  time: number;
  complete: number;
  skeleton: number;
  footerMoved: number;
  feedEnd: number;
  shifts: [number, number][];
  shiftSources: string[];
  tasks: [number, number][];
}

export async function measurePaint(page: Page, url: string, tiles: number): Promise<PaintSample> {
  await page.evaluateOnNewDocument(`${INSTALL}(${tiles})`);
  await page.goto(url);
  await page.waitForFunction('window.__bench?.done === true', { timeout: 30_000, polling: 100 });
  const s = (await page.evaluate('window.__bench')) as State;
  const sum = (shifts: [number, number][]) => shifts.reduce((total, [, value]) => total + value, 0);
  return {
    time: Math.round(s.time),
    complete: Math.round(s.complete),
    cls: sum(s.shifts),
    clsAfterSkeleton: sum(s.shifts.filter(([start]) => start >= s.skeleton)),
    shiftSources: s.shiftSources,
    footerMoved: Math.round(s.footerMoved),
    longTasks: s.tasks.map(([, duration]) => Math.round(duration)),
    renderTasks: s.tasks.filter(([start]) => start >= s.feedEnd && start < s.complete).map(([, duration]) => Math.round(duration)),
    startupTasks: s.tasks.filter(([start]) => start < s.feedEnd).map(([, duration]) => Math.round(duration)),
  };
}
