// slicePage on hand-built chunks: where a visitor's page starts and ends, and where the next one
// starts, when the page stays in one chunk, crosses chunks, reaches the end, or a later chunk fails.
import { describe, expect, it } from 'vitest';
import { makeChunk, type Chunk } from '../../../server/feed/chunk.js';
import { slicePage } from '../../../server/feed/page.js';
import type { Media } from '../../../widget/contract.js';

const T0 = Date.parse('2026-11-28T12:00:00Z');
const TTL_MS = 3600_000;

function media(ids: string[]): Media[] {
  return ids.map(id => ({
    id,
    type: 'image',
    caption: '',
    altText: null,
    permalink: `https://www.instagram.com/p/${id}/`,
    timestamp: new Date(T0).toISOString(),
    likeCount: null,
    commentsCount: null,
    mediaUrl: null,
    thumbnailUrl: null,
    children: [],
  }));
}

/**
 * An account of `chunks` chunks of `size` posts each: chunk d holds posts `d-0` .. `d-<size-1>` and is
 * reached by Instagram's cursor `c<d>`. `load` serves chunks after the first by their cursor and
 * records each call.
 */
function account(chunks: number, size: number, options: { failAt?: number } = {}) {
  const build = (depth: number): Chunk =>
    makeChunk(media(Array.from({ length: size }, (_, i) => `${depth}-${i}`)), depth + 1 < chunks ? `c${depth + 1}` : null, T0, TTL_MS, depth);
  const loads: [string, number][] = [];
  const load = async (cursor: string, depth: number): Promise<Chunk> => {
    loads.push([cursor, depth]);
    if (depth === options.failAt) throw new Error('Instagram API request failed with status 500');
    return build(Number(cursor.slice(1)));
  };
  return { build, load, loads };
}

const ids = (page: { media: Media[] }) => page.media.map(item => item.id);

describe('slicePage', () => {
  describe('when the page lies inside one chunk', () => {
    it('should take `limit` posts from the offset and point the next page at the rest of the chunk', async () => {
      const { build, load, loads } = account(2, 10);
      const page = await slicePage(build(0), null, 2, 3, load);
      expect(ids(page)).toEqual(['0-2', '0-3', '0-4']);
      expect(page.next).toEqual({ chunk: null, offset: 5, depth: 0 });
      expect(loads).toEqual([]);
    });

    it("should keep a later chunk's cursor and depth in the next position", async () => {
      const { build, load } = account(3, 10);
      const page = await slicePage(build(1), 'c1', 0, 4, load);
      expect(ids(page)).toEqual(['1-0', '1-1', '1-2', '1-3']);
      expect(page.next).toEqual({ chunk: 'c1', offset: 4, depth: 1 });
    });

    it('should point at the next chunk without loading it when the page ends with the chunk', async () => {
      const { build, load, loads } = account(2, 10);
      const page = await slicePage(build(0), null, 6, 4, load);
      expect(ids(page)).toEqual(['0-6', '0-7', '0-8', '0-9']);
      expect(page.next).toEqual({ chunk: 'c1', offset: 0, depth: 1 });
      expect(loads).toEqual([]);
    });
  });

  describe('when the page crosses chunk boundaries', () => {
    it('should continue in the next chunks and point at the position reached', async () => {
      const { build, load, loads } = account(4, 3);
      const page = await slicePage(build(0), null, 1, 6, load);
      expect(ids(page)).toEqual(['0-1', '0-2', '1-0', '1-1', '1-2', '2-0']);
      expect(page.next).toEqual({ chunk: 'c2', offset: 1, depth: 2 });
      expect(loads).toEqual([
        ['c1', 1],
        ['c2', 2],
      ]);
    });

    it('should pass over an empty chunk that still has a next cursor', async () => {
      const first = makeChunk([], 'c1', T0, TTL_MS, 0);
      const { load } = account(2, 3);
      const page = await slicePage(first, null, 0, 2, load);
      expect(ids(page)).toEqual(['1-0', '1-1']);
      expect(page.next).toEqual({ chunk: 'c1', offset: 2, depth: 1 });
    });

    it('should read at most 4 chunks for one page and point the next page at the 5th', async () => {
      const { build, load, loads } = account(10, 2);
      const page = await slicePage(build(0), null, 0, 50, load);
      expect(ids(page)).toEqual(['0-0', '0-1', '1-0', '1-1', '2-0', '2-1', '3-0', '3-1']);
      expect(page.next).toEqual({ chunk: 'c4', offset: 0, depth: 4 });
      expect(loads.map(([cursor]) => cursor)).toEqual(['c1', 'c2', 'c3']);
    });
  });

  describe('at the end of the feed', () => {
    it('should say there is no next page when the last post is taken', async () => {
      const { build, load } = account(2, 3);
      const page = await slicePage(build(0), null, 2, 4, load);
      expect(ids(page)).toEqual(['0-2', '1-0', '1-1', '1-2']);
      expect(page.next).toBeNull();
    });

    it('should give a short last page when fewer posts are left than asked for', async () => {
      const { build, load } = account(1, 5);
      const page = await slicePage(build(0), null, 3, 10, load);
      expect(ids(page)).toEqual(['0-3', '0-4']);
      expect(page.next).toBeNull();
    });

    it('should give an empty page for an offset past the last post', async () => {
      const { build, load } = account(1, 5);
      expect(await slicePage(build(0), null, 9, 10, load)).toEqual({ media: [], next: null });
    });
  });

  describe('when a later chunk fails to load', () => {
    it('should return the posts gathered so far and point the next page at the failed chunk', async () => {
      const { build, load, loads } = account(5, 3, { failAt: 2 });
      const page = await slicePage(build(0), null, 1, 10, load);
      expect(ids(page)).toEqual(['0-1', '0-2', '1-0', '1-1', '1-2']);
      expect(page.next).toEqual({ chunk: 'c2', offset: 0, depth: 2 });
      expect(loads).toEqual([
        ['c1', 1],
        ['c2', 2],
      ]);
    });

    it('should give an empty page pointing at the chunk when the very first one needed fails', async () => {
      const { build, load } = account(3, 3, { failAt: 1 });
      expect(await slicePage(build(0), null, 3, 5, load)).toEqual({ media: [], next: { chunk: 'c1', offset: 0, depth: 1 } });
    });
  });
});
