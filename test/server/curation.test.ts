import fc from 'fast-check';
import nock from 'nock';
import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { signedRequest } from '../../demo/emulator/app.js';
import { CHUNK_SIZE } from '../../server/feed/feed-service.js';
import type { Feed, Media } from '../../widget/contract.js';
import { type buildApp, CLIENT_SECRET, GRAPH, persistedAccounts, testAccount } from './helpers/setup.js';
import { useApps } from './helpers/apps.js';

const T0 = Date.parse('2026-11-28T12:00:00Z');
const HOUR = 3600_000;
const TTL = HOUR;
const OE = Math.floor((T0 + 30 * 86_400_000) / 1000).toString(16);
const ID = '17841400000000001';
const USER = 'northshore.coffee';
const TOKEN = 'IGAAcuration-test-token-0123456789';
const TOTAL = 150;
/** Tags cycle through the posts: post k carries `#${TAGS[k % 5]}`, and every third says "Good morning". */
const TAGS = ['coffee', 'tea', 'café', '東京', 'नमस्ते'];
/** A post of the account older than everything Instagram lists in the tests' chunks (reachable by id only). */
const ARCHIVED = '9000';
/** An id Instagram does not know (code 100). */
const MISSING = '9999';
let now = T0;

const idOf = (k: number) => String(1000 + k);
const kOf = (id: string) => Number(id) - 1000;
const captionOf = (k: number) => `Post ${k} #${TAGS[k % TAGS.length]}${k % 3 === 0 ? ' Good morning' : ''}`;

function graphItem(id: string, k: number) {
  return {
    id,
    media_type: 'IMAGE',
    media_url: `https://scontent.cdninstagram.com/${id}.jpg?oh=abc&oe=${OE}`,
    permalink: `https://www.instagram.com/p/P${id}/`,
    timestamp: new Date(T0 - k * HOUR).toISOString().replace('.000Z', '+0000'),
    caption: captionOf(k),
  };
}

interface Call {
  endpoint: 'media' | 'me' | 'media_by_id';
  chunk?: number;
  id?: string;
}

const urlOf = (uri: unknown) => new URL(typeof uri === 'string' ? uri : (uri as Request).url, GRAPH);

/**
 * Instagram for the account: /me/media lists TOTAL posts in chunks (Instagram cursor `c<n>` starts chunk
 * n), /me the profile, /<id> one post (the listed ones and ARCHIVED; anything else is code 100). Counts
 * every call.
 */
function mockInstagram() {
  const calls: Call[] = [];
  nock(GRAPH)
    .get('/v23.0/me/media')
    .query(true)
    .reply(uri => {
      const n = Number(/^c(\d+)$/.exec(urlOf(uri).searchParams.get('after') ?? '')?.[1] ?? 0);
      calls.push({ endpoint: 'media', chunk: n });
      const from = n * CHUNK_SIZE;
      const to = Math.min(TOTAL, from + CHUNK_SIZE);
      const data = Array.from({ length: to - from }, (_, i) => graphItem(idOf(from + i), from + i));
      const next = to < TOTAL ? { next: `${GRAPH}/v23.0/me/media?after=c${n + 1}` } : {};
      return [200, { data, paging: { cursors: { after: `c${n + 1}` }, ...next } }];
    })
    .persist();
  nock(GRAPH)
    .get('/v23.0/me')
    .query(true)
    .reply(() => {
      calls.push({ endpoint: 'me' });
      return [200, { id: '1', user_id: ID, username: USER, name: 'North Shore', account_type: 'BUSINESS' }];
    })
    .persist();
  nock(GRAPH)
    .get(/^\/v23\.0\/\d+$/)
    .query(true)
    .reply(uri => {
      const id = urlOf(uri).pathname.split('/').pop()!;
      calls.push({ endpoint: 'media_by_id', id });
      if (id === ARCHIVED) return [200, graphItem(id, 2000)];
      const k = kOf(id);
      if (k >= 0 && k < TOTAL) return [200, graphItem(id, k)];
      return [400, { error: { message: 'Unsupported get request.', type: 'GraphMethodException', code: 100, error_subcode: 33 } }];
    })
    .persist();
  return {
    calls,
    count: (endpoint?: Call['endpoint']) => calls.filter(call => !endpoint || call.endpoint === endpoint).length,
  };
}

type Ctx = Awaited<ReturnType<typeof buildApp>>;
type App = Ctx['app'];
const apps = useApps();
async function setup(env: Record<string, string> = {}, reuse?: Ctx) {
  const ctx = await apps.build({ env: { RATE_LIMIT_PER_MINUTE: '0', ...env }, now: () => now, reuse: reuse && { dir: reuse.dir, config: reuse.config } });
  if (!reuse) await ctx.store.upsert(testAccount(T0 - 86_400_000), TOKEN);
  return ctx;
}

afterEach(() => {
  vi.restoreAllMocks();
  now = T0;
});

const CURATION = `/api/accounts/${USER}/curation`;
const EMPTY = { hidden: [], pinned: [], links: {}, include: { hashtags: [], words: [] }, exclude: { hashtags: [], words: [] } };

