// Merged feeds through HTTP: GET /api/feeds/a,b,c (2 to 10 accounts). Profiles in the listed order,
// posts newest first across accounts (ties in listed order), each account's pins first, one cursor
// for all of them, an account that fails left out while the others are served, and warm pages from
// the cache (the fast path too). Instagram is nock at the Graph host, per account by its token.
import fc from 'fast-check';
import nock from 'nock';
import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CHUNK_SIZE } from '../../server/feed/feed-service.js';
import type { Feed, Media } from '../../widget/contract.js';
import { type buildApp, GRAPH, testAccount } from './helpers/setup.js';
import { useApps } from './helpers/apps.js';

const T0 = Date.parse('2026-11-28T12:00:00Z');
const HOUR = 3600_000;
const TTL = HOUR;
const OE = Math.floor((T0 + 30 * 86_400_000) / 1000).toString(16);
let now = T0;

interface IgAccount {
  id: string;
  username: string;
  token: string;
  /** Post k: id `${base + k}`, timestamp T0 - hours(k). */
  base: number;
  count: number;
  hours: (k: number) => number;
  /** Instagram answers this account's calls with a 500. */
  down: boolean;
}

function igAccount(n: number, username: string, count: number, hours: (k: number) => number, base = 1000 * n): IgAccount {
  return { id: `1784140000000000${n}`.slice(0, 17), username, token: `IGAAmerged-token-${n}-0123456789`, base, count, hours, down: false };
}

/** a on the even hours, b on the odd hours, c on the same hours as a (ties). */
const accountsUnderTest = () => ({
  a: igAccount(1, 'northshore.coffee', 120, k => 2 * k),
  b: igAccount(2, 'harbour.bakery', 60, k => 2 * k + 1),
  c: igAccount(3, 'lakeside.tea', 30, k => 2 * k),
});

const postId = (account: IgAccount, k: number) => String(account.base + k);
const timestampOf = (account: IgAccount, k: number) => new Date(T0 - account.hours(k) * HOUR).toISOString();

function graphItem(account: IgAccount, k: number) {
  const id = postId(account, k);
  return {
    id,
    media_type: 'IMAGE',
    media_url: `https://scontent.cdninstagram.com/${id}.jpg?oh=abc&oe=${OE}`,
    permalink: `https://www.instagram.com/p/P${id}/`,
    timestamp: timestampOf(account, k).replace('.000Z', '+0000'),
    caption: `Post ${k} of @${account.username} #${k % 2 ? 'odd' : 'even'}`,
  };
}

const urlOf = (uri: unknown) => new URL(typeof uri === 'string' ? uri : (uri as Request).url, GRAPH);
const ERROR_500 = [500, { error: { message: 'An unexpected error has occurred', type: 'IGApiException', code: 2, is_transient: true } }] as const;

interface Call {
  endpoint: 'media' | 'me' | 'media_by_id';
  account: string;
  chunk?: number;
}

