// Deep paging by an anonymous visitor (security review, issue 12, item 3): following `paging.next`
// to the end of a 5,000-post account and asking every limit from 1 to 64 at each cursor must neither
// grow the server's memory without bound (chunks and rendered pages live in a FEED_CACHE_MAX_MB LRU)
// nor make the media mirror encode the whole archive, whose disk budget would then evict another
// account's images (only the first MIRRORED_CHUNKS chunks of an account are mirrored).
// The server runs in its own process in demo mode (the mirror downloads from the built-in emulator).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENCH_ACCOUNT, findAccount } from '../../demo/emulator/app.js';
import { CHUNK_SIZE } from '../../server/feed/feed-service.js';
import type { Feed } from '../../widget/contract.js';
import { memoryOf, startStack, waitForMirror, type Stack } from '../bench/harness.js';

const POSTS = 5000;
const FEED_CACHE_MAX_MB = 16;
const LIMITS = Array.from({ length: 64 }, (_, i) => i + 1);
const CONCURRENCY = 8;
/**
 * Growth of the server's resident memory allowed over its level once warm. Measured on 2 cores with
 * the 16 MB budget: 90-125 MB (the budget, the dead Buffers V8 lets pile up until external memory
 * triggers a collection, heap and allocator slack). Without a budget (65536): 326 MB, and rising
 * with every further cursor.
 */
const MAX_RSS_GROWTH_MB = 176;

let stack: Stack;

beforeAll(async () => {
  stack = await startStack(
    { FEED_CACHE_MAX_MB: String(FEED_CACHE_MAX_MB), MEDIA_CACHE_MAX_MB: '16' },
    {
      demo: true,
      accounts: [{ fixture: findAccount('northshore.coffee')! }, { fixture: BENCH_ACCOUNT }],
      controls: { benchAccount: true, benchPosts: POSTS },
    },
  );
}, 60_000);
afterAll(() => stack?.close());

async function feed(path: string): Promise<Feed> {
  const response = await fetch(stack.server.url + path);
  if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as Feed;
}

/** Images the mirror has fetched from the (emulated) Instagram CDN so far. */
const imageDownloads = async () => (await stack.upstream.stats()).calls.cdn ?? 0;

/** The number of downloads once the mirror has fetched nothing for a second and a half. */
async function settledDownloads(): Promise<number> {
  let last = await imageDownloads();
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; ) {
    await new Promise(r => setTimeout(r, 1500));
    const current = await imageDownloads();
    if (current === last) return current;
    last = current;
  }
  throw new Error('the media mirror kept downloading for 30 s');
}

/** A 200 answer read to the end but not parsed: the load generator should not be the bottleneck. */
async function drain(path: string): Promise<void> {
  const response = await fetch(stack.server.url + path);
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
}

const query = (limit: number, after: string | null) => `?limit=${limit}${after ? `&after=${encodeURIComponent(after)}` : ''}`;

/** Every image URL of the account's first page that points at our server. */
async function mirroredUrls(username: string): Promise<string[]> {
  const { media } = await feed(`/api/feeds/${username}`);
  return media.flatMap(m => [...(m.sources ?? []), ...m.children.flatMap(c => c.sources ?? [])].map(s => s.url)).sort();
}

describe('deep paging', () => {
  it('keeps memory bounded and another account’s first page mirrored', async () => {
    // Memory is measured once both accounts' first pages are mirrored (sharp's buffers are not what
    // this test is about) and the emulator has built the 5,000 posts (in the server's process in demo mode).
    const mirrors = [
      waitForMirror(`${stack.server.url}/api/feeds/northshore.coffee`, 90_000, { avatar: true }),
      waitForMirror(`${stack.server.url}/api/feeds/bench.gallery${query(100, null)}`, 90_000, { avatar: true }),
    ];
    expect(await Promise.all(mirrors)).toEqual([true, true]);
    const downloads = await settledDownloads();
    const mirrored = await mirroredUrls('northshore.coffee');
    expect(mirrored.length).toBeGreaterThan(12);
    let page = await feed(`/api/feeds/bench.gallery${query(100, null)}`);
    const pid = stack.server.child.pid!;
    const warm = await memoryOf(pid);

    const cursors: string[] = [];
    let posts = page.media.length;
    while (page.paging.next) {
      cursors.push(page.paging.next);
      page = await feed(`/api/feeds/bench.gallery${query(100, page.paging.next)}`);
      posts += page.media.length;
    }
    expect(posts).toBe(POSTS);

    // Every limit at every cursor of the walk, and at the cursors those pages hand out for the chunks
    // in between (limit 50 ends exactly at a chunk boundary): every chunk after the first two, 6,272 requests.
    let peak = warm.rss;
    for (let i = 0; i < cursors.length; i++) {
      for (let j = 0; j < LIMITS.length; j += CONCURRENCY) {
        await Promise.all(
          LIMITS.slice(j, j + CONCURRENCY).map(async limit => {
            const path = `/api/feeds/bench.gallery${query(limit, cursors[i]!)}`;
            if (limit !== CHUNK_SIZE || i % 2 === 1) return drain(path);
            const next = (await feed(path)).paging.next;
            if (next) cursors.splice(i + 1, 0, next);
          }),
        );
      }
      peak = Math.max(peak, (await memoryOf(pid)).rss);
    }
    expect(cursors).toHaveLength(POSTS / CHUNK_SIZE - 2);
    const health = (await (await fetch(`${stack.server.url}/healthz`)).json()) as { feedCache: { bytes: number; maxBytes: number } };
    const figures = `RSS warm ${warm.rss.toFixed(0)} MB (VmHWM ${warm.peak.toFixed(0)} MB), peak ${peak.toFixed(0)} MB (VmHWM ${(await memoryOf(pid)).peak.toFixed(0)} MB), feed cache ${(health.feedCache.bytes / 2 ** 20).toFixed(1)} MB`;
    if (process.env.DEEP_PAGING_REPORT) process.stderr.write(`${figures}\n`);
    expect(peak - warm.rss, figures).toBeLessThan(MAX_RSS_GROWTH_MB);
    expect(health.feedCache.bytes).toBeLessThanOrEqual(health.feedCache.maxBytes);

    // Deep pages keep Instagram's URLs and cost no image download; the first page of the other account
    // is still ours, files and all.
    expect(await imageDownloads(), 'images downloaded by the mirror while paging').toBe(downloads);
    const deep = await feed(`/api/feeds/bench.gallery${query(5, cursors.at(-1)!)}`);
    expect(deep.media.every(m => !m.sources)).toBe(true);
    expect(await mirroredUrls('northshore.coffee')).toEqual(expect.arrayContaining(mirrored));
    for (const url of mirrored) expect((await fetch(url)).status, url).toBe(200);
  }, 150_000);
});