const put = (app: App, body: unknown) =>
  request(app)
    .put(CURATION)
    .send(body as object);
async function curate(app: App, body: unknown) {
  return (await put(app, body).expect(200)).body;
}

const feedPath = (query: Record<string, string | number | undefined> = {}) => {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) if (value !== undefined) params.set(name, String(value));
  const search = params.toString();
  return `/api/feeds/${USER}${search ? `?${search}` : ''}`;
};
async function feed(app: App, query: Record<string, string | number | undefined> = {}): Promise<Feed> {
  return (await request(app).get(feedPath(query)).expect(200)).body as Feed;
}
const ids = (media: Media[]) => media.map(m => m.id);
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => idOf(from + i));

/** Pages from the first page until `next` is null; `limits` are used in turn. */
async function pageAll(app: App, limits: number[] = [12]): Promise<{ media: Media[]; pages: Feed[] }> {
  const pages: Feed[] = [];
  let after: string | undefined;
  do {
    const page = await feed(app, { limit: limits[pages.length % limits.length], after });
    pages.push(page);
    after = page.paging.next ?? undefined;
    if (pages.length > 1000) throw new Error('paging does not end');
  } while (after);
  return { media: pages.flatMap(p => p.media), pages };
}

describe('GET /api/accounts/:account/curation', () => {
  it('answers the empty document for an account never curated, not to be cached', async () => {
    const { app } = await setup();
    const res = await request(app).get(CURATION).expect(200).expect('content-type', /json/);
    expect(res.body).toEqual(EMPTY);
    expect(res.headers['cache-control']).toBe('no-store');
    await request(app).get(`/api/accounts/${ID}/curation`).expect(200, EMPTY);
  });

  it('answers 404 for an unknown account and 400 for a malformed name', async () => {
    const { app } = await setup();
    expect((await request(app).get('/api/accounts/nobody/curation').expect(404)).body.error.code).toBe('account_not_found');
    expect((await request(app).put('/api/accounts/nobody/curation').send(EMPTY).expect(404)).body.error.code).toBe('account_not_found');
    expect((await request(app).get('/api/accounts/no%20body/curation').expect(400)).body.error.code).toBe('invalid_account');
  });
});