/** Instagram for `accounts`, told apart by their tokens; counts every call. */
function mockInstagram(accounts: IgAccount[]) {
  const calls: Call[] = [];
  const owner = (uri: unknown) => {
    const account = accounts.find(a => a.token === urlOf(uri).searchParams.get('access_token'));
    if (!account) throw new Error('unknown token');
    return account;
  };
  nock(GRAPH)
    .get('/v23.0/me/media')
    .query(true)
    .reply(uri => {
      const account = owner(uri);
      const n = Number(/^c(\d+)$/.exec(urlOf(uri).searchParams.get('after') ?? '')?.[1] ?? 0);
      calls.push({ endpoint: 'media', account: account.username, chunk: n });
      if (account.down) return [...ERROR_500];
      const from = n * CHUNK_SIZE;
      const to = Math.min(account.count, from + CHUNK_SIZE);
      const data = Array.from({ length: Math.max(0, to - from) }, (_, i) => graphItem(account, from + i));
      const next = to < account.count ? { next: `${GRAPH}/v23.0/me/media?after=c${n + 1}` } : {};
      return [200, { data, paging: { cursors: { after: `c${n + 1}` }, ...next } }];
    })
    .persist();
  nock(GRAPH)
    .get('/v23.0/me')
    .query(true)
    .reply(uri => {
      const account = owner(uri);
      calls.push({ endpoint: 'me', account: account.username });
      if (account.down) return [...ERROR_500];
      return [200, { id: '1', user_id: account.id, username: account.username, name: `Name of ${account.username}`, account_type: 'BUSINESS' }];
    })
    .persist();
  nock(GRAPH)
    .get(/^\/v23\.0\/\d+$/)
    .query(true)
    .reply(uri => {
      const account = owner(uri);
      calls.push({ endpoint: 'media_by_id', account: account.username });
      const k = Number(urlOf(uri).pathname.split('/').pop()) - account.base;
      return k >= 0 && k < account.count ? [200, graphItem(account, k)] : [400, { error: { message: 'Unsupported get request.', code: 100 } }];
    })
    .persist();
  return {
    calls,
    count: (username?: string) => calls.filter(call => !username || call.account === username).length,
  };
}

type Ctx = Awaited<ReturnType<typeof buildApp>>;
type App = Ctx['app'];
const apps = useApps();
async function setup(accounts: IgAccount[], env: Record<string, string> = {}) {
  const ctx = await apps.build({ env: { RATE_LIMIT_PER_MINUTE: '0', ...env }, now: () => now });
  for (const account of accounts) {
    const base = testAccount(T0 - 86_400_000);
    await ctx.store.upsert({ ...base, id: account.id, username: account.username, profile: { ...base.profile, username: account.username } }, account.token);
  }
  return ctx;
}

afterEach(() => {
  vi.restoreAllMocks();
  now = T0;
});

const listOf = (accounts: IgAccount[]) => accounts.map(a => a.username).join(',');
function feedPath(accounts: IgAccount[] | string, query: Record<string, string | number | undefined> = {}) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
  const search = params.toString();
  return `/api/feeds/${typeof accounts === 'string' ? accounts : listOf(accounts)}${search ? `?${search}` : ''}`;
}
async function feed(app: App, accounts: IgAccount[] | string, query: Record<string, string | number | undefined> = {}): Promise<Feed> {
  return (await request(app).get(feedPath(accounts, query)).expect(200)).body as Feed;
}
const ids = (media: Media[]) => media.map(m => m.id);

async function pageAll(app: App, accounts: IgAccount[], limits: number[]): Promise<{ media: Media[]; pages: Feed[] }> {
  const pages: Feed[] = [];
  let after: string | undefined;
  do {
    const page = await feed(app, accounts, { limit: limits[pages.length % limits.length], after });
    pages.push(page);
    after = page.paging.next ?? undefined;
    if (pages.length > 1000) throw new Error('paging does not end');
  } while (after);
  return { media: pages.flatMap(p => p.media), pages };
}

/** Every post of `accounts` for which `shows` holds, newest first, equal timestamps in listed order. */
function newestFirst(accounts: IgAccount[], shows: (account: IgAccount, k: number) => boolean = () => true): string[] {
  const rows: { id: string; time: number; listed: number; k: number }[] = [];
  accounts.forEach((account, listed) => {
    for (let k = 0; k < account.count; k++) if (shows(account, k)) rows.push({ id: postId(account, k), time: T0 - account.hours(k) * HOUR, listed, k });
  });
  rows.sort((x, y) => y.time - x.time || x.listed - y.listed || x.k - y.k);
  return rows.map(r => r.id);
}

const curate = (app: App, account: IgAccount, body: object) => request(app).put(`/api/accounts/${account.username}/curation`).send(body).expect(200);

