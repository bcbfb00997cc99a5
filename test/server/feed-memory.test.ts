import { describe, expect, it } from 'vitest';
import { makeChunk, type Chunk } from '../../server/feed/chunk.js';
import { ByteLru } from '../../server/feed/lru.js';
import { FeedMemory, type PageSource } from '../../server/feed/memory.js';
import { renderFeed, type RenderedFeed } from '../../server/feed/render.js';
import type { Media } from '../../widget/contract.js';

const T0 = Date.parse('2026-11-28T12:00:00Z');

function media(count: number, tag = 'p'): Media[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `${tag}${i}`,
    type: 'image',
    caption: `Post ${i}`,
    altText: null,
    permalink: `https://www.instagram.com/p/${tag}${i}/`,
    timestamp: new Date(T0 - i * 3600_000).toISOString(),
    likeCount: null,
    commentsCount: null,
    mediaUrl: `https://scontent.cdninstagram.com/${tag}${i}.jpg`,
    thumbnailUrl: `https://scontent.cdninstagram.com/${tag}${i}.jpg`,
    children: [],
    username: 'northshore.coffee',
    hashtags: [],
    mentions: [],
    pinned: false,
    link: null,
  }));
}

const chunk = (depth: number, count = 50, tag = `d${depth}`): Chunk => makeChunk(media(count, tag), 'QVFInext', T0, 3600_000, depth);
const source = (key: string, chunk: Chunk): PageSource => {
  const bar = key.indexOf('|');
  return { key, chunk, accountId: key.slice(0, bar), cursor: key.slice(bar + 1) || null };
};
/** Keeps a page cut from `chunk` (under `chunkKey`) and any `more` chunks. */
const setPage = (memory: FeedMemory, key: string, chunkKey: string, chunk: Chunk, rendered: RenderedFeed, renderedAt: number, more: [string, Chunk][] = []) =>
  memory.setPage(key, { rendered, sources: [source(chunkKey, chunk), ...more.map(([k, c]) => source(k, c))], renderedAt, stale: false });
/** A rendered page of about `bytes` bytes. */
const page = (bytes: number): RenderedFeed => renderFeed({ filler: 'x'.repeat(bytes - 14) } as never);

describe('ByteLru', () => {
  it('evicts the least recently used entries first once over budget', () => {
    const removed: string[] = [];
    const lru = new ByteLru<string>({ maxBytes: 30, onRemove: key => removed.push(key) });
    lru.set('a', 'A', 10);
    lru.set('b', 'B', 10);
    lru.set('c', 'C', 10);
    expect(lru.get('a')).toBe('A'); // a is now the most recently used
    lru.set('d', 'D', 10);
    expect(removed).toEqual(['b']);
    expect(lru.keys()).toEqual(['c', 'a', 'd']);
    lru.set('e', 'E', 15);
    expect(removed).toEqual(['b', 'c', 'a']);
    expect(lru.keys()).toEqual(['d', 'e']);
  });

  it('leaves the order alone on peek', () => {
    const lru = new ByteLru<string>({ maxBytes: 20 });
    lru.set('a', 'A', 10);
    lru.set('b', 'B', 10);
    expect(lru.peek('a')).toBe('A');
    lru.set('c', 'C', 10);
    expect(lru.has('a')).toBe(false);
    expect(lru.keys()).toEqual(['b', 'c']);
  });

  it('counts bytes through sets, replacements and deletes, and refuses a value larger than the budget', () => {
    const removed: string[] = [];
    const lru = new ByteLru<string>({ maxBytes: 100, onRemove: (key, value) => removed.push(`${key}=${value}`) });
    lru.set('a', 'A', 40);
    lru.set('b', 'B', 30);
    expect(lru.bytes).toBe(70);
    lru.set('a', 'A2', 10);
    expect(lru.bytes).toBe(40);
    expect(removed).toEqual(['a=A']);
    expect(lru.delete('b')).toBe(true);
    expect(lru.delete('b')).toBe(false);
    expect(lru.bytes).toBe(10);
    expect(lru.set('huge', 'H', 101)).toBe(false);
    expect(lru.has('huge')).toBe(false);
    expect(lru.bytes).toBe(10);
    expect(lru.size).toBe(1);
  });

  it('never evicts pinned entries, though they count against the budget', () => {
    const lru = new ByteLru<string>({ maxBytes: 50 });
    lru.set('first', 'F', 30, { pinned: true });
    lru.set('a', 'A', 15);
    lru.set('b', 'B', 15);
    expect(lru.keys()).toEqual(['first', 'b']);
    expect(lru.set('big', 'G', 40, { pinned: true })).toBe(true);
    expect(lru.keys()).toEqual(['first', 'big']);
    expect(lru.bytes).toBe(70); // over budget with nothing left to evict
    expect(lru.get('first')).toBe('F');
  });
});

