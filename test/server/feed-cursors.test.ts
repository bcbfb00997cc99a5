// Paging cursors (issue time, key id, rotation, expiry) and failures of later chunks, which must not
// put the whole account into backoff.
import { createHmac, randomBytes } from 'node:crypto';
import nock from 'nock';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { deriveKey } from '../../server/accounts/crypto.js';
import { CHUNK_SIZE, CURSOR_LIFETIME_MS } from '../../server/feed/feed-service.js';
import { CursorCodec } from '../../server/feed/cursor.js';
import type { Feed } from '../../widget/contract.js';
import { type buildApp, GRAPH, testAccount, testConfig } from './helpers/setup.js';
import { useApps } from './helpers/apps.js';

const TOKEN = 'IGAAcursor-test-token-0123456789';
const ID = '17841400000000001';
const T0 = Date.parse('2026-11-28T12:00:00Z');
const TTL = 3600_000;
let now = T0;

const account = () => testAccount(T0 - 86_400_000, { id: ID });

function graphItems(from: number, count: number) {
  const oe = Math.floor((T0 + 30 * 86_400_000) / 1000).toString(16);
  return Array.from({ length: count }, (_, i) => ({
    id: String(1000 + from + i),
    media_type: 'IMAGE',
    media_url: `https://scontent.cdninstagram.com/${from + i}.jpg?oh=abc&oe=${oe}`,
    permalink: `https://www.instagram.com/p/P${from + i}/`,
    timestamp: new Date(T0 - (from + i) * 3600_000).toISOString().replace('.000Z', '+0000'),
  }));
}

type Reply = [number, unknown];
const ERRORS: Record<string, Reply> = {
  500: [500, { error: { message: 'An unexpected error has occurred', type: 'IGApiException', code: 2, is_transient: true } }],
  auth: [400, { error: { message: 'Error validating access token: the session has been invalidated', type: 'OAuthException', code: 190, error_subcode: 460 } }],
  rateLimit: [400, { error: { message: '(#80002) There have been too many calls', type: 'OAuthException', code: 80002 } }],
};

/**
 * /me/media in 3 chunks of CHUNK_SIZE; Instagram's cursor `QVFIchunk<n>` starts chunk n. `fail(n)` may
 * answer chunk n with an error instead. Counts calls per chunk.
 */
function mockMedia(fail: (chunk: number) => Reply | undefined = () => undefined) {
  const calls = [0, 0, 0];
  nock(GRAPH)
    .get('/v23.0/me/media')
    .query(true)
    .reply(uri => {
      const url = new URL(typeof uri === 'string' ? uri : (uri as unknown as Request).url, GRAPH);
      const n = Number(/^QVFIchunk(\d)$/.exec(url.searchParams.get('after') ?? '')?.[1] ?? 0);
      calls[n]!++;
      const failure = fail(n);
      if (failure) return failure as nock.ReplyFnResult;
      const next = n < 2 ? { next: `${GRAPH}/v23.0/me/media?access_token=${TOKEN}&after=QVFIchunk${n + 1}` } : {};
      return [200, { data: graphItems(n * CHUNK_SIZE, CHUNK_SIZE), paging: { cursors: { after: `QVFIchunk${n + 1}` }, ...next } }];
    })
    .persist();
  nock(GRAPH).get('/v23.0/me').query(true).reply(200, { id: '1', user_id: ID, username: 'northshore.coffee', account_type: 'BUSINESS' }).persist();
  return calls;
}

const apps = useApps();
async function setup(env: Record<string, string> = {}, reuse?: Awaited<ReturnType<typeof buildApp>>) {
  const config = reuse && testConfig(reuse.dir, env);
  const ctx = await apps.build({ env, now: () => now, reuse: reuse && { dir: reuse.dir, config: config! } });
  if (!reuse) await ctx.store.upsert(account(), TOKEN);
  return ctx;
}

afterEach(() => {
  now = T0;
});

const feedOf = (res: request.Response) => res.body as Feed;
type App = Awaited<ReturnType<typeof buildApp>>['app'];
const page = (app: App, after?: string | null, limit = CHUNK_SIZE) =>
  request(app).get(`/api/feeds/northshore.coffee?limit=${limit}${after ? `&after=${encodeURIComponent(after)}` : ''}`);

