import { once } from 'node:events';
import { createServer, get } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import request from 'supertest';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { NewAccount } from '../../server/accounts/types.js';
import { CHUNK_SIZE } from '../../server/feed/feed-service.js';
import type { Feed } from '../../widget/contract.js';
import { type buildApp, CLIENT_SECRET, GRAPH, persistedSnapshot } from './helpers/setup.js';
import { useApps } from './helpers/apps.js';

const TOKEN = 'IGAAfeed-test-token-0123456789';
const ID = '17841400000000001';
const T0 = Date.parse('2026-11-28T12:00:00Z');
const TTL = 3600_000;
let now = T0;

function account(): NewAccount {
  return {
    id: ID,
    appScopedId: null,
    username: 'northshore.coffee',
    profile: {
      username: 'northshore.coffee',
      name: 'North Shore',
      accountType: 'BUSINESS',
      profilePictureUrl: null,
      followersCount: 12400,
      followsCount: 5,
      mediaCount: 120,
      biography: 'Coffee',
      website: null,
    },
    tokenIssuedAt: new Date(T0 - 86_400_000).toISOString(),
    tokenExpiresAt: new Date(T0 + 50 * 86_400_000).toISOString(),
  };
}

/** Graph media items `from`..`to` (newest first), with CDN URLs valid for 4 days. */
function graphItems(from: number, count: number, oeMs = T0 + 4 * 86_400_000) {
  const oe = Math.floor(oeMs / 1000).toString(16);
  return Array.from({ length: count }, (_, i) => ({
    id: String(1000 + from + i),
    media_type: 'IMAGE',
    media_url: `https://scontent.cdninstagram.com/${from + i}.jpg?oh=abc&oe=${oe}`,
    permalink: `https://www.instagram.com/p/P${from + i}/`,
    timestamp: new Date(T0 - (from + i) * 3600_000).toISOString().replace('.000Z', '+0000'),
    caption: `Post ${from + i}`,
  }));
}

interface MediaMock {
  calls: number;
  scope: nock.Scope;
}

/** Serves /me/media: chunk 0 then chunk 1 (via Instagram cursor QVFIchunk1); counts calls. */
function mockMedia(
  reply?: () => nock.ReplyFnResult | Promise<nock.ReplyFnResult>,
  options: { delayMs?: number; total?: number; oeMs?: number } = {},
): MediaMock {
  const total = options.total ?? 30;
  const mock = { calls: 0 } as MediaMock;
  mock.scope = nock(GRAPH)
    .get('/v23.0/me/media')
    .query(true)
    .delay(options.delayMs ?? 0)
    .reply(uri => {
      mock.calls++;
      if (reply) return reply() as nock.ReplyFnResult;
      // nock 15.0.0 hands undici requests over as a Request object rather than a path.
      const url = new URL(typeof uri === 'string' ? uri : (uri as unknown as Request).url, GRAPH);
      const start = url.searchParams.get('after') === 'QVFIchunk1' ? CHUNK_SIZE : 0;
      const count = Math.max(0, Math.min(CHUNK_SIZE, total - start));
      const more = start + count < total;
      return [
        200,
        {
          data: graphItems(start, count, options.oeMs),
          paging: {
            cursors: { before: 'QVFIb', after: 'QVFIchunk1' },
            ...(more ? { next: `${GRAPH}/v23.0/me/media?access_token=${TOKEN}&after=QVFIchunk1` } : {}),
          },
        },
      ];
    })
    .persist();
  return mock;
}

function mockProfile() {
  return nock(GRAPH)
    .get('/v23.0/me')
    .query(true)
    .reply(200, { id: '1', user_id: ID, username: 'northshore.coffee', name: 'North Shore Coffee Co.', account_type: 'BUSINESS', followers_count: 12500 })
    .persist();
}

const apps = useApps();
async function setup(env: Record<string, string> = {}, reuse?: Awaited<ReturnType<typeof buildApp>>) {
  const ctx = await apps.build({ env, now: () => now, reuse: reuse && { dir: reuse.dir, config: reuse.config } });
  if (!reuse) await ctx.store.upsert(account(), TOKEN);
  return ctx;
}

afterEach(() => {
  now = T0;
});

const feedOf = (res: request.Response) => res.body as Feed;

