// AccountStream and mergeStreams (server/feed/stream.ts) on hand-built chunks: how far a page reads
// when a filter hides posts, the chunk budget, a failing later chunk, settle(), the merge order, and
// (fast-check) that paging from the positions they hand out yields each visible post exactly once.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Chunk, makeChunk } from '../../../server/feed/chunk.js';
import type { StreamPosition } from '../../../server/feed/cursor.js';
import { AccountStream, type ChunkLoader, mergeStreams, type Taken } from '../../../server/feed/stream.js';
import type { Media } from '../../../widget/contract.js';

const T0 = Date.parse('2026-11-28T12:00:00Z');
const HOUR = 3600_000;
const TTL = HOUR;

function post(account: string, index: number, timestamp: number): Media {
  return {
    id: `${account}-${index}`,
    type: 'image',
    caption: '',
    altText: null,
    permalink: `https://www.instagram.com/p/${account}${index}/`,
    timestamp: new Date(timestamp).toISOString(),
    likeCount: null,
    commentsCount: null,
    mediaUrl: null,
    thumbnailUrl: null,
    children: [],
    username: account,
    hashtags: [],
    mentions: [],
    pinned: false,
    link: null,
  };
}

interface Source {
  posts: Media[];
  load: ChunkLoader;
  /** Instagram cursors loaded, in order (null: the first chunk). */
  loads: (string | null)[];
  /** Chunks whose load throws (by Instagram cursor). */
  failing: Set<string | null>;
}

/**
 * An account's posts, newest first (`timestamps` or one an hour), in chunks of `size`: chunk n is at
 * Instagram cursor `c<n>` (the first at null), the last one has no next cursor.
 */
function source(account: string, count: number, size = 10, timestamps: (i: number) => number = i => T0 - i * HOUR): Source {
  const posts = Array.from({ length: count }, (_, i) => post(account, i, timestamps(i)));
  const chunks = new Map<string | null, Chunk>();
  const chunkCount = Math.max(1, Math.ceil(count / size));
  for (let n = 0; n < chunkCount; n++) {
    chunks.set(n === 0 ? null : `c${n}`, makeChunk(posts.slice(n * size, (n + 1) * size), n + 1 < chunkCount ? `c${n + 1}` : null, T0, TTL, n));
  }
  const result: Source = {
    posts,
    loads: [],
    failing: new Set(),
    load: async (cursor, depth) => {
      result.loads.push(cursor);
      if (result.failing.has(cursor)) throw new Error(`chunk ${cursor} failed`);
      const chunk = chunks.get(cursor);
      if (!chunk) throw new Error(`no chunk at ${cursor}`);
      expect(chunk.depth).toBe(depth);
      return chunk;
    },
  };
  return result;
}

const start = (account: string): StreamPosition => ({ account, chunk: null, offset: 0, depth: 0 });
const idsOf = (taken: Taken[]) => taken.map(t => t.media.id);
const all = () => true;
const only =
  (...indexes: number[]) =>
  (media: Media) =>
    indexes.includes(Number(media.id.split('-')[1]));