describe('PUT /api/accounts/:account/curation', () => {
  it('stores the tidied document: PUT answers it and GET reads it back', async () => {
    const { app } = await setup();
    const body = {
      hidden: [idOf(3), idOf(1)],
      pinned: [idOf(7)],
      links: { [idOf(7)]: { url: 'https://shop.example/beans', label: '  Shop the beans ' } },
      include: { hashtags: ['#Coffee', 'coffee'], words: [] },
      exclude: { words: ['  Good   Morning '] },
    };
    const tidy = {
      hidden: [idOf(3), idOf(1)],
      pinned: [idOf(7)],
      links: { [idOf(7)]: { url: 'https://shop.example/beans', label: 'Shop the beans' } },
      include: { hashtags: ['coffee'], words: [] },
      exclude: { hashtags: [], words: ['good morning'] },
    };
    const res = await put(app, body).expect(200).expect('content-type', /json/);
    expect(res.body).toEqual(tidy);
    expect(res.headers['cache-control']).toBe('no-store');
    expect((await request(app).get(CURATION).expect(200)).body).toEqual(tidy);
    // Replaces, never merges.
    await curate(app, { pinned: [idOf(9)] });
    expect((await request(app).get(CURATION).expect(200)).body).toEqual({ ...EMPTY, pinned: [idOf(9)] });
  });

  it.each<[string, unknown, string]>([
    ['an unknown key', { foo: [] }, 'foo'],
    ['a bad pinned id', { pinned: [idOf(1), 'abc'] }, 'pinned[1]'],
    ['a hidden id twice', { hidden: [idOf(1), idOf(1)] }, 'hidden[1]'],
    ['an http link', { links: { '123': { url: 'http://shop.example/' } } }, 'links.123.url'],
    ['a javascript: link', { links: { '123': { url: 'javascript:alert(document.cookie)' } } }, 'links.123.url'],
    ['a label of 61 characters', { links: { '123': { url: 'https://shop.example/', label: 'x'.repeat(61) } } }, 'links.123.label'],
    ['a bad include hashtag', { include: { hashtags: ['two words'] } }, 'include.hashtags[0]'],
    ['an empty exclude word', { exclude: { words: ['a', 'b', ' '] } }, 'exclude.words[2]'],
    ['501 ids', { hidden: Array.from({ length: 501 }, (_, i) => String(i + 1)) }, 'hidden'],
    ['101 rules', { exclude: { words: Array.from({ length: 101 }, (_, i) => `w${i}`) } }, 'exclude.words'],
    ['a list body', [], 'body'],
  ])('refuses %s with 400 invalid_curation naming the field, and keeps the stored document', async (_name, body, field) => {
    const { app } = await setup();
    await curate(app, { hidden: [idOf(5)] });
    const res = await put(app, body).expect(400).expect('content-type', /json/);
    expect(res.body).toEqual({ error: { code: 'invalid_curation', message: expect.stringContaining(field), field } });
    expect((await request(app).get(CURATION).expect(200)).body).toEqual({ ...EMPTY, hidden: [idOf(5)] });
  });

  it('answers 415 for a body that is not JSON, and 400 for broken JSON', async () => {
    const { app } = await setup();
    const text = await request(app)
      .put(CURATION)
      .set('Content-Type', 'text/plain')
      .send(JSON.stringify({ hidden: [idOf(1)] }))
      .expect(415);
    expect(text.body.error.code).toBe('unsupported_media_type');
    await request(app)
      .put(CURATION)
      .type('form')
      .send({ hidden: idOf(1) })
      .expect(415);
    await request(app).put(CURATION).expect(415);
    const broken = await request(app).put(CURATION).set('Content-Type', 'application/json').send('{"hidden": [').expect(400);
    expect(broken.body.error.code).toMatch(/^[a-z_]+$/);
    expect((await request(app).get(CURATION).expect(200)).body).toEqual(EMPTY);
  });

  it('is for admins only: 403 for a request relayed by a proxy without ADMIN_PASSWORD', async () => {
    const { app } = await setup();
    for (const send of [
      () => request(app).get(CURATION),
      () =>
        request(app)
          .put(CURATION)
          .send({ hidden: [idOf(1)] }),
    ]) {
      const res = await send().set('X-Forwarded-For', '198.51.100.7').expect(403);
      expect(res.body.error.code).toBe('admin_only');
    }
    expect((await request(app).get(CURATION).expect(200)).body).toEqual(EMPTY);
  });

  it('is for admins only: 401 without the password when ADMIN_PASSWORD is set', async () => {
    const { app } = await setup({ ADMIN_PASSWORD: 'correct horse battery' });
    expect((await request(app).get(CURATION).expect(401)).body.error.code).toBe('unauthorized');
    await request(app)
      .put(CURATION)
      .send({ hidden: [idOf(1)] })
      .expect(401);
    await request(app)
      .put(CURATION)
      .auth('admin', 'wrong')
      .send({ hidden: [idOf(1)] })
      .expect(401);
    await request(app)
      .put(CURATION)
      .auth('admin', 'correct horse battery')
      .send({ hidden: [idOf(1)] })
      .expect(200);
    expect((await request(app).get(CURATION).auth('admin', 'correct horse battery').expect(200)).body.hidden).toEqual([idOf(1)]);
  });

  it('refuses a PUT from a foreign Origin (CSRF) and accepts our own', async () => {
    const { app } = await setup();
    const res = await put(app, { hidden: [idOf(1)] })
      .set('Origin', 'https://evil.example')
      .expect(403);
    expect(res.body.error.code).toBe('cross_origin_refused');
    expect((await request(app).get(CURATION).expect(200)).body).toEqual(EMPTY);
    await put(app, { hidden: [idOf(1)] })
      .set('Origin', 'http://localhost:3000')
      .expect(200);
    expect((await request(app).get(CURATION).expect(200)).body.hidden).toEqual([idOf(1)]);
  });
});

describe('where the document lives', () => {
  const DOC = { ...EMPTY, hidden: [idOf(0)], links: { [idOf(1)]: { url: 'https://shop.example/look', label: 'Shop the look zq7' } } };

  it('survives a restart, and the restarted server applies it without calling Instagram', async () => {
    const first = await setup();
    const ig = mockInstagram();
    await feed(first.app);
    await curate(first.app, DOC);
    const before = ig.count();
    const restarted = await setup({}, first);
    expect((await request(restarted.app).get(CURATION).expect(200)).body).toEqual(DOC);
    const page = await feed(restarted.app, { limit: 3 });
    expect(ids(page.media)).toEqual([idOf(1), idOf(2), idOf(3)]);
    expect(page.media[0]!.link).toEqual({ url: 'https://shop.example/look', label: 'Shop the look zq7' });
    expect(ig.count()).toBe(before);
  });

  it('follows the account through a reconnect (upsert with a new token)', async () => {
    const { app, store } = await setup();
    await curate(app, DOC);
    await store.upsert(testAccount(T0), 'IGAAreconnected-token-0123456789');
    expect((await request(app).get(CURATION).expect(200)).body).toEqual(DOC);
  });

  it('goes with the account on disconnect: a later connect of the same account starts empty', async () => {
    const ctx = await setup();
    const { app, store } = ctx;
    await curate(app, DOC);
    expect(await persistedAccounts(ctx)).toContain('Shop the look zq7');
    await request(app).delete(`/api/accounts/${USER}`).expect(200);
    await request(app).get(CURATION).expect(404);
    expect(await persistedAccounts(ctx)).not.toContain('Shop the look zq7');
    await store.upsert(testAccount(T0), TOKEN);
    expect((await request(app).get(CURATION).expect(200)).body).toEqual(EMPTY);
  });

  it("goes with the account on Meta's data deletion request", async () => {
    const ctx = await setup();
    const { app, store } = ctx;
    await curate(app, DOC);
    await request(app)
      .post('/instagram/data-deletion')
      .type('form')
      .send({ signed_request: signedRequest({ algorithm: 'HMAC-SHA256', issued_at: 1_700_000_000, user_id: ID }, CLIENT_SECRET) })
      .expect(200);
    await request(app).get(CURATION).expect(404);
    expect(await persistedAccounts(ctx)).not.toContain('Shop the look zq7');
    await store.upsert(testAccount(T0), TOKEN);
    expect((await request(app).get(CURATION).expect(200)).body).toEqual(EMPTY);
  });
});