describe('paging cursors', () => {
  it('stay valid across a key rotation while the old key is listed in TOKEN_ENCRYPTION_KEYS_OLD', async () => {
    const oldKey = randomBytes(32).toString('base64');
    const first = await setup({ TOKEN_ENCRYPTION_KEY: oldKey });
    mockMedia();
    const next = feedOf(await page(first.app, null, 20).expect(200)).paging.next!;

    const rotated = await setup({ TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'), TOKEN_ENCRYPTION_KEYS_OLD: oldKey }, first);
    const res = await page(rotated.app, next, 20).expect(200);
    expect(feedOf(res).media[0]!.id).toBe('1020');
    // New cursors are signed with the new key: they work once the old key is dropped too.
    const newer = feedOf(res).paging.next!;
    expect(newer.split('.')[0]).not.toBe(next.split('.')[0]);
  });

  it('are refused as invalid_cursor under a key the server does not know, or when altered', async () => {
    const { app } = await setup();
    mockMedia();
    const foreign = new CursorCodec([randomBytes(32)], () => now).encode({
      streams: [{ account: ID, chunk: null, offset: 20, depth: 0 }],
      pinIndex: 0,
      pinSets: [''],
    });
    const res = await page(app, foreign, 20).expect(400).expect('content-type', /json/);
    expect(res.body.error.code).toBe('invalid_cursor');
    // A known key id does not help a forger: the same id and signature over another payload.
    const next = feedOf(await page(app, null, 20).expect(200)).paging.next!;
    const [id, , signature] = next.split('.');
    const forged = `${id}.${Buffer.from(JSON.stringify([[[ID, 'QVFIchunk2', 0, 2]], 0, [''], Math.floor(T0 / 1000)])).toString('base64url')}.${signature}`;
    expect((await page(app, forged).expect(400)).body.error.code).toBe('invalid_cursor');
  });

  it(`expire after ${CURSOR_LIFETIME_MS / 3600_000} h with 400 expired_cursor, even when their page is warm`, async () => {
    // A long TTL keeps the chunk fresh, so the page behind the cursor stays warm (the fast path's case).
    const { app } = await setup({ FEED_TTL_SECONDS: String(7 * 86_400) });
    mockMedia();
    const next = feedOf(await page(app, null, 20).expect(200)).paging.next!;
    now += CURSOR_LIFETIME_MS - 60_000;
    expect((await page(app, next, 20).expect(200)).headers['x-cache']).toBe('hit');
    now += 61_000;
    const res = await page(app, next, 20).expect(400).expect('content-type', /json/);
    expect(res.body).toEqual({ error: { code: 'expired_cursor', message: expect.stringMatching(/first page/) } });
    expect(res.headers['access-control-allow-origin']).toBe('*');
  });

  it('hand out fresh cursors: a memoised page is rendered again before its cursor gets old', async () => {
    const { app } = await setup({ FEED_TTL_SECONDS: String(7 * 86_400) });
    mockMedia();
    const first = feedOf(await page(app, null, 20).expect(200)).paging.next!;
    now += 2 * 3600_000;
    const later = feedOf(await page(app, null, 20).expect(200)).paging.next!;
    expect(later).not.toBe(first);
    now += CURSOR_LIFETIME_MS - 60_000;
    await page(app, later, 20).expect(200);
  });

  it('of the earlier format (no issue time) count as expired when genuine, invalid when forged', async () => {
    const { app, config } = await setup();
    mockMedia();
    const key = deriveKey(config.tokenKey!, 'feed-cursor');
    const payload = Buffer.from(JSON.stringify([ID, null, 20])).toString('base64url');
    const legacy = `${payload}.${createHmac('sha256', key).update(payload).digest('base64url').slice(0, 22)}`;
    expect((await page(app, legacy).expect(400)).body.error.code).toBe('expired_cursor');
    expect((await page(app, `${payload}.AAAAAAAAAAAAAAAAAAAAAA`).expect(400)).body.error.code).toBe('invalid_cursor');
  });
});

describe('when a later chunk fails', () => {
  /** The first page (chunk 0) warm, and the cursor of the page that starts chunk 1. */
  async function warm(fail: (chunk: number) => Reply | undefined) {
    const ctx = await setup();
    const calls = mockMedia(fail);
    const next = feedOf(await page(ctx.app).expect(200)).paging.next!;
    expect(calls).toEqual([1, 0, 0]);
    return { ...ctx, calls, next };
  }

  it('backs off that chunk only: the first page stays fresh, its refresh still calls Instagram', async () => {
    let deepDown = true;
    const { app, store, calls, next } = await warm(n => (n === 1 && deepDown ? ERRORS[500] : undefined));
    now += TTL + 1000; // the first chunk is due for a refresh
    expect((await page(app, next).expect(503)).body.error.code).toBe('feed_unavailable');
    expect(calls[1]).toBe(1);
    const first = await page(app).expect(200);
    expect(feedOf(first).stale).toBe(false);
    await new Promise(r => setTimeout(r, 20));
    expect(calls[0]).toBe(2);
    await request(app).post('/api/accounts/northshore.coffee/sync').expect(200);
    expect(store.get(ID)).toMatchObject({ status: 'active', lastError: null });
    // The failed chunk itself waits out its backoff, then is tried again.
    await page(app, next).expect(503);
    expect(calls[1]).toBe(1);
    deepDown = false;
    now += 31_000;
    await page(app, next).expect(200);
    expect(calls[1]).toBe(2);
  });

  it('marks the account on an auth error, and the account makes no call for any chunk while it backs off', async () => {
    const { app, store, notifier, calls, next } = await warm(n => (n === 1 ? ERRORS.auth : undefined));
    await page(app, next).expect(503);
    expect(store.get(ID)!.status).toBe('reconnect_required');
    expect(notifier.changes.map(c => c.to)).toEqual(['reconnect_required']);
    expect((await request(app).post('/api/accounts/northshore.coffee/sync').expect(429)).body.error.code).toBe('instagram_backoff');
    now += TTL - 1000; // the first chunk is due for its refresh-ahead, which the backoff holds back
    await page(app).expect(200);
    await page(app, next).expect(503);
    await new Promise(r => setTimeout(r, 20));
    expect(calls).toEqual([1, 1, 0]);
  });

  it('backs off the whole account when Instagram throttles a later chunk', async () => {
    const { app, calls, next } = await warm(n => (n === 1 ? ERRORS.rateLimit : undefined));
    await page(app, next).expect(503);
    expect((await request(app).post('/api/accounts/northshore.coffee/sync').expect(429)).body.error.code).toBe('instagram_backoff');
    expect(calls).toEqual([1, 1, 0]);
  });

  it('makes no call for a later chunk while the account backs off after a failed first chunk', async () => {
    let down = false;
    const { app, calls, next } = await warm(() => (down ? ERRORS[500] : undefined));
    down = true;
    now += TTL + 1000;
    await page(app).expect(200); // serves the copy, and its background refresh fails
    await new Promise(r => setTimeout(r, 20));
    expect(calls[0]).toBe(2);
    await page(app, next).expect(503);
    expect(calls).toEqual([2, 0, 0]);
  });
});
