// Image bytes a visitor downloads to see a 12-post grid: every image response on the wire (CDP), after
// scrolling the grid into view, plus which resized files the tiles' <picture>s picked.
import type { Browser, Page } from 'puppeteer-core';
import { median } from './load.js';

export const VIEWPORT = { width: 1280, height: 900, deviceScaleFactor: 1 };

export interface ImageBytes {
  /** Every image response on the wire (headers included), the profile picture too. */
  bytes: number;
  requests: number;
  /** The post tiles' share of `bytes`. */
  postBytes: number;
  /** Which files the tiles' <picture>s picked, e.g. "12 x 1080w", and how wide the tiles were. */
  picked: string;
  tileWidth: number;
  /** Mirror only: body bytes of the smallest mirrored WebP at least as wide as a tile, summed over the tiles. */
  fitPostBytes?: number;
}

/** A page in a fresh browser context (empty cache, no cookies), at the bench viewport. */
export async function freshPage(browser: Browser): Promise<{ page: Page; close(): Promise<void> }> {
  const context = await browser.createBrowserContext();
  const page = await context.newPage();
  await page.setViewport(VIEWPORT);
  return { page, close: () => context.close() };
}

export async function imageBytes(browser: Browser, url: string, feedUrl?: string): Promise<ImageBytes> {
  const { page, close } = await freshPage(browser);
  try {
    const cdp = await page.createCDPSession();
    await cdp.send('Network.enable');
    const images = new Map<string, string>();
    const sizes: { url: string; bytes: number }[] = [];
    cdp.on('Network.responseReceived', event => {
      if (event.type === 'Image' && event.response.url.startsWith('http')) images.set(event.requestId, event.response.url);
    });
    cdp.on('Network.loadingFinished', event => {
      const url = images.get(event.requestId);
      if (url) sizes.push({ url, bytes: event.encodedDataLength });
    });
    await page.goto(url);
    const tiles = 'document.querySelector("instagram-feed")?.shadowRoot?.querySelectorAll(\'[part~="item"]\')';
    await page.waitForFunction(`(${tiles}?.length ?? 0) >= 12`, { timeout: 30_000 });
    // Scroll the whole grid through the viewport, as a visitor who looks at every post (images are lazy).
    await page.evaluate(`${tiles}[11].scrollIntoView({ block: 'end' })`);
    await page.waitForFunction(`[...${tiles}].every(tile => [...tile.querySelectorAll('img')].every(img => img.complete))`, { timeout: 30_000 });
    await page.waitForNetworkIdle({ idleTime: 500, timeout: 30_000 });
    const shown = (await page.evaluate(
      `[...${tiles}].map(tile => tile.querySelector('img')).filter(Boolean).map(img => [img.currentSrc, img.getBoundingClientRect().width])`,
    )) as [string, number][];
    const tileWidth = Math.round(median(shown.map(([, width]) => width)));
    const counts = new Map<string, number>();
    for (const [src] of shown) {
      const label = /-(\d+)\.(webp|jpg|avif)$/.exec(new URL(src).pathname)?.slice(1, 3).join('w ') ?? 'original';
      counts.set(label, (counts.get(label) ?? 0) + 1);
    }
    const isAvatar = (u: string) => new URL(u).pathname.includes('avatar');
    const result: ImageBytes = {
      bytes: sizes.reduce((sum, s) => sum + s.bytes, 0),
      requests: sizes.length,
      postBytes: sizes.filter(s => !isAvatar(s.url)).reduce((sum, s) => sum + s.bytes, 0),
      picked: [...counts].map(([label, n]) => `${n} x ${label}`).join(', '),
      tileWidth,
    };
    if (feedUrl) result.fitPostBytes = await fittingBytes(feedUrl, tileWidth);
    return result;
  } finally {
    await close();
  }
}

/** What the tiles would cost with the smallest mirrored WebP at least `width` wide. */
async function fittingBytes(feedUrl: string, width: number): Promise<number> {
  type Source = { width: number; type: string; url: string };
  const feed = (await (await fetch(feedUrl)).json()) as { media: { sources?: Source[]; children: { sources?: Source[] }[] }[] };
  let total = 0;
  for (const item of feed.media) {
    const sources = (item.sources ?? item.children[0]?.sources ?? []).filter(s => s.type === 'image/webp').sort((a, b) => a.width - b.width);
    const fit = sources.find(s => s.width >= width) ?? sources.at(-1);
    if (fit) total += (await (await fetch(fit.url)).arrayBuffer()).byteLength;
  }
  return total;
}