describe('applying the curation to the feed', () => {
  it('makes no Instagram call: PUT, and every feed page after it, come from the chunks already fetched', async () => {
    const { app } = await setup();
    const ig = mockInstagram();
    await pageAll(app, [50]);
    const warm = ig.count();
    expect(ig.count('media')).toBe(3);
    const documents = [
      { hidden: range(0, 40) },
      { pinned: [idOf(120), idOf(60), idOf(2)], links: { [idOf(60)]: { url: 'https://shop.example/', label: null } } },
      { include: { hashtags: ['東京'], words: ['good morning'] }, exclude: { hashtags: ['café'] } },
      { exclude: { words: ['post 7'] }, hidden: [idOf(1)], pinned: [idOf(149)] },
      {},
    ];
    for (const document of documents) {
      await curate(app, document);
      await pageAll(app, [7, 30]);
      await feed(app, { all: 1, limit: 100 });
    }
    expect(ig.count()).toBe(warm);
  });

  it('changes the ETag, and the old ETag gets the new page (200), not a 304', async () => {
    const { app } = await setup();
    mockInstagram();
    const first = await request(app).get(feedPath()).expect(200);
    await request(app).get(feedPath()).set('If-None-Match', first.headers.etag).expect(304);
    // A change that leaves this page's posts as they were still changes its ETag (it names the revision).
    await curate(app, { hidden: [idOf(140)] });
    const same = await request(app).get(feedPath()).set('If-None-Match', first.headers.etag).expect(200);
    expect(ids(same.body.media)).toEqual(ids(first.body.media));
    expect(same.headers.etag).not.toBe(first.headers.etag);
    await curate(app, { hidden: [idOf(0)] });
    const changed = await request(app).get(feedPath()).set('If-None-Match', same.headers.etag).expect(200);
    expect(changed.headers.etag).not.toBe(same.headers.etag);
    expect(changed.body.media[0].id).toBe(idOf(1));
    await request(app).get(feedPath()).set('If-None-Match', changed.headers.etag).expect(304);
  });

  it('drops cached pages at once, the fast path included: the very next request shows the change', async () => {
    const { app, feeds } = await setup();
    mockInstagram();
    await feed(app, { limit: 5 });
    const hit = await request(app)
      .get(feedPath({ limit: 5 }))
      .expect(200);
    expect(hit.headers['x-cache']).toBe('hit');
    await curate(app, { hidden: [idOf(0), idOf(2)], pinned: [idOf(40)] });
    const cachedPage = vi.spyOn(feeds, 'cachedPage');
    const next = (
      await request(app)
        .get(feedPath({ limit: 5 }))
        .expect(200)
    ).body as Feed;
    expect(ids(next.media)).toEqual([idOf(40), idOf(1), idOf(3), idOf(4), idOf(5)]);
    expect(cachedPage).toHaveReturnedWith(undefined);
    // ... and that page is then cached and served by the fast path in turn.
    const getPage = vi.spyOn(feeds, 'getPage');
    const again = await request(app)
      .get(feedPath({ limit: 5 }))
      .expect(200);
    expect(getPage).not.toHaveBeenCalled();
    expect(again.headers['x-cache']).toBe('hit');
    expect(ids(again.body.media)).toEqual(ids(next.media));
  });

  it('leaves out hidden posts', async () => {
    const { app } = await setup();
    mockInstagram();
    await curate(app, { hidden: [idOf(0), idOf(3), idOf(4)] });
    expect(ids((await feed(app, { limit: 4 })).media)).toEqual([idOf(1), idOf(2), idOf(5), idOf(6)]);
  });

  it.each<[string, object, (k: number) => boolean]>([
    ['exclude a hashtag', { exclude: { hashtags: ['coffee'] } }, k => k % 5 !== 0],
    ['exclude a hashtag with an accent', { exclude: { hashtags: ['#Café'] } }, k => k % 5 !== 2],
    ['include a CJK hashtag', { include: { hashtags: ['東京'] } }, k => k % 5 === 3],
    ['include a Devanagari hashtag', { include: { hashtags: ['नमस्ते'] } }, k => k % 5 === 4],
    ['include two hashtags', { include: { hashtags: ['tea', '東京'] } }, k => k % 5 === 1 || k % 5 === 3],
    ['exclude a phrase, in any case', { exclude: { words: ['GOOD MORNING'] } }, k => k % 3 !== 0],
    ['exclude a word on word boundaries', { exclude: { words: ['post 1'] } }, k => k !== 1],
    ['include a word of another script', { include: { words: ['東京'] } }, k => k % 5 === 3],
    ['include a hashtag or a word', { include: { hashtags: ['tea'], words: ['good morning'] } }, k => k % 5 === 1 || k % 3 === 0],
    ['include and exclude', { include: { hashtags: ['coffee'] }, exclude: { words: ['good morning'] } }, k => k % 5 === 0 && k % 3 !== 0],
  ])('applies rules: %s', async (_name, rules, visible) => {
    const { app } = await setup();
    mockInstagram();
    await curate(app, rules);
    const expected = range(0, TOTAL).filter(id => visible(kOf(id)));
    const { media } = await pageAll(app, [20]);
    expect(ids(media)).toEqual(expected);
    expect(media.every(m => m.pinned === false && m.link === null && m.username === USER)).toBe(true);
  });

  // Regression: escaping `-` outside a character class, which the `u` flag forbids, once made a word
  // rule with a hyphen throw on every feed request of the account (500, `?all=1` included).
  it('applies a word rule with a hyphen (t-shirt)', async () => {
    const { app } = await setup();
    mockInstagram();
    await curate(app, { exclude: { words: ['t-shirt'] } });
    expect(ids((await feed(app, { limit: 3 })).media)).toEqual(range(0, 3));
  });

  it('counts visible posts for `limit`: 45 of the first 50 hidden, limit 12 reads into the second chunk', async () => {
    const { app } = await setup();
    const ig = mockInstagram();
    await curate(app, { hidden: range(0, 50).filter(id => kOf(id) % 10 !== 0) });
    const page = await feed(app, { limit: 12 });
    expect(ids(page.media)).toEqual([0, 10, 20, 30, 40, 50, 51, 52, 53, 54, 55, 56].map(idOf));
    expect(ig.calls.filter(c => c.endpoint === 'media').map(c => c.chunk)).toEqual([0, 1]);
    // The cursor continues right after the last post shown.
    expect(ids((await feed(app, { limit: 3, after: page.paging.next! })).media)).toEqual(range(57, 60));
  });

  it('attaches links and marks pins; other posts carry pinned: false and link: null', async () => {
    const { app } = await setup();
    mockInstagram();
    await curate(app, {
      pinned: [idOf(20)],
      links: { [idOf(20)]: { url: 'https://shop.example/a', label: 'Buy' }, [idOf(1)]: { url: 'https://shop.example/b' } },
    });
    const page = await feed(app, { limit: 3 });
    expect(page.media.map(m => [m.id, m.pinned, m.link])).toEqual([
      [idOf(20), true, { url: 'https://shop.example/a', label: 'Buy' }],
      [idOf(0), false, null],
      [idOf(1), false, { url: 'https://shop.example/b', label: null }],
    ]);
    expect(page.media[1]).toMatchObject({ username: USER, hashtags: ['coffee'], mentions: [] });
  });
});