describe('GET /api/feeds/a,b', () => {
  it('lists the profiles in order, `account` being the first, and posts newest first across both', async () => {
    const { a, b } = accountsUnderTest();
    const { app } = await setup([a, b]);
    mockInstagram([a, b]);
    const page = await feed(app, [a, b], { limit: 6 });
    expect(page.account.username).toBe(a.username);
    expect(page.accounts!.map(p => [p.id, p.username, p.name])).toEqual([
      [a.id, a.username, `Name of ${a.username}`],
      [b.id, b.username, `Name of ${b.username}`],
    ]);
    expect(page.media.map(m => [m.id, m.username])).toEqual([
      [postId(a, 0), a.username],
      [postId(b, 0), b.username],
      [postId(a, 1), a.username],
      [postId(b, 1), b.username],
      [postId(a, 2), a.username],
      [postId(b, 2), b.username],
    ]);
    expect(page.media.map(m => m.timestamp)).toEqual([0, 1, 2, 3, 4, 5].map(h => new Date(T0 - h * HOUR).toISOString()));
    expect(page.stale).toBe(false);

    const reversed = await feed(app, [b, a], { limit: 6 });
    expect(reversed.account.username).toBe(b.username);
    expect(reversed.accounts!.map(p => p.username)).toEqual([b.username, a.username]);
    expect(ids(reversed.media)).toEqual(ids(page.media));
  });

  it('keeps a single-account feed free of `accounts`', async () => {
    const { a } = accountsUnderTest();
    const { app } = await setup([a]);
    mockInstagram([a]);
    expect(await feed(app, [a])).not.toHaveProperty('accounts');
  });

  it('pages to the end: every post of both accounts once, newest first', async () => {
    const { a, b } = accountsUnderTest();
    const { app } = await setup([a, b]);
    const ig = mockInstagram([a, b]);
    const { media, pages } = await pageAll(app, [a, b], [25, 7, 40]);
    expect(ids(media)).toEqual(newestFirst([a, b]));
    expect(pages.at(-1)!.paging.next).toBeNull();
    // Each chunk of each account fetched once.
    expect(ig.calls.filter(c => c.endpoint === 'media').map(c => `${c.account}:${c.chunk}`)).toEqual(
      expect.arrayContaining([`${a.username}:0`, `${a.username}:1`, `${a.username}:2`, `${b.username}:0`, `${b.username}:1`]),
    );
    expect(ig.calls.filter(c => c.endpoint === 'media')).toHaveLength(5);
  });
});