describe('FeedMemory', () => {
  it('keeps every account’s first chunk while later chunks and pages are evicted', () => {
    const memory = new FeedMemory(400_000);
    const firsts = ['1', '2', '3'].map(account => {
      const first = chunk(0, 50, `a${account}`);
      memory.setChunk(`${account}|`, first);
      return first;
    });
    for (let depth = 1; depth <= 40; depth++) memory.setChunk(`1|c${depth}`, chunk(depth));
    expect(memory.stats.bytes).toBeLessThanOrEqual(400_000);
    for (const [i, account] of ['1', '2', '3'].entries()) expect(memory.chunk(`${account}|`)).toBe(firsts[i]);
    expect(memory.peekChunk('1|c1')).toBeUndefined();
    expect(memory.peekChunk('1|c40')).toBeDefined();
    // A first chunk's pages are evictable like any others.
    setPage(memory, '1|\n0:12', '1|', firsts[0]!, page(100_000), T0);
    for (let i = 0; i < 5; i++) setPage(memory, `2|\n0:${i}`, '2|', firsts[1]!, page(100_000), T0);
    expect(memory.page('1|\n0:12', 0)).toBeUndefined();
    expect(firsts[0]!.pageKeys.size).toBe(0);
    expect(memory.chunk('1|')).toBe(firsts[0]);
  });

  it('accounts a page by its size and a chunk by its JSON size', () => {
    const memory = new FeedMemory(10_000_000);
    const first = chunk(0);
    memory.setChunk('1|', first);
    const chunkBytes = memory.stats.bytes;
    const json = Buffer.byteLength(JSON.stringify(first.media));
    expect(chunkBytes).toBeGreaterThanOrEqual(json);
    expect(chunkBytes).toBeLessThan(3 * json);
    setPage(memory, '1|\n0:12', '1|', first, page(50_000), T0);
    expect(memory.stats.bytes - chunkBytes).toBeGreaterThanOrEqual(50_000);
    expect(memory.stats.bytes - chunkBytes).toBeLessThan(51_000);
  });

  it('drops a chunk’s pages when the chunk is replaced, evicted or its account deleted', () => {
    const memory = new FeedMemory(1_000_000);
    const old = chunk(1);
    memory.setChunk('1|c1', old);
    setPage(memory, '1|c1\n0:5', '1|c1', old, page(1_000), T0);
    setPage(memory, '1|c1\n0:6', '1|c1', old, page(1_000), T0);
    expect(memory.page('1|c1\n0:5', 0)).toBeDefined();
    const before = memory.stats;

    const fresh = chunk(1);
    memory.setChunk('1|c1', fresh);
    expect(memory.page('1|c1\n0:5', 0)).toBeUndefined();
    expect(memory.stats.entries).toBe(before.entries - 2);
    expect(memory.stats.bytes).toBeLessThan(before.bytes - 2_000);
    // A page rendered from the replaced chunk (a render that was still running) is not kept.
    setPage(memory, '1|c1\n0:7', '1|c1', old, page(1_000), T0);
    expect(memory.stats.entries).toBe(1);

    setPage(memory, '1|c1\n0:5', '1|c1', fresh, page(1_000), T0);
    memory.setChunk('1|', chunk(0));
    expect(memory.chunkKeys()).toEqual(['1|c1', '1|']);
    memory.deleteAccount('1');
    expect(memory.stats).toEqual({ bytes: 0, maxBytes: 1_000_000, entries: 0 });
    expect(memory.chunkKeys()).toEqual([]);
  });

  it('drops pages of a chunk evicted by the budget', () => {
    const memory = new FeedMemory(200_000);
    const deep = chunk(3);
    memory.setChunk('1|c3', deep);
    setPage(memory, '1|c3\n0:5', '1|c3', deep, page(1_000), T0);
    for (let depth = 4; depth < 20; depth++) memory.setChunk(`1|c${depth}`, chunk(depth));
    expect(memory.peekChunk('1|c3')).toBeUndefined();
    expect(memory.chunkKeys()).not.toContain('1|c3');
    expect(deep.pageKeys.size).toBe(0);
    expect(memory.page('1|c3\n0:5', 0)).toBeUndefined();
  });

  it('serves a page only while its chunks are held, and only when rendered after `notBefore`', () => {
    const memory = new FeedMemory(1_000_000);
    const first = chunk(0);
    memory.setChunk('1|', first);
    setPage(memory, '1|\n0:5', '1|', first, page(1_000), T0);
    expect(memory.page('1|\n0:5', T0)).toBeDefined();
    expect(memory.page('1|\n0:5', T0 + 1)).toBeUndefined();
    memory.setChunk('1|', chunk(0));
    expect(memory.page('1|\n0:5', T0)).toBeUndefined();
  });

  it('drops a page cut from several chunks when any of them is replaced, and keeps none cut from a chunk no longer held', () => {
    const memory = new FeedMemory(1_000_000);
    const [first, second, other] = [chunk(0), chunk(1), chunk(0, 50, 'b')];
    memory.setChunk('1|', first);
    memory.setChunk('1|c1', second);
    memory.setChunk('2|', other);
    setPage(memory, 'spans', '1|', first, page(1_000), T0, [['1|c1', second]]);
    setPage(memory, 'merged', '1|', first, page(1_000), T0, [['2|', other]]);
    expect(memory.page('spans', T0)).toBeDefined();
    expect(memory.page('merged', T0)).toBeDefined();
    memory.setChunk('1|c1', chunk(1));
    expect(memory.page('spans', T0)).toBeUndefined();
    expect(memory.page('merged', T0)).toBeDefined();
    memory.setChunk('2|', chunk(0, 50, 'b'));
    expect(memory.page('merged', T0)).toBeUndefined();
    expect(first.pageKeys.size).toBe(0);
    setPage(memory, 'late', '1|', first, page(1_000), T0, [['1|c1', second]]);
    expect(memory.page('late', T0)).toBeUndefined();
  });

  it("drops an account's pages, and only its, when its curation changes", () => {
    const memory = new FeedMemory(1_000_000);
    const [a, b] = [chunk(0, 50, 'a'), chunk(0, 50, 'b')];
    memory.setChunk('1|', a);
    memory.setChunk('2|', b);
    setPage(memory, 'a', '1|', a, page(1_000), T0);
    setPage(memory, 'b', '2|', b, page(1_000), T0);
    setPage(memory, 'ab', '2|', b, page(1_000), T0, [['1|', a]]);
    memory.deleteAccountPages('1');
    expect([memory.page('a', T0), memory.page('ab', T0)]).toEqual([undefined, undefined]);
    expect(memory.page('b', T0)).toBeDefined();
    expect(memory.chunk('1|')).toBe(a);
  });
});