describe('pinned posts', () => {
  it('come first in pin order on the first page only, and are not repeated later', async () => {
    const { app } = await setup();
    mockInstagram();
    const pins = [idOf(30), idOf(5), idOf(48), idOf(0)];
    await curate(app, { pinned: pins });
    const first = await feed(app, { limit: 6 });
    expect(ids(first.media)).toEqual([...pins, idOf(1), idOf(2)]);
    expect(first.media.map(m => m.pinned)).toEqual([true, true, true, true, false, false]);
    const { media } = await pageAll(app, [6]);
    expect(ids(media)).toEqual([...pins, ...range(0, TOTAL).filter(id => !pins.includes(id))]);
  });

  it('spread over pages when there are more pins than the limit', async () => {
    const { app } = await setup();
    mockInstagram();
    const pins = [idOf(9), idOf(8), idOf(7), idOf(6), idOf(5)];
    await curate(app, { pinned: pins });
    const { pages } = await pageAll(app, [2]);
    expect(ids(pages[0]!.media)).toEqual(pins.slice(0, 2));
    expect(ids(pages[1]!.media)).toEqual(pins.slice(2, 4));
    expect(ids(pages[2]!.media)).toEqual([idOf(5), idOf(0)]);
    expect(pages.flatMap(p => p.media).filter(m => m.pinned)).toHaveLength(5);
  });

  it('are left out when hidden or excluded by a rule, and when Instagram does not know them', async () => {
    const { app } = await setup();
    mockInstagram();
    await curate(app, { pinned: [idOf(3), MISSING, idOf(6), idOf(10)], hidden: [idOf(3)], exclude: { hashtags: ['coffee'] } });
    const page = await feed(app, { limit: 3 });
    expect(ids(page.media)).toEqual([idOf(6), idOf(1), idOf(2)]);
    const { media } = await pageAll(app, [40]);
    expect(ids(media).filter(id => [idOf(3), idOf(10), MISSING].includes(id))).toEqual([]);
  });

  it('when older than the fetched chunks, are fetched by id once and then cost no call', async () => {
    const { app, instagram } = await setup();
    const ig = mockInstagram();
    const observed: string[] = [];
    instagram.observe(call => observed.push(call.endpoint));
    await curate(app, { pinned: [ARCHIVED, idOf(120)] });
    const first = await feed(app, { limit: 4 });
    expect(ids(first.media)).toEqual([ARCHIVED, idOf(120), idOf(0), idOf(1)]);
    expect(first.media[0]).toMatchObject({ pinned: true, username: USER, caption: captionOf(2000), timestamp: new Date(T0 - 2000 * HOUR).toISOString() });
    expect(ig.calls.filter(c => c.endpoint === 'media_by_id').map(c => c.id)).toEqual([ARCHIVED, idOf(120)]);
    expect(observed.filter(e => e === 'media_by_id')).toHaveLength(2);
    const calls = ig.count();
    // Other limits, the next pages, the fast path, a curation change that keeps the pins: no call.
    now += TTL / 2;
    await feed(app, { limit: 4 });
    await feed(app, { limit: 1 });
    await feed(app, { limit: 9, after: first.paging.next! });
    await curate(app, { pinned: [ARCHIVED, idOf(120)], hidden: [idOf(0)] });
    expect(ids((await feed(app, { limit: 3 })).media)).toEqual([ARCHIVED, idOf(120), idOf(1)]);
    await feed(app, { all: 1 });
    expect(ig.count()).toBe(calls);
  });

  it('of a cursor stay the ones skipped when the pins change between two pages', async () => {
    const { app } = await setup();
    mockInstagram();
    await curate(app, { pinned: [idOf(30), idOf(40)] });
    const page1 = await feed(app, { limit: 5 });
    expect(ids(page1.media)).toEqual([idOf(30), idOf(40), idOf(0), idOf(1), idOf(2)]);
    // Pin a post ahead of the cursor instead: it shows once, where it is; the old pins are not repeated.
    await curate(app, { pinned: [idOf(10)] });
    let after = page1.paging.next;
    const rest: Media[] = [];
    while (after) {
      const page = await feed(app, { limit: 8, after });
      rest.push(...page.media);
      after = page.paging.next;
    }
    const all = [...ids(page1.media), ...ids(rest)];
    expect(all).toEqual([idOf(30), idOf(40), ...range(0, TOTAL).filter(id => id !== idOf(30) && id !== idOf(40))]);
    expect(rest.some(m => m.pinned)).toBe(false);
    // A first page asked for now shows the new pin first.
    expect(ids((await feed(app, { limit: 2 })).media)).toEqual([idOf(10), idOf(0)]);
  });

  it('newly pinned behind the cursor are not shown again', async () => {
    const { app } = await setup();
    mockInstagram();
    await curate(app, { pinned: [idOf(30)] });
    const page1 = await feed(app, { limit: 5 });
    expect(ids(page1.media)).toEqual([idOf(30), idOf(0), idOf(1), idOf(2), idOf(3)]);
    await curate(app, { pinned: [idOf(1), idOf(2)] });
    const page2 = await feed(app, { limit: 30, after: page1.paging.next! });
    expect(ids(page2.media)).toEqual(range(4, 35).filter(id => id !== idOf(30)));
  });
});