describe('GET /api/feeds/a,b,c', () => {
  it('puts equal timestamps in the listed order', async () => {
    const { a, b, c } = accountsUnderTest();
    const { app } = await setup([a, b, c]);
    mockInstagram([a, b, c]);
    const page = await feed(app, [a, b, c], { limit: 7 });
    expect(page.accounts!.map(p => p.username)).toEqual([a.username, b.username, c.username]);
    expect(ids(page.media)).toEqual([postId(a, 0), postId(c, 0), postId(b, 0), postId(a, 1), postId(c, 1), postId(b, 1), postId(a, 2)]);
    const other = await feed(app, [c, b, a], { limit: 4 });
    expect(other.account.username).toBe(c.username);
    expect(ids(other.media)).toEqual([postId(c, 0), postId(a, 0), postId(b, 0), postId(c, 1)]);
  });

  it("puts each account's pins first, in pin order and then in the listed order, never repeated", async () => {
    const { a, b, c } = accountsUnderTest();
    const { app } = await setup([a, b, c]);
    mockInstagram([a, b, c]);
    await curate(app, a, { pinned: [postId(a, 5), postId(a, 2)] });
    await curate(app, b, { pinned: [postId(b, 7)] });
    const page = await feed(app, [a, b, c], { limit: 5 });
    expect(ids(page.media)).toEqual([postId(a, 5), postId(a, 2), postId(b, 7), postId(a, 0), postId(c, 0)]);
    expect(page.media.map(m => m.pinned)).toEqual([true, true, true, false, false]);
    const listed = await feed(app, [b, c, a], { limit: 4 });
    expect(ids(listed.media)).toEqual([postId(b, 7), postId(a, 5), postId(a, 2), postId(c, 0)]);

    const pins = [postId(a, 5), postId(a, 2), postId(b, 7)];
    const { media } = await pageAll(app, [a, b, c], [2, 9]);
    expect(ids(media)).toEqual([...pins, ...newestFirst([a, b, c]).filter(id => !pins.includes(id))]);
  });

  it("applies each account's own curation, and drops cached merged pages when one changes", async () => {
    const { a, b, c } = accountsUnderTest();
    const { app } = await setup([a, b, c]);
    const ig = mockInstagram([a, b, c]);
    await feed(app, [a, b, c], { limit: 6 });
    expect(
      (
        await request(app)
          .get(feedPath([a, b, c], { limit: 6 }))
          .expect(200)
      ).headers['x-cache'],
    ).toBe('hit');
    const calls = ig.count();
    await curate(app, c, { hidden: [postId(c, 0)], exclude: { hashtags: ['odd'] } });
    const page = await feed(app, [a, b, c], { limit: 6 });
    expect(ids(page.media)).toEqual([postId(a, 0), postId(b, 0), postId(a, 1), postId(b, 1), postId(a, 2), postId(c, 2)]);
    expect(ig.count()).toBe(calls);
  });

  it('pages to the end with random curations and limits: pins first, then the union of visible posts, each once, newest first', async () => {
    const { a, b, c } = accountsUnderTest();
    const all = [a, b, c];
    const { app } = await setup(all);
    const ig = mockInstagram(all);
    const postsOf = (account: IgAccount) => fc.uniqueArray(fc.integer({ min: 0, max: account.count - 1 }), { maxLength: account.count / 2 });
    await fc.assert(
      fc.asyncProperty(
        fc.shuffledSubarray(all, { minLength: 2 }),
        fc.tuple(postsOf(a), postsOf(b), postsOf(c)),
        fc.tuple(postsOf(a), postsOf(b), postsOf(c)).map(pins => pins.map(list => list.slice(0, 3))),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 5 }),
        async (listed, hidden, pinned, limits) => {
          for (const [i, account] of all.entries()) {
            await curate(app, account, { hidden: hidden[i]!.map(k => postId(account, k)), pinned: pinned[i]!.map(k => postId(account, k)) });
          }
          const indexOf = (account: IgAccount) => all.indexOf(account);
          const isPinned = (account: IgAccount, k: number) => pinned[indexOf(account)]!.includes(k);
          const shown = (account: IgAccount, k: number) => !hidden[indexOf(account)]!.includes(k);
          const pins = listed.flatMap(account => pinned[indexOf(account)]!.filter(k => shown(account, k)).map(k => postId(account, k)));
          const rest = newestFirst(listed, (account, k) => shown(account, k) && !isPinned(account, k));
          const { media, pages } = await pageAll(app, listed, limits);
          expect(ids(media)).toEqual([...pins, ...rest]);
          expect(media.filter(m => m.pinned).map(m => m.id)).toEqual(pins);
          for (const [i, page] of pages.slice(0, -1).entries()) expect(page.media.length).toBe(limits[i % limits.length]);
          expect(pages.every(page => page.accounts!.map(p => p.username).join(',') === listOf(listed))).toBe(true);
        },
      ),
      { numRuns: 30 },
    );
    // However often the curations changed: each chunk of each account fetched once.
    expect(ig.calls.filter(call => call.endpoint === 'media')).toHaveLength(6);
  }, 60_000);
});