function httpGet(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, res => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', chunk => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    }).on('error', reject);
  });
}

describe('GET /api/feeds/:account', () => {
  describe('with a cold cache', () => {
    it('makes exactly one media call for 200 concurrent requests', async () => {
      const { app } = await setup();
      const media = mockMedia(undefined, { delayMs: 150 });
      mockProfile();
      const server = createServer(app).listen(0, '127.0.0.1');
      await once(server, 'listening');
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      try {
        // node:http with one socket per request: fetch() here goes through nock's agent, which
        // passes loopback requests through one at a time and would hide any concurrency bug.
        const responses = await Promise.all(Array.from({ length: 200 }, () => httpGet(`${base}/api/feeds/northshore.coffee`)));
        const bodies = responses.map(r => r.body);
        expect(responses.map(r => r.status)).toEqual(Array(200).fill(200));
        expect(new Set(bodies).size).toBe(1);
        expect(media.calls).toBe(1);
      } finally {
        server.closeAllConnections();
        server.close();
      }
    });

    it('answers the Feed JSON contract with 12 posts by default and a profile', async () => {
      const { app } = await setup();
      mockMedia();
      mockProfile();
      const res = await request(app).get('/api/feeds/northshore.coffee').expect(200).expect('content-type', 'application/json; charset=utf-8');
      const feed = feedOf(res);
      expect(feed.media).toHaveLength(12);
      expect(feed.media[0]).toMatchObject({
        id: '1000',
        type: 'image',
        caption: 'Post 0',
        timestamp: '2026-11-28T12:00:00.000Z',
        likeCount: null,
        children: [],
      });
      expect(feed.account).toEqual({
        id: ID,
        username: 'northshore.coffee',
        name: 'North Shore Coffee Co.',
        profilePictureUrl: null,
        followersCount: 12500,
        followsCount: null,
        mediaCount: null,
        biography: null,
        website: null,
        profileUrl: 'https://www.instagram.com/northshore.coffee/',
      });
      expect(feed).toMatchObject({ stale: false, fetchedAt: new Date(T0).toISOString() });
      expect(typeof feed.paging.next).toBe('string');
      expect(res.headers['x-cache']).toBe('miss');
    });
  });

  describe('within the TTL', () => {
    it('makes no Instagram call at all, and the account is found by id too', async () => {
      const { app } = await setup();
      const media = mockMedia();
      mockProfile();
      await request(app).get('/api/feeds/northshore.coffee').expect(200);
      now += TTL / 2;
      for (let i = 0; i < 20; i++)
        await request(app)
          .get(`/api/feeds/${i % 2 ? ID : 'NorthShore.Coffee'}`)
          .expect(200)
          .expect('x-cache', 'hit');
      expect(media.calls).toBe(1);
    });
  });

  describe('refresh-ahead', () => {
    it('refetches in the background before the TTL ends, while the visitor gets the cached copy at once', async () => {
      const { app } = await setup();
      const media = mockMedia(undefined, { delayMs: 50 });
      mockProfile();
      await request(app).get('/api/feeds/northshore.coffee').expect(200);
      now += TTL - 4000; // inside the last 5 s of freshness
      const res = await request(app).get('/api/feeds/northshore.coffee').expect(200).expect('x-cache', 'hit');
      expect(feedOf(res).fetchedAt).toBe(new Date(T0).toISOString());
      await new Promise(r => setTimeout(r, 120));
      expect(media.calls).toBe(2);
      const after = await request(app).get('/api/feeds/northshore.coffee').expect(200).expect('x-cache', 'hit');
      expect(feedOf(after).fetchedAt).toBe(new Date(now).toISOString());
    });

    it('the scheduler task refreshes viewed feeds that are due, and leaves fresh or unviewed ones alone', async () => {
      const { app, feeds } = await setup();
      const media = mockMedia();
      mockProfile();
      await request(app).get('/api/feeds/northshore.coffee').expect(200);
      now += TTL - 10_000;
      expect(await feeds.refreshAhead()).toBe(0);
      now += 6_000;
      expect(await feeds.refreshAhead()).toBe(1);
      expect(media.calls).toBe(2);
      now += 3 * TTL; // nobody looked at it since: no more calls
      expect(await feeds.refreshAhead()).toBe(0);
      expect(media.calls).toBe(2);
    });

    it('refetches ahead of time when Instagram CDN URLs expire within the hour', async () => {
      const { app } = await setup();
      const media = mockMedia(undefined, { oeMs: T0 + 30 * 60_000 });
      mockProfile();
      await request(app).get('/api/feeds/northshore.coffee').expect(200);
      now += 61_000; // the copy counts as fresh for a minute at least, then its URLs are too close to expiry
      await request(app).get('/api/feeds/northshore.coffee').expect(200);
      await new Promise(r => setTimeout(r, 20));
      expect(media.calls).toBe(2);
    });
  });

  describe('when Instagram fails', () => {
    const failures: [string, () => nock.ReplyFnResult][] = [
      ['500', () => [500, { error: { message: 'An unexpected error has occurred', type: 'IGApiException', code: 2, is_transient: true } }]],
      ['malformed JSON', () => [200, '{"data":[{"id":']],
      [
        '190 expired',
        () => [400, { error: { message: 'Error validating access token: Session has expired', type: 'OAuthException', code: 190, error_subcode: 463 } }],
      ],
      ['rate limit code 80002', () => [400, { error: { message: '(#80002) There have been too many calls', type: 'OAuthException', code: 80002 } }]],
      ['rate limit code 4 with a 429', () => [429, { error: { message: 'Application request limit reached', type: 'OAuthException', code: 4 } }]],
    ];

    it.each(failures)('serves the last good copy with stale: true on %s', async (_name, failure) => {
      const { app } = await setup();
      let fail = false;
      const media = mockMedia(() => (fail ? failure() : [200, { data: graphItems(0, 20) }]));
      mockProfile();
      const fresh = feedOf(await request(app).get('/api/feeds/northshore.coffee').expect(200));
      fail = true;
      now += 2.5 * TTL;
      const res = await request(app).get('/api/feeds/northshore.coffee').expect(200).expect('x-cache', 'stale');
      expect(feedOf(res).stale).toBe(true);
      expect(feedOf(res).media).toEqual(fresh.media);
      expect(res.headers['cache-control']).toMatch(/max-age=60/);
      expect(media.calls).toBe(2);
    });

    it('serves stale on a timeout, bounded by INSTAGRAM_TIMEOUT_MS', async () => {
      const { app } = await setup({ INSTAGRAM_TIMEOUT_MS: '200' });
      mockMedia(undefined, { total: 20 });
      mockProfile();
      await request(app).get('/api/feeds/northshore.coffee').expect(200);
      nock.cleanAll();
      nock(GRAPH).get('/v23.0/me/media').query(true).delay(1_000).reply(200, { data: [] });
      now += 2.5 * TTL;
      const started = Date.now();
      const res = await request(app).get('/api/feeds/northshore.coffee').expect(200);
      expect(Date.now() - started).toBeLessThan(900);
      expect(feedOf(res).stale).toBe(true);
    });

    it('pauses the account for estimated_time_to_regain_access (header form): no call, served stale', async () => {
      const { app } = await setup();
      const usage = `{"${ID}":[{"type":"instagram","call_count":95,"total_cputime":10,"total_time":10,"estimated_time_to_regain_access":120}]}`;
      const media = mockMedia(() => [200, { data: graphItems(0, 5) }, { 'x-business-use-case-usage': usage }]);
      mockProfile();
      await request(app).get('/api/feeds/northshore.coffee').expect(200);
      now += TTL + 1000;
      const res = await request(app).get('/api/feeds/northshore.coffee').expect(200);
      expect(feedOf(res).stale).toBe(true);
      expect(media.calls).toBe(1);
    });

    it('pauses an account whose quota use passes 80% even before Instagram refuses', async () => {
      const { app } = await setup();
      const usage = '{"app":[{"type":"instagram","call_count":85,"total_cputime":1,"total_time":1}]}';
      const media = mockMedia(() => [200, { data: graphItems(0, 5) }, { 'x-business-use-case-usage': usage }]);
      mockProfile();
      await request(app).get('/api/feeds/northshore.coffee').expect(200);
      const res = await request(app).post('/api/accounts/northshore.coffee/sync').expect(429);
      expect(res.body.error.code).toBe('instagram_backoff');
      expect(media.calls).toBe(1);
    });

    it('still serves the last good copy after a restart over the same DATA_DIR', async () => {
      const first = await setup();
      mockMedia(undefined, { total: 20 });
      mockProfile();
      const fresh = feedOf(await request(first.app).get('/api/feeds/northshore.coffee').expect(200));
      nock.cleanAll();
      const snapshot = await persistedSnapshot(first, ID);
      expect(snapshot).not.toContain(TOKEN);

      const restarted = await setup({}, first);
      now += 3 * TTL;
      mockMedia(() => [500, { error: { message: 'down', type: 'IGApiException', code: 1 } }]);
      const res = await request(restarted.app).get('/api/feeds/northshore.coffee').expect(200);
      expect(feedOf(res).stale).toBe(true);
      expect(feedOf(res).media).toEqual(fresh.media);
    });

    it('answers 503 with Retry-After when there is no copy at all', async () => {
      const { app } = await setup();
      mockMedia(() => [500, {}]);
      const res = await request(app).get('/api/feeds/northshore.coffee').expect(503);
      expect(res.body.error.code).toBe('feed_unavailable');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    });

    it('makes no Instagram call during backoff, however many requests arrive', async () => {
      const { app } = await setup();
      const media = mockMedia(() => [500, {}]);
      await request(app).get('/api/feeds/northshore.coffee').expect(503);
      for (let i = 0; i < 50; i++) await request(app).get('/api/feeds/northshore.coffee').expect(503);
      expect(media.calls).toBe(1);
      now += 31_000; // first backoff is 30 s (jitter fixed at its maximum in tests)
      await request(app).get('/api/feeds/northshore.coffee').expect(503);
      expect(media.calls).toBe(2);
      now += 31_000; // the second backoff doubled to 60 s
      await request(app).get('/api/feeds/northshore.coffee').expect(503);
      expect(media.calls).toBe(2);
    });

    it('marks an account whose token died, notifies once, and keeps serving its last good copy', async () => {
      const { app, store, notifier } = await setup();
      let fail = false;
      mockMedia(() =>
        fail ? [400, { error: { message: 'invalidated', type: 'OAuthException', code: 190, error_subcode: 460 } }] : [200, { data: graphItems(0, 3) }],
      );
      mockProfile();
      await request(app).get('/api/feeds/northshore.coffee').expect(200);
      fail = true;
      now += 2.5 * TTL;
      for (let i = 0; i < 5; i++) expect(feedOf(await request(app).get('/api/feeds/northshore.coffee').expect(200)).stale).toBe(true);
      expect(store.get(ID)!.status).toBe('reconnect_required');
      expect(notifier.changes.map(c => c.to)).toEqual(['reconnect_required']);
    });

    it('never lets a token or the client secret reach a response or a log line', async () => {
      const { app, logger } = await setup();
      mockMedia(() => [400, { error: { message: `Invalid token ${TOKEN} for client_secret=${CLIENT_SECRET}`, type: 'OAuthException', code: 190 } }]);
      const responses = [await request(app).get('/api/feeds/northshore.coffee'), await request(app).get('/api/accounts')];
      const everything = [...responses.map(r => JSON.stringify(r.headers) + r.text), ...logger.lines].join('\n');
      expect(everything).not.toContain(TOKEN);
      expect(everything).not.toContain(CLIENT_SECRET);
    });
  });

  describe('paging', () => {
    it('walks every post exactly once through `after` cursors, across Instagram chunks', async () => {
      const { app } = await setup();
      const media = mockMedia(undefined, { total: 75 });
      mockProfile();
      const ids: string[] = [];
      let after: string | null = null;
      let pages = 0;
      do {
        const url: string = `/api/feeds/northshore.coffee?limit=20${after ? `&after=${encodeURIComponent(after)}` : ''}`;
        const feed = feedOf(await request(app).get(url).expect(200));
        ids.push(...feed.media.map(m => m.id));
        after = feed.paging.next;
        pages++;
      } while (after && pages < 10);
      expect(ids).toEqual(Array.from({ length: 75 }, (_, i) => String(1000 + i)));
      expect(pages).toBe(4);
      expect(media.calls).toBe(2);
      expect(JSON.stringify(ids)).not.toContain('QVFI');
    });

    it('refuses bad limits and cursors with 400, never 5xx', async () => {
      const { app } = await setup();
      mockMedia();
      mockProfile();
      for (const limit of ['0', '101', 'abc', '-1', '1.5', '']) {
        const res = await request(app).get(`/api/feeds/northshore.coffee?limit=${limit}`).expect(400);
        expect(res.body.error.code).toBe('invalid_limit');
      }
      await request(app).get('/api/feeds/northshore.coffee?limit=1&limit=2').expect(400);
      for (const after of ['garbage', 'QVFIchunk1', 'a.b', 'WyIxIixudWxsLDEyXQ.AAAAAAAAAAAAAAAAAAAAAA']) {
        const res = await request(app).get(`/api/feeds/northshore.coffee?after=${after}`).expect(400);
        expect(res.body.error.code).toBe('invalid_cursor');
      }
    });

    it('refuses a cursor issued for another account', async () => {
      const { app, store } = await setup();
      await store.upsert({ ...account(), id: '17841400000000002', username: 'lena.travels' }, 'IGAAother');
      mockMedia();
      mockProfile();
      const next = feedOf(await request(app).get('/api/feeds/northshore.coffee').expect(200)).paging.next!;
      await request(app)
        .get(`/api/feeds/lena.travels?after=${encodeURIComponent(next)}`)
        .expect(400);
    });
  });

  describe('HTTP caching and CORS', () => {
    it('sends an ETag and answers 304 to If-None-Match, with public cache headers', async () => {
      const { app } = await setup();
      mockMedia();
      mockProfile();
      const res = await request(app).get('/api/feeds/northshore.coffee').expect(200);
      expect(res.headers.etag).toMatch(/^"[\w-]+"$/);
      expect(res.headers['cache-control']).toBe('public, max-age=300, stale-while-revalidate=3600, stale-if-error=86400');
      await request(app).get('/api/feeds/northshore.coffee').set('If-None-Match', res.headers.etag).expect(304);
    });

    it('allows any origin by default, including on errors', async () => {
      const { app } = await setup();
      await request(app).get('/api/feeds/nobody').set('Origin', 'https://blog.example').expect(404).expect('access-control-allow-origin', '*');
    });

    it('with ALLOWED_ORIGINS, echoes only listed origins and varies on Origin', async () => {
      const { app } = await setup({ ALLOWED_ORIGINS: 'https://blog.example' });
      mockMedia();
      mockProfile();
      const ok = await request(app).get('/api/feeds/northshore.coffee').set('Origin', 'https://blog.example').expect(200);
      expect(ok.headers['access-control-allow-origin']).toBe('https://blog.example');
      expect(ok.headers.vary).toMatch(/Origin/);
      const other = await request(app).get('/api/feeds/northshore.coffee').set('Origin', 'https://evil.example').expect(200);
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('the fast path for warm pages (answered before Express)', () => {
    // The canonical path of a warm page is answered by feedFastPath (FeedService.cachedPage); any other
    // spelling Express routes to the same page (here a trailing slash) goes through the Express route
    // (FeedService.getPage). Both must send the same thing.
    // Date and RateLimit-Remaining differ from one request to the next.
    const comparable = (headers: Record<string, unknown>) =>
      Object.fromEntries(Object.entries(headers).filter(([name]) => name !== 'date' && name !== 'ratelimit-remaining'));

    it.each([
      ['a plain GET', {}, (r: request.Test) => r],
      ['an allow-listed origin', { ALLOWED_ORIGINS: 'https://blog.example' }, (r: request.Test) => r.set('Origin', 'https://blog.example')],
      ['an origin not on the list', { ALLOWED_ORIGINS: 'https://blog.example' }, (r: request.Test) => r.set('Origin', 'https://evil.example')],
    ] as const)('sends the same status, headers and bytes as the Express route for %s', async (_name, env, decorate) => {
      const { app, feeds } = await setup(env);
      mockMedia();
      mockProfile();
      await request(app).get('/api/feeds/northshore.coffee?limit=5').expect(200);
      const getPage = vi.spyOn(feeds, 'getPage');
      const fast = await decorate(request(app).get('/api/feeds/northshore.coffee?limit=5')).expect(200);
      expect(getPage).not.toHaveBeenCalled();
      const routed = await decorate(request(app).get('/api/feeds/northshore.coffee/?limit=5')).expect(200);
      expect(getPage).toHaveBeenCalledTimes(1);
      expect(fast.text).toBe(routed.text);
      expect(comparable(fast.headers)).toEqual(comparable(routed.headers));
      expect(fast.headers['x-cache']).toBe('hit');
      expect(feedOf(fast).media).toHaveLength(5);
    });

    it('answers HEAD and If-None-Match like the Express route', async () => {
      const { app, feeds } = await setup();
      mockMedia();
      mockProfile();
      const first = await request(app).get('/api/feeds/northshore.coffee').expect(200);
      const getPage = vi.spyOn(feeds, 'getPage');
      const head = await request(app).head('/api/feeds/northshore.coffee').expect(200);
      expect(head.headers['content-length']).toBe(first.headers['content-length']);
      expect(head.text ?? '').toBe('');
      const notModified = await request(app).get('/api/feeds/northshore.coffee').set('If-None-Match', `"other", ${first.headers.etag}`).expect(304);
      expect(notModified.headers.etag).toBe(first.headers.etag);
      expect(getPage).not.toHaveBeenCalled();
    });

    it('leaves bad parameters, unknown accounts and foreign cursors to the Express route and its errors', async () => {
      const { app } = await setup();
      mockMedia();
      mockProfile();
      await request(app).get('/api/feeds/northshore.coffee').expect(200);
      expect((await request(app).get('/api/feeds/northshore.coffee?limit=0').expect(400)).body.error.code).toBe('invalid_limit');
      expect((await request(app).get('/api/feeds/northshore.coffee?limit=5&limit=6').expect(400)).body.error.code).toBe('invalid_limit');
      expect((await request(app).get('/api/feeds/northshore.coffee?after=forged').expect(400)).body.error.code).toBe('invalid_cursor');
      expect((await request(app).get('/api/feeds/nobody').expect(404)).body.error.code).toBe('account_not_found');
      await request(app).post('/api/feeds/northshore.coffee').expect(404);
    });

    it('counts warm pages against the rate limit: the request past it gets the 429 envelope with CORS headers', async () => {
      const { app } = await setup({ RATE_LIMIT_PER_MINUTE: '5' });
      mockMedia();
      mockProfile();
      for (let i = 0; i < 5; i++) {
        const res = await request(app).get('/api/feeds/northshore.coffee').expect(200);
        expect(res.headers['ratelimit-remaining']).toBe(String(4 - i));
      }
      const limited = await request(app).get('/api/feeds/northshore.coffee').expect(429);
      expect(limited.body.error.code).toBe('rate_limited');
      expect(limited.headers['access-control-allow-origin']).toBe('*');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    });

    it('with TRUST_PROXY, limits each forwarded client separately, as req.ip does', async () => {
      const { app } = await setup({ RATE_LIMIT_PER_MINUTE: '3', TRUST_PROXY: 'loopback' });
      mockMedia();
      mockProfile();
      const from = (client: string) => request(app).get('/api/feeds/northshore.coffee').set('X-Forwarded-For', client);
      for (let i = 0; i < 3; i++) await from('203.0.113.7').expect(200);
      await from('203.0.113.7').expect(429);
      await from('198.51.100.2').expect(200);
    });
  });

  it('answers 404 JSON for unknown accounts and 400 for impossible names', async () => {
    const { app } = await setup();
    expect((await request(app).get('/api/feeds/nobody').expect(404)).body.error.code).toBe('account_not_found');
    expect((await request(app).get('/api/feeds/%2e%2e%2f%2e%2e%2fetc').expect(400)).body.error.code).toBe('invalid_account');
  });

  it('POST /api/accounts/:account/sync refetches now', async () => {
    const { app, store } = await setup();
    const media = mockMedia();
    mockProfile();
    const res = await request(app).post('/api/accounts/northshore.coffee/sync').expect(200);
    expect(res.body.account.lastFetchAt).toBe(new Date(T0).toISOString());
    expect(media.calls).toBe(1);
    expect(store.get(ID)!.profile.name).toBe('North Shore Coffee Co.');
  });
});