describe('curation changed between two page requests', () => {
  it('a post hidden ahead of the cursor is not shown', async () => {
    const { app } = await setup();
    mockInstagram();
    const page1 = await feed(app, { limit: 10 });
    await curate(app, { hidden: [idOf(12)] });
    const page2 = await feed(app, { limit: 10, after: page1.paging.next! });
    expect(ids(page2.media)).toEqual([...range(10, 12), ...range(13, 21)]);
  });

  it('a post unhidden behind the cursor is not shown again; one unhidden ahead of it is', async () => {
    const { app } = await setup();
    mockInstagram();
    await curate(app, { hidden: [idOf(5), idOf(15)] });
    const page1 = await feed(app, { limit: 10 });
    expect(ids(page1.media)).toEqual([...range(0, 5), ...range(6, 11)]);
    await curate(app, {});
    const page2 = await feed(app, { limit: 10, after: page1.paging.next! });
    expect(ids(page2.media)).toEqual(range(11, 21));
  });

  it('a rule added between pages applies from the next page on, with no gap or repeat', async () => {
    const { app } = await setup();
    mockInstagram();
    const page1 = await feed(app, { limit: 10 });
    await curate(app, { exclude: { hashtags: ['tea'] } });
    const page2 = await feed(app, { limit: 10, after: page1.paging.next! });
    expect(ids(page2.media)).toEqual(range(10, 23).filter(id => kOf(id) % 5 !== 1));
  });

  // The cursor's pinIndex counts places in the pin list, shown or not: hiding a pin the first page
  // showed must not make the index jump over one never shown (here 1040).
  it('a shown pin hidden before the next page does not make the next pin disappear', async () => {
    const { app } = await setup();
    mockInstagram();
    await curate(app, { pinned: [idOf(30), idOf(40), idOf(45)] });
    const page1 = await feed(app, { limit: 1 });
    expect(ids(page1.media)).toEqual([idOf(30)]);
    await curate(app, { pinned: [idOf(30), idOf(40), idOf(45)], hidden: [idOf(30)] });
    const page2 = await feed(app, { limit: 3, after: page1.paging.next! });
    expect(ids(page2.media)).toEqual([idOf(40), idOf(45), idOf(0)]);
  });

  // The other way: a pin hidden when page 1 was cut and unhidden before page 2 must not make page 2
  // start one pin early and repeat the pin page 1 showed.
  it('a pin unhidden before the next page does not repeat the pin the first page showed', async () => {
    const { app } = await setup();
    mockInstagram();
    await curate(app, { pinned: [idOf(30), idOf(40)], hidden: [idOf(30)] });
    const page1 = await feed(app, { limit: 1 });
    expect(ids(page1.media)).toEqual([idOf(40)]);
    await curate(app, { pinned: [idOf(30), idOf(40)] });
    const page2 = await feed(app, { limit: 3, after: page1.paging.next! });
    expect(ids(page2.media)).not.toContain(idOf(40));
  });
});