describe('which lists are merged feeds', () => {
  it.each([
    ['a trailing comma', 'northshore.coffee,', 400, 'invalid_accounts'],
    ['a leading comma', ',northshore.coffee', 400, 'invalid_accounts'],
    ['an empty name between commas', 'northshore.coffee,,harbour.bakery', 400, 'invalid_accounts'],
    ['11 accounts', Array.from({ length: 11 }, (_, i) => `account${i}`).join(','), 400, 'invalid_accounts'],
    ['21 accounts', Array.from({ length: 21 }, (_, i) => `account${i}`).join(','), 400, 'invalid_accounts'],
    ['an account twice', 'northshore.coffee,harbour.bakery,northshore.coffee', 400, 'invalid_accounts'],
    ['an account by name and by id', 'northshore.coffee,17841400000000001', 400, 'invalid_accounts'],
    ['an unknown account', 'northshore.coffee,nobody.here', 404, 'account_not_found'],
  ])('refuses %s', async (_name, list, status, code) => {
    const { a, b } = accountsUnderTest();
    const { app } = await setup([a, b]);
    const ig = mockInstagram([a, b]);
    const res = await request(app).get(`/api/feeds/${list}`).expect(status).expect('content-type', /json/);
    expect(res.body.error.code).toBe(code);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(ig.count()).toBe(0);
  });

  it('serves 10 accounts', async () => {
    const ten = Array.from({ length: 10 }, (_, i) => igAccount(i + 1, `account.${i + 1}`, 3, k => 10 * k + i, 1000 * (i + 1)));
    // Ten ids of 17 digits: 1784140000000000{1..9}, then ...10.
    ten[9]!.id = '17841400000000010';
    const { app } = await setup(ten);
    mockInstagram(ten);
    const page = await feed(app, ten, { limit: 30 });
    expect(page.accounts).toHaveLength(10);
    expect(ids(page.media)).toEqual(newestFirst(ten));
    expect(page.paging.next).toBeNull();
  });

  it('refuses a cursor of one list for another list, order included (400 invalid_cursor)', async () => {
    const { a, b, c } = accountsUnderTest();
    const { app } = await setup([a, b, c]);
    mockInstagram([a, b, c]);
    const merged = (await feed(app, [a, b], { limit: 5 })).paging.next!;
    const single = (await feed(app, [a], { limit: 5 })).paging.next!;
    for (const [list, cursor] of [
      [[a, c], merged],
      [[b, a], merged],
      [[a, b, c], merged],
      [[a], merged],
      [[a, b], single],
    ] as const) {
      const res = await request(app)
        .get(feedPath([...list], { limit: 5, after: cursor }))
        .expect(400);
      expect(res.body.error.code).toBe('invalid_cursor');
    }
    await request(app)
      .get(feedPath([a, b], { limit: 5, after: merged }))
      .expect(200);
  });
});