describe('AccountStream', () => {
  it('takes a page from the first chunk and points just after it', async () => {
    const a = source('a', 30);
    const stream = new AccountStream(start('a'), a.load, all, 8);
    expect(idsOf(await mergeStreams([stream], 5))).toEqual(['a-0', 'a-1', 'a-2', 'a-3', 'a-4']);
    expect(stream.position()).toEqual({ account: 'a', chunk: null, offset: 5, depth: 0 });
    expect(a.loads).toEqual([null]);
    expect(stream.sources.map(s => s.cursor)).toEqual([null]);
    expect(stream.fetchedAt).toBe(T0);
  });

  it('reads further chunks when the filter hides many posts; the position counts hidden posts too', async () => {
    const a = source('a', 30);
    const shows = (media: Media) => Number(media.id.split('-')[1]) % 7 === 0;
    const stream = new AccountStream(start('a'), a.load, shows, 8);
    expect(idsOf(await mergeStreams([stream], 4))).toEqual(['a-0', 'a-7', 'a-14', 'a-21']);
    expect(a.loads).toEqual([null, 'c1', 'c2']);
    const position = stream.position()!;
    expect(position).toEqual({ account: 'a', chunk: 'c2', offset: 2, depth: 2 });

    const next = new AccountStream(position, a.load, shows, 8);
    expect(idsOf(await mergeStreams([next], 4))).toEqual(['a-28']);
    expect(next.position()).toBeNull();
  });

  it('stops at the chunk budget with a position that resumes where it stopped', async () => {
    const a = source('a', 100);
    const shows = only(95);
    const stream = new AccountStream(start('a'), a.load, shows, 8);
    expect(await mergeStreams([stream], 3)).toEqual([]);
    expect(a.loads).toEqual([null, 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7']);
    expect(stream.position()).toEqual({ account: 'a', chunk: 'c8', offset: 0, depth: 8 });

    a.loads.length = 0;
    const resumed = new AccountStream(stream.position()!, a.load, shows, 8);
    expect(idsOf(await mergeStreams([resumed], 3))).toEqual(['a-95']);
    expect(a.loads).toEqual(['c8', 'c9']);
    expect(resumed.position()).toBeNull();
  });

  it('spends the budget on a long page too: the page is shorter, not the feed', async () => {
    const a = source('a', 50);
    const stream = new AccountStream(start('a'), a.load, all, 2);
    expect(await mergeStreams([stream], 25)).toHaveLength(20);
    expect(stream.position()).toEqual({ account: 'a', chunk: 'c2', offset: 0, depth: 2 });
    const rest = await mergeStreams([new AccountStream(stream.position()!, a.load, all, 2)], 25);
    expect(idsOf(rest)).toEqual(a.posts.slice(20, 40).map(m => m.id));
  });

  it('shortens the page at a failing later chunk, positioned at that chunk', async () => {
    const a = source('a', 30);
    a.failing.add('c1');
    const stream = new AccountStream(start('a'), a.load, all, 8);
    expect(idsOf(await mergeStreams([stream], 15))).toEqual(a.posts.slice(0, 10).map(m => m.id));
    expect(stream.position()).toEqual({ account: 'a', chunk: 'c1', offset: 0, depth: 1 });
    expect(a.loads).toEqual([null, 'c1']);

    a.failing.clear();
    const retried = new AccountStream(stream.position()!, a.load, all, 8);
    expect(idsOf(await mergeStreams([retried], 5))).toEqual(['a-10', 'a-11', 'a-12', 'a-13', 'a-14']);
  });

  it('shortens a filtered page at a failing later chunk, keeping the offset of what it passed', async () => {
    const a = source('a', 30);
    a.failing.add('c2');
    const stream = new AccountStream(start('a'), a.load, only(3, 15, 25), 8);
    expect(idsOf(await mergeStreams([stream], 3))).toEqual(['a-3', 'a-15']);
    expect(stream.position()).toEqual({ account: 'a', chunk: 'c2', offset: 0, depth: 2 });
  });

  it("lets the first chunk's failure be the page's failure", async () => {
    const a = source('a', 30);
    a.failing.add(null);
    await expect(mergeStreams([new AccountStream(start('a'), a.load, all, 8)], 5)).rejects.toThrow(/chunk null failed/);
  });

  it('fails the page when a later chunk fails before the account has a post on it', async () => {
    const a = source('a', 30);
    a.failing.add('c1');
    // Everything in the first chunk is hidden: the account has nothing on the page when c1 fails.
    await expect(mergeStreams([new AccountStream(start('a'), a.load, only(12), 8)], 5)).rejects.toThrow(/chunk c1 failed/);
  });

  describe('settle()', () => {
    it('ends the stream when the rest of the last chunk is hidden, without loading anything', async () => {
      const a = source('a', 10);
      const stream = new AccountStream(start('a'), a.load, only(0, 1, 2, 3, 4, 5, 6), 8);
      expect(await mergeStreams([stream], 7)).toHaveLength(7);
      expect(stream.position()).toEqual({ account: 'a', chunk: null, offset: 7, depth: 0 });
      stream.settle();
      expect(stream.position()).toBeNull();
      expect(a.loads).toEqual([null]);
    });

    it('keeps the position when a later chunk may still show something, and loads nothing to find out', async () => {
      const a = source('a', 20);
      const stream = new AccountStream(start('a'), a.load, only(0, 1, 2), 8);
      expect(await mergeStreams([stream], 3)).toHaveLength(3);
      stream.settle();
      expect(stream.position()).toEqual({ account: 'a', chunk: null, offset: 3, depth: 0 });
      expect(a.loads).toEqual([null]);
    });

    it('keeps the position when the current chunk still has a post to show', async () => {
      const a = source('a', 10);
      const stream = new AccountStream(start('a'), a.load, only(0, 1, 9), 8);
      await mergeStreams([stream], 2);
      stream.settle();
      expect(stream.position()).toEqual({ account: 'a', chunk: null, offset: 2, depth: 0 });
    });

    it('does nothing before the first peek', () => {
      const a = source('a', 10);
      const stream = new AccountStream(start('a'), a.load, all, 8);
      stream.settle();
      expect(stream.position()).toEqual(start('a'));
      expect(a.loads).toEqual([]);
    });
  });
});

describe('mergeStreams', () => {
  // a: on the even hours, b: on the odd hours, c: the same times as a (ties).
  const sources = () => ({
    a: source('a', 30, 10, i => T0 - 2 * i * HOUR),
    b: source('b', 30, 10, i => T0 - (2 * i + 1) * HOUR),
    c: source('c', 30, 10, i => T0 - 2 * i * HOUR),
  });

  it('takes newest first across accounts, equal timestamps in the order the accounts are listed', async () => {
    const { a, b, c } = sources();
    const streams = [
      new AccountStream(start('a'), a.load, all, 8),
      new AccountStream(start('b'), b.load, all, 8),
      new AccountStream(start('c'), c.load, all, 8),
    ];
    expect(idsOf(await mergeStreams(streams, 7))).toEqual(['a-0', 'c-0', 'b-0', 'a-1', 'c-1', 'b-1', 'a-2']);
    expect(streams.map(s => s.position())).toEqual([
      { account: 'a', chunk: null, offset: 3, depth: 0 },
      { account: 'b', chunk: null, offset: 2, depth: 0 },
      { account: 'c', chunk: null, offset: 2, depth: 0 },
    ]);
  });

  it('breaks ties by the listed order, whichever it is', async () => {
    const { a, c } = sources();
    const streams = [new AccountStream(start('c'), c.load, all, 8), new AccountStream(start('a'), a.load, all, 8)];
    expect(idsOf(await mergeStreams(streams, 4))).toEqual(['c-0', 'a-0', 'c-1', 'a-1']);
  });

  it('goes on with the other accounts when one has no more posts', async () => {
    const short = source('s', 2, 10, i => T0 - i * HOUR);
    const { b } = sources();
    const streams = [new AccountStream(start('s'), short.load, all, 8), new AccountStream(start('b'), b.load, all, 8)];
    expect(idsOf(await mergeStreams(streams, 5))).toEqual(['s-0', 's-1', 'b-0', 'b-1', 'b-2']);
    expect(streams[0]!.position()).toBeNull();
    expect(streams[1]!.position()).toEqual({ account: 'b', chunk: null, offset: 3, depth: 0 });
  });

  it('says which account each post is from', async () => {
    const { a, b } = sources();
    const taken = await mergeStreams([new AccountStream(start('a'), a.load, all, 8), new AccountStream(start('b'), b.load, all, 8)], 3);
    expect(taken.map(t => [t.media.id, t.account])).toEqual([
      ['a-0', 'a'],
      ['b-0', 'b'],
      ['a-1', 'a'],
    ]);
  });

  it('leaves out an account whose chunk fails before it has a post on the page, marked failed, its position kept', async () => {
    const { a, b } = sources();
    b.failing.add(null);
    const streams = [new AccountStream(start('a'), a.load, all, 8), new AccountStream(start('b'), b.load, all, 8)];
    expect(idsOf(await mergeStreams(streams, 4))).toEqual(['a-0', 'a-1', 'a-2', 'a-3']);
    expect(streams.map(s => s.failed)).toEqual([false, true]);
    expect(streams[1]!.position()).toEqual(start('b'));
    expect(b.loads).toEqual([null]);
  });

  it('keeps an account that had posts on the page when its later chunk fails: paused, not failed', async () => {
    const a = source('a', 20, 10, i => T0 - 2 * i * HOUR);
    const b = source('b', 20, 10, i => T0 - (2 * i + 1) * HOUR);
    b.failing.add('c1');
    const streams = [new AccountStream(start('a'), a.load, all, 8), new AccountStream(start('b'), b.load, all, 8)];
    const taken = await mergeStreams(streams, 40);
    expect(taken.filter(t => t.account === 'b')).toHaveLength(10);
    expect(streams[1]!.failed).toBe(false);
    expect(streams[1]!.position()).toEqual({ account: 'b', chunk: 'c1', offset: 0, depth: 1 });
  });

  it('applies each stream its own filter and budget; an account stopped for the page ends it, as its next posts may be newest', async () => {
    const { a, b } = sources();
    const streams = [new AccountStream(start('a'), a.load, only(25), 1), new AccountStream(start('b'), b.load, all, 8)];
    expect(idsOf(await mergeStreams(streams, 3))).toEqual([]);
    expect(a.loads).toEqual([null]);
    expect(streams[0]!.position()).toEqual({ account: 'a', chunk: 'c1', offset: 0, depth: 1 });
    expect(streams[1]!.position()).toEqual({ account: 'b', chunk: null, offset: 0, depth: 0 });
  });

  // A stream paused for this page (its chunk budget spent, or a later chunk failed) ends the merged
  // page: otherwise the other accounts' older posts would come before its newer ones.
  it('keeps newest first across pages when one account pauses at a failing later chunk', async () => {
    const a = source('a', 20, 10, i => T0 - 2 * i * HOUR);
    const b = source('b', 20, 10, i => T0 - (2 * i + 1) * HOUR);
    a.failing.add('c1');
    const first = [new AccountStream(start('a'), a.load, all, 8), new AccountStream(start('b'), b.load, all, 8)];
    const page1 = await mergeStreams(first, 25);
    a.failing.clear();
    const second = first.map((stream, i) => new AccountStream(stream.position()!, [a, b][i]!.load, all, 8));
    const page2 = await mergeStreams(second, 25);
    const timestamps = [...page1, ...page2].map(t => t.media.timestamp);
    expect(timestamps).toEqual([...timestamps].sort().reverse());
  });
});

describe('paging by positions (fast-check)', () => {
  interface Account {
    /** Gaps in hours between successive posts (0: the same timestamp). */
    gaps: number[];
    /** Which posts the filter shows. */
    shown: boolean[];
  }

  const accountArb = fc.integer({ min: 0, max: 45 }).chain(count =>
    fc.record({
      gaps: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: count, maxLength: count }),
      shown: fc.array(fc.boolean(), { minLength: count, maxLength: count }),
    }),
  );

  /** Every page from the first to the end: the posts in order, and how many pages it took. */
  async function pageToEnd(accounts: Account[], limits: number[], size: number, maxChunks: number): Promise<{ ids: string[]; pages: number }> {
    const names = accounts.map((_, i) => `x${i}`);
    const sources = accounts.map((account, i) => {
      const times: number[] = [];
      for (const gap of account.gaps) times.push((times.at(-1) ?? T0) - gap * HOUR);
      return source(names[i]!, account.gaps.length, size, j => times[j]!);
    });
    const shows = (media: Media) => {
      const [name, index] = media.id.split('-');
      return accounts[Number(name!.slice(1))]!.shown[Number(index)]!;
    };
    let positions: (StreamPosition | null)[] = names.map(start);
    const ids: string[] = [];
    let pages = 0;
    while (positions.some(p => p !== null)) {
      const running = positions.map((p, i) => (p ? new AccountStream(p, sources[i]!.load, shows, maxChunks) : null));
      const live = running.filter((s): s is AccountStream => s !== null);
      ids.push(...idsOf(await mergeStreams(live, limits[pages % limits.length]!)));
      for (const s of live) s.settle();
      positions = running.map(s => s?.position() ?? null);
      if (++pages > 10_000) throw new Error('paging does not end');
    }
    return { ids, pages };
  }

  /** The visible posts newest first, equal timestamps in the listed order of the accounts. */
  function expected(accounts: Account[]): string[] {
    const rows: { id: string; time: number; account: number; index: number }[] = [];
    accounts.forEach((account, a) => {
      let time = T0;
      account.gaps.forEach((gap, index) => {
        time -= gap * HOUR;
        if (account.shown[index]) rows.push({ id: `x${a}-${index}`, time, account: a, index });
      });
    });
    rows.sort((x, y) => y.time - x.time || x.account - y.account || x.index - y.index);
    return rows.map(r => r.id);
  }

  it('one account: every visible post once, in order, whatever the limits, chunk size and budget', async () => {
    await fc.assert(
      fc.asyncProperty(
        accountArb,
        fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 8 }),
        async (account, limits, size, maxChunks) => {
          const { ids } = await pageToEnd([account], limits, size, maxChunks);
          expect(ids).toEqual(expected([account]));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('2 to 4 accounts merged: every visible post once, newest first across accounts, ties in listed order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(accountArb, { minLength: 2, maxLength: 4 }),
        fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1, maxLength: 5 }),
        fc.integer({ min: 1, max: 7 }),
        async (accounts, limits, size) => {
          // Budget enough for every chunk: how a paused account interacts with the merge is the test above.
          const { ids } = await pageToEnd(accounts, limits, size, 100);
          expect(ids).toEqual(expected(accounts));
        },
      ),
      { numRuns: 300 },
    );
  });
});