describe('exact paging (fast-check)', () => {
  interface Curated {
    hidden: number[];
    pinned: number[];
    excludeTags: string[];
    includeTags: string[];
    excludeWords: string[];
  }

  /** Our own reading of the rules, for posts 0..TOTAL-1 and ARCHIVED (k = 2000). */
  function visible(k: number, c: Curated): boolean {
    if (c.hidden.includes(k)) return false;
    const tag = TAGS[k % TAGS.length]!;
    const words = (w: string) => (w === 'good morning' ? k % 3 === 0 : w === 'post 1' ? k === 1 : false);
    if (c.excludeTags.includes(tag) || c.excludeWords.some(words)) return false;
    return c.includeTags.length === 0 || c.includeTags.includes(tag);
  }

  const kOfPin = (pin: number | 'archived' | 'missing') => (pin === 'archived' ? 2000 : pin === 'missing' ? -1 : pin);

  it('pages with random limits until next is null: pins first, then the visible rest, no gap, no repeat', async () => {
    const { app } = await setup();
    const ig = mockInstagram();
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          hidden: fc.uniqueArray(fc.integer({ min: 0, max: TOTAL - 1 }), { maxLength: 80 }),
          pinned: fc.uniqueArray(fc.oneof(fc.integer({ min: 0, max: TOTAL - 1 }), fc.constantFrom('archived' as const, 'missing' as const)), { maxLength: 6 }),
          excludeTags: fc.subarray(TAGS, { maxLength: 2 }),
          includeTags: fc.subarray(TAGS, { maxLength: 3 }),
          excludeWords: fc.subarray(['good morning', 'post 1']),
        }),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 6 }),
        async (generated, limits) => {
          const c: Curated = { ...generated, pinned: [] };
          const pinIds = generated.pinned.map(pin => (pin === 'archived' ? ARCHIVED : pin === 'missing' ? MISSING : idOf(pin)));
          await curate(app, {
            hidden: c.hidden.map(idOf),
            pinned: pinIds,
            include: { hashtags: c.includeTags },
            exclude: { hashtags: c.excludeTags, words: c.excludeWords },
          });
          const expectedPins = generated.pinned
            .map((pin, i) => ({ pin, id: pinIds[i]! }))
            .filter(({ pin }) => pin !== 'missing' && visible(kOfPin(pin), c))
            .map(({ id }) => id);
          const rest = range(0, TOTAL).filter(id => !pinIds.includes(id) && visible(kOf(id), c));
          const { media, pages } = await pageAll(app, limits);
          expect(ids(media)).toEqual([...expectedPins, ...rest]);
          expect(media.map(m => m.pinned)).toEqual([...expectedPins.map(() => true), ...rest.map(() => false)]);
          // Every page but the last is full.
          for (const [i, page] of pages.slice(0, -1).entries()) expect(page.media.length).toBe(limits[i % limits.length]);
        },
      ),
      { numRuns: 40 },
    );
    // However often the curation changed: each chunk fetched once, each pinned post fetched by id at most once.
    expect(ig.calls.filter(c => c.endpoint === 'media').map(c => c.chunk)).toEqual([0, 1, 2]);
    const byId = ig.calls.filter(c => c.endpoint === 'media_by_id').map(c => c.id);
    expect(byId.length).toBe(new Set(byId).size);
  }, 60_000);
});