describe('when Instagram fails for one account', () => {
  it('without a copy: serves the others, stale, and asks Instagram again only after the backoff', async () => {
    const { a, b } = accountsUnderTest();
    const { app } = await setup([a, b]);
    const ig = mockInstagram([a, b]);
    b.down = true;
    const res = await request(app)
      .get(feedPath([a, b], { limit: 6 }))
      .expect(200);
    const page = res.body as Feed;
    expect(page.stale).toBe(true);
    expect(res.headers['x-cache']).toBe('stale');
    expect(res.headers['cache-control']).toMatch(/max-age=60\b/);
    expect(ids(page.media)).toEqual([0, 1, 2, 3, 4, 5].map(k => postId(a, k)));
    expect(page.accounts!.map(p => p.username)).toEqual([a.username, b.username]);
    const bCalls = ig.calls.filter(c => c.account === b.username && c.endpoint === 'media').length;
    expect(bCalls).toBe(1);

    // While b backs off, no call for it; a's chunk is cached: no call at all.
    const calls = ig.count();
    const again = await request(app)
      .get(feedPath([a, b], { limit: 6 }))
      .expect(200);
    expect(again.body.stale).toBe(true);
    await feed(app, [a, b], { limit: 6, after: page.paging.next! });
    expect(ig.count()).toBe(calls);

    b.down = false;
    now += 31_000;
    // Paging on from the stale page loses none of b's posts and repeats none of a's.
    let after: string | null = page.paging.next;
    const rest: Media[] = [];
    while (after) {
      const next = await feed(app, [a, b], { limit: 40, after });
      rest.push(...next.media);
      after = next.paging.next;
    }
    const seen = [...ids(page.media), ...ids(rest)];
    expect(seen).toHaveLength(a.count + b.count);
    expect(new Set(seen)).toEqual(new Set(newestFirst([a, b])));

    const recovered = await feed(app, [a, b], { limit: 6 });
    expect(recovered.stale).toBe(false);
    expect(ids(recovered.media)).toEqual([postId(a, 0), postId(b, 0), postId(a, 1), postId(b, 1), postId(a, 2), postId(b, 2)]);
  });

  it('answers 503 when every account fails without a copy', async () => {
    const { a, b } = accountsUnderTest();
    const { app } = await setup([a, b]);
    mockInstagram([a, b]);
    a.down = true;
    b.down = true;
    const res = await request(app)
      .get(feedPath([a, b]))
      .expect(503);
    expect(res.body.error.code).toBe('feed_unavailable');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });

  it("with its last good copy: the merged page is stale, the other account's part stays fresh and costs no call", async () => {
    const { a, b } = accountsUnderTest();
    const { app } = await setup([a, b]);
    const ig = mockInstagram([a, b]);
    await feed(app, [b]);
    // b's copy is now too old to serve as it is; a is fetched fresh.
    now += 2 * TTL + 60_000;
    expect((await feed(app, [a])).stale).toBe(false);
    b.down = true;
    const aCalls = ig.count(a.username);
    const bCalls = ig.count(b.username);

    const res = await request(app)
      .get(feedPath([a, b], { limit: 4 }))
      .expect(200);
    expect(res.body.stale).toBe(true);
    expect(res.headers['x-cache']).toBe('stale');
    expect(ids(res.body.media)).toEqual([postId(a, 0), postId(b, 0), postId(a, 1), postId(b, 1)]);
    expect(ig.count(b.username)).toBe(bCalls + 1);

    // Again: b backs off and its copy is served; a is a cache hit. a alone stays fresh.
    const again = await request(app)
      .get(feedPath([a, b], { limit: 4 }))
      .expect(200);
    expect(again.body.stale).toBe(true);
    const alone = await request(app)
      .get(feedPath([a], { limit: 4 }))
      .expect(200);
    expect(alone.body.stale).toBe(false);
    expect(alone.headers['x-cache']).toBe('hit');
    expect(ig.count(a.username)).toBe(aCalls);
    expect(ig.count(b.username)).toBe(bCalls + 1);
  });
});

describe('a warm merged page', () => {
  it('is served from the cache by the fast path, with no Instagram call, and so is its next page', async () => {
    const { a, b, c } = accountsUnderTest();
    const { app, feeds } = await setup([a, b, c]);
    const ig = mockInstagram([a, b, c]);
    const first = await request(app)
      .get(feedPath([a, b, c], { limit: 8 }))
      .expect(200);
    expect(first.headers['x-cache']).toBe('miss');
    const next = first.body.paging.next as string;
    await request(app)
      .get(feedPath([a, b, c], { limit: 8, after: next }))
      .expect(200);
    const calls = ig.count();

    now += TTL / 2;
    const getPage = vi.spyOn(feeds, 'getPage');
    const warm = await request(app)
      .get(feedPath([a, b, c], { limit: 8 }))
      .expect(200);
    expect(warm.headers['x-cache']).toBe('hit');
    expect(warm.text).toBe(first.text);
    expect(warm.headers.etag).toBe(first.headers.etag);
    const warmNext = await request(app)
      .get(feedPath([a, b, c], { limit: 8, after: next }))
      .expect(200);
    expect(warmNext.headers['x-cache']).toBe('hit');
    await request(app)
      .get(feedPath([a, b, c], { limit: 8 }))
      .set('If-None-Match', first.headers.etag)
      .expect(304);
    expect(getPage).not.toHaveBeenCalled();
    expect(ig.count()).toBe(calls);
  });
});