describe('GET /api/feeds/:account?all=1', () => {
  it('shows every post, pins first, each with hidden and why', async () => {
    const { app } = await setup();
    mockInstagram();
    await curate(app, {
      hidden: [idOf(1), idOf(4)],
      pinned: [idOf(4), idOf(8)],
      include: { hashtags: ['coffee', 'tea', 'café'] },
      exclude: { words: ['post 2'] },
    });
    const res = await request(app)
      .get(feedPath({ all: 1, limit: 8 }))
      .expect(200)
      .expect('content-type', 'application/json; charset=utf-8');
    const page = res.body as Feed;
    expect(page.media.map(m => [m.id, m.pinned, m.hidden, m.hiddenReason])).toEqual([
      [idOf(4), true, true, 'hidden'],
      [idOf(8), true, true, 'not_included'],
      [idOf(0), false, false, null],
      [idOf(1), false, true, 'hidden'],
      [idOf(2), false, true, 'excluded'],
      [idOf(3), false, true, 'not_included'],
      [idOf(5), false, false, null],
      [idOf(6), false, false, null],
    ]);
    expect(res.headers['cache-control']).toBe('private, no-store');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    // Paging through ?all=1 reaches every post once.
    let after = page.paging.next;
    const seen = ids(page.media);
    while (after) {
      const next = (
        await request(app)
          .get(feedPath({ all: 1, limit: 50, after }))
          .expect(200)
      ).body as Feed;
      seen.push(...ids(next.media));
      after = next.paging.next;
    }
    expect(seen).toEqual([idOf(4), idOf(8), ...range(0, TOTAL).filter(id => id !== idOf(4) && id !== idOf(8))]);
  });

  it('has no CORS header even for an allowed origin, while the public feed has one', async () => {
    const { app } = await setup({ ALLOWED_ORIGINS: 'https://blog.example' });
    mockInstagram();
    const all = await request(app)
      .get(feedPath({ all: 1 }))
      .set('Origin', 'https://blog.example')
      .expect(200);
    expect(all.headers['access-control-allow-origin']).toBeUndefined();
    const pub = await request(app).get(feedPath()).set('Origin', 'https://blog.example').expect(200);
    expect(pub.headers['access-control-allow-origin']).toBe('https://blog.example');
  });

  it('is refused to visitors: 403 without ADMIN_PASSWORD from elsewhere, 401 with it', async () => {
    const { app } = await setup();
    mockInstagram();
    expect(
      (
        await request(app)
          .get(feedPath({ all: 1 }))
          .set('X-Forwarded-For', '198.51.100.7')
          .expect(403)
      ).body.error.code,
    ).toBe('admin_only');
    const locked = await setup({ ADMIN_PASSWORD: 'correct horse battery' });
    expect(
      (
        await request(locked.app)
          .get(feedPath({ all: 1 }))
          .expect(401)
      ).body.error.code,
    ).toBe('unauthorized');
    const ok = await request(locked.app)
      .get(feedPath({ all: 1 }))
      .auth('admin', 'correct horse battery')
      .expect(200);
    expect(ok.body.media[0]).toHaveProperty('hidden', false);
  });

  it('answers 400 for another value of all, and for a merged feed', async () => {
    const { app, store } = await setup();
    mockInstagram();
    expect(
      (
        await request(app)
          .get(feedPath({ all: 'yes' }))
          .expect(400)
      ).body.error.code,
    ).toBe('invalid_all');
    expect(
      (
        await request(app)
          .get(feedPath({ all: '' }))
          .expect(400)
      ).body.error.code,
    ).toBe('invalid_all');
    await store.upsert(testAccount(T0, { id: '17841400000000002', username: 'harbour.bakery' }), 'IGAAother-token-0123456789');
    expect((await request(app).get(`/api/feeds/${USER},harbour.bakery?all=1`).expect(400)).body.error.code).toBe('invalid_accounts');
  });

  it('is never served by the fast path, nor from the cache of the public page', async () => {
    const { app, feeds } = await setup();
    mockInstagram();
    await curate(app, { hidden: [idOf(0)] });
    const pub = await feed(app, { limit: 12 });
    expect(
      (
        await request(app)
          .get(feedPath({ limit: 12 }))
          .expect(200)
      ).headers['x-cache'],
    ).toBe('hit');
    const cachedPage = vi.spyOn(feeds, 'cachedPage');
    const getAllPage = vi.spyOn(feeds, 'getAllPage');
    // A visitor asking for the moderation view of a warm page gets the refusal, not a cached page.
    await request(app)
      .get(feedPath({ limit: 12, all: 1 }))
      .set('X-Forwarded-For', '198.51.100.7')
      .expect(403);
    await request(app)
      .get(`${feedPath({ limit: 12 })}&all=1&all=1`)
      .set('X-Forwarded-For', '198.51.100.7')
      .expect(400);
    for (let i = 0; i < 2; i++) {
      const admin = await request(app)
        .get(feedPath({ limit: 12, all: 1 }))
        .expect(200);
      expect(admin.headers['x-cache']).toBeUndefined();
      expect(admin.body.media[0]).toMatchObject({ id: idOf(0), hidden: true, hiddenReason: 'hidden' });
    }
    expect(cachedPage).not.toHaveBeenCalled();
    expect(getAllPage).toHaveBeenCalledTimes(2);
    // ... and the public page stays what it was.
    expect(ids((await feed(app, { limit: 12 })).media)).toEqual(ids(pub.media));
  });
});
