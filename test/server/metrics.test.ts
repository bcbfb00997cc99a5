// GET /metrics: who may read it (an admin, or the METRICS_TOKEN bearer), and that after real traffic
// the Prometheus text says exactly what happened: feed answers by route and cache verdict, Instagram
// calls as many as Instagram saw, accounts, token expiry, quota use, the mirror, failed writes.
import { mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import nock from 'nock';
import request from 'supertest';
import { describe, expect, it, vi } from 'vitest';
import { createMediaMirror } from '../../server/mirror/mirror.js';
import { createMemoryLogger } from '../../server/runtime/logger.js';
import { CDN, cdnUrl, makeImage } from './mirror-helpers.js';
import { API, type buildApp, CLIENT_SECRET, clusterRedisUrl, GRAPH, testAccount, type BuildOptions } from './helpers/setup.js';
import { useApps } from './helpers/apps.js';

const TOKEN = 'IGAAmetrics-access-token-0123456789';
const OTHER_TOKEN = 'IGAAmetrics-other-token-9876543210';
const PASSWORD = 'metrics-admin-password-0123';
const METRICS_TOKEN = 'scrape-token-0123456789abcdef0123';
const T0 = Date.parse('2026-11-28T12:00:00Z');
const ID = '17841400000000001';
const ROUTE = '/api/feeds/:account';

const apps = useApps();
async function setup(options: BuildOptions = {}) {
  const ctx = await apps.build({ now: () => T0, ...options });
  return ctx;
}

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** The exposition text, strictly: every line is a comment (HELP, TYPE) or a sample, or the test fails. */
function parseMetrics(text: string) {
  const samples: Sample[] = [];
  const help = new Map<string, string>();
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const comment = /^# (HELP|TYPE) ([a-zA-Z_:][\w:]*) (.*)$/.exec(line);
    if (comment) {
      (comment[1] === 'HELP' ? help : types).set(comment[2]!, comment[3]!);
      continue;
    }
    const sample = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!sample) throw new Error(`Not a metrics line: ${line}`);
    const labels: Record<string, string> = {};
    const pairs = sample[2] ?? '';
    const label = /([a-zA-Z_]\w*)="((?:[^"\\]|\\.)*)"(,|$)/y;
    while (label.lastIndex < pairs.length) {
      const match = label.exec(pairs);
      if (!match) throw new Error(`Bad labels: ${line}`);
      labels[match[1]!] = match[2]!.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
    }
    // As Prometheus reads them (Go's ParseFloat): prom-client writes NaN as `Nan`.
    const value = sample[3] === '+Inf' ? Infinity : sample[3] === '-Inf' ? -Infinity : Number(sample[3]);
    if (Number.isNaN(value) && sample[3]!.toLowerCase() !== 'nan') throw new Error(`Bad value: ${line}`);
    samples.push({ name: sample[1]!, labels, value });
  }
  /** The sum of the samples named `name` whose labels include `labels` (0 when there are none). */
  const sum = (name: string, labels: Record<string, string> = {}) =>
    samples.filter(s => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v)).reduce((total, s) => total + s.value, 0);
  /** The one sample named `name` with exactly these labels. */
  const only = (name: string, labels: Record<string, string> = {}) => {
    const found = samples.filter(s => s.name === name && JSON.stringify(Object.entries(s.labels).sort()) === JSON.stringify(Object.entries(labels).sort()));
    expect(found, `${name} ${JSON.stringify(labels)}`).toHaveLength(1);
    return found[0]!.value;
  };
  return { samples, help, types, sum, only };
}

type App = Awaited<ReturnType<typeof buildApp>>['app'];

async function scrape(app: App, auth?: (req: request.Test) => request.Test) {
  const req = request(app).get('/metrics');
  const res = await (auth ? auth(req) : req).expect(200);
  expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
  expect(res.headers['cache-control']).toBe('no-store');
  return { text: res.text, ...parseMetrics(res.text) };
}

/** Graph media of `count` images on Instagram's CDN; counts the calls. */
function mockMedia(count = 3, headers: Record<string, string> = {}) {
  const seen = { calls: 0 };
  const oe = Math.floor((T0 + 4 * 86_400_000) / 1000).toString(16);
  const data = Array.from({ length: count }, (_, i) => ({
    id: String(1000 + i),
    media_type: 'IMAGE',
    media_url: cdnUrl(`/v/t51.2885-15/${i}.jpg`).replace('oe=6A1B2C3D', `oe=${oe}`),
    permalink: `https://www.instagram.com/p/P${i}/`,
    timestamp: new Date(T0 - i * 3600_000).toISOString().replace('.000Z', '+0000'),
  }));
  nock(GRAPH)
    .get('/v23.0/me/media')
    .query(true)
    .reply(() => {
      seen.calls++;
      return [200, { data, paging: {} }, headers];
    })
    .persist();
  return seen;
}

function mockProfile() {
  const seen = { calls: 0 };
  nock(GRAPH)
    .get('/v23.0/me')
    .query(true)
    .reply(() => {
      seen.calls++;
      return [200, { id: '1', user_id: ID, username: 'northshore.coffee', account_type: 'BUSINESS' }];
    })
    .persist();
  return seen;
}

describe('GET /metrics', () => {
  describe('with ADMIN_PASSWORD set', () => {
    it('answers 401 in the error envelope without credentials, and the metrics to the admin', async () => {
      const { app } = await setup({ env: { ADMIN_PASSWORD: PASSWORD } });
      const res = await request(app).get('/metrics').expect(401);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.body).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
      expect(res.headers['www-authenticate']).toMatch(/^Basic /);
      await request(app).get('/metrics').auth('admin', 'wrong-password').expect(401);
      const { types } = await scrape(app, req => req.auth('admin', PASSWORD));
      expect(types.get('instagram_feed_http_requests_total')).toBe('counter');
    });

    it('does not take a bearer token as a password when METRICS_TOKEN is unset', async () => {
      const { app } = await setup({ env: { ADMIN_PASSWORD: PASSWORD } });
      await request(app).get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`).expect(401);
      await request(app).get('/metrics').set('Authorization', `Bearer ${PASSWORD}`).expect(401);
    });
  });

  describe('with METRICS_TOKEN set', () => {
    it('answers the right bearer token, from any address and Host, and 401 to a wrong one', async () => {
      const { app } = await setup({ env: { ADMIN_PASSWORD: PASSWORD, METRICS_TOKEN } });
      await scrape(app, req => req.set('Authorization', `Bearer ${METRICS_TOKEN}`).set('Host', 'metrics.internal:9100').set('X-Forwarded-For', '10.0.0.7'));
      await scrape(app, req => req.auth('admin', PASSWORD));
      const sameLength = `${METRICS_TOKEN.slice(0, -1)}x`;
      for (const wrong of [sameLength, `${METRICS_TOKEN}0`, 'short', PASSWORD]) {
        const res = await request(app).get('/metrics').set('Authorization', `Bearer ${wrong}`).expect(401);
        expect(res.body).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
        expect(res.headers['www-authenticate']).toMatch(/^Bearer /);
      }
      await request(app).get('/metrics').expect(401);
    });

    it('refuses a wrong bearer token even from loopback, where no password is needed', async () => {
      const { app } = await setup({ env: { METRICS_TOKEN } });
      await scrape(app);
      await request(app).get('/metrics').set('Authorization', 'Bearer not-the-metrics-token').expect(401);
    });
  });

  describe('without ADMIN_PASSWORD', () => {
    it('answers clients on this machine only, on our own Host', async () => {
      const { app } = await setup();
      await scrape(app);
      expect((await request(app).get('/metrics').set('X-Forwarded-For', '203.0.113.9').expect(403)).body.error.code).toBe('admin_only');
      expect((await request(app).get('/metrics').set('Host', 'rebind.attacker.example').expect(403)).body.error.code).toBe('host_not_allowed');
    });
  });

  describe('after feed traffic', () => {
    it('counts feed answers by route, cache verdict and status, and their latency', async () => {
      const { app, store } = await setup();
      await store.upsert(testAccount(T0 - 86_400_000), TOKEN);
      mockMedia();
      mockProfile();
      const before = await scrape(app);
      const feed = '/api/feeds/northshore.coffee?limit=3';
      await request(app).get(feed).expect(200).expect('X-Cache', 'miss'); // Express, cold
      await request(app).get(feed).expect(200).expect('X-Cache', 'hit'); // the fast path
      const last = await request(app).get(feed).expect(200).expect('X-Cache', 'hit');
      const after = await scrape(app);
      const moved = (name: string, labels: Record<string, string>) => after.sum(name, labels) - before.sum(name, labels);
      expect(moved('instagram_feed_http_requests_total', { route: ROUTE, cache: 'miss', status: '200' })).toBe(1);
      expect(moved('instagram_feed_http_requests_total', { route: ROUTE, cache: 'hit', status: '200' })).toBe(2);
      expect(moved('instagram_feed_http_requests_total', {})).toBe(3);
      expect(moved('instagram_feed_http_request_duration_seconds_count', { route: ROUTE })).toBe(3);
      expect(moved('instagram_feed_http_request_duration_seconds_count', { route: ROUTE, cache: 'hit' })).toBe(2);
      expect(after.only('instagram_feed_http_request_duration_seconds_bucket', { route: ROUTE, cache: 'miss', le: '+Inf' })).toBe(1);
      expect(after.only('instagram_feed_http_request_duration_seconds_sum', { route: ROUTE, cache: 'miss' })).toBeGreaterThan(0);

      // A 304 on the fast path, a hit through the Express route (trailing slash), a 404 and a 400: errors are `none`.
      await request(app).get(feed).set('If-None-Match', last.headers.etag!).expect(304);
      await request(app).get('/api/feeds/northshore.coffee/?limit=3').expect(200).expect('X-Cache', 'hit');
      await request(app).get('/api/feeds/nobody.here').expect(404);
      await request(app).get('/api/feeds/northshore.coffee?limit=0').expect(400);
      const later = await scrape(app);
      const since = (labels: Record<string, string>) =>
        later.sum('instagram_feed_http_requests_total', labels) - after.sum('instagram_feed_http_requests_total', labels);
      expect(since({ cache: 'hit', status: '304' })).toBe(1);
      expect(since({ cache: 'hit', status: '200' })).toBe(1);
      expect(since({ cache: 'none', status: '404' })).toBe(1);
      expect(since({ cache: 'none', status: '400' })).toBe(1);
      expect(since({ route: ROUTE })).toBe(4);
      expect(later.sum('instagram_feed_http_request_duration_seconds_count', { cache: 'none' })).toBe(2);
      // Scraping, the admin API and other routes are not feed answers.
      expect(later.sum('instagram_feed_http_requests_total', {})).toBe(7);
    });

    it('counts Instagram calls by endpoint and outcome, exactly as many as Instagram saw', async () => {
      const { app, store, instagram } = await setup();
      await store.upsert(testAccount(T0 - 86_400_000), TOKEN);
      const media = mockMedia();
      const profile = mockProfile();
      await request(app).get('/api/feeds/northshore.coffee').expect(200).expect('X-Cache', 'miss');
      await request(app).get('/api/feeds/northshore.coffee').expect(200).expect('X-Cache', 'hit');
      const { only } = await scrape(app);
      expect([media.calls, profile.calls]).toEqual([1, 1]);
      expect(only('instagram_feed_instagram_calls_total', { endpoint: 'media', outcome: 'ok' })).toBe(media.calls);
      expect(only('instagram_feed_instagram_calls_total', { endpoint: 'me', outcome: 'ok' })).toBe(profile.calls);
      expect(only('instagram_feed_instagram_call_duration_seconds_count', { endpoint: 'media' })).toBe(1);

      // Every outcome, through the same client the app uses.
      nock.cleanAll();
      nock(GRAPH)
        .get('/v23.0/me')
        .query(true)
        .reply(400, { error: { message: 'Error validating access token', type: 'OAuthException', code: 190 } });
      nock(GRAPH)
        .get('/v23.0/me')
        .query(true)
        .reply(400, { error: { message: 'Application request limit reached', code: 4 } });
      nock(GRAPH)
        .get('/v23.0/me/media')
        .query(true)
        .reply(500, { error: { message: 'An unexpected error has occurred', code: 2 } });
      nock(GRAPH).get('/v23.0/me/media').query(true).reply(200, 'not json at all');
      nock(GRAPH).get('/v23.0/me/media').query(true).reply(200, { data: 'not a list' });
      nock(GRAPH).get('/v23.0/me/media').query(true).replyWithError({ code: 'ECONNRESET' });
      nock(GRAPH).get('/refresh_access_token').query(true).reply(200, { access_token: OTHER_TOKEN, expires_in: 5_184_000 });
      nock(GRAPH).get('/access_token').query(true).reply(200, { access_token: OTHER_TOKEN, expires_in: 5_184_000 });
      nock(API).post('/oauth/access_token').reply(200, { access_token: 'IGAAshort-lived-0123', user_id: ID });
      const fail = (promise: Promise<unknown>) =>
        promise.then(
          () => expect.unreachable(),
          () => undefined,
        );
      await fail(instagram.getProfile(TOKEN));
      await fail(instagram.getProfile(TOKEN));
      for (let i = 0; i < 4; i++) await fail(instagram.listMedia(TOKEN, { limit: 5 }));
      await instagram.refreshToken(TOKEN);
      await instagram.exchangeForLongLivedToken('IGAAshort-lived-0123');
      await instagram.exchangeCode('the-code');
      expect(nock.isDone()).toBe(true);

      const after = await scrape(app);
      const calls = (endpoint: string, outcome: string) => after.only('instagram_feed_instagram_calls_total', { endpoint, outcome });
      expect(calls('me', 'auth_error')).toBe(1);
      expect(calls('me', 'rate_limited')).toBe(1);
      expect(calls('media', 'api_error')).toBe(1);
      expect(calls('media', 'malformed')).toBe(2);
      expect(calls('media', 'network_error')).toBe(1);
      expect(calls('refresh_access_token', 'ok')).toBe(1);
      expect(calls('exchange_token', 'ok')).toBe(1);
      expect(calls('oauth_token', 'ok')).toBe(1);
      expect(after.sum('instagram_feed_instagram_calls_total')).toBe(2 + 9);
      expect(after.sum('instagram_feed_instagram_call_duration_seconds_count')).toBe(2 + 9);
      for (const secret of [TOKEN, OTHER_TOKEN, 'IGAAshort-lived-0123', 'the-code', CLIENT_SECRET, 'graph.instagram.com'])
        expect(after.text).not.toContain(secret);
    });
  });

  describe('state read at scrape time', () => {
    it('reports accounts by status, seconds until each token expires, and the quota use of the latest fetch', async () => {
      const { app, store } = await setup();
      await store.upsert(testAccount(T0 - 86_400_000), TOKEN);
      await store.upsert(testAccount(T0 - 70 * 86_400_000, { id: '17841400000000002', username: 'harbour.bakery' }), OTHER_TOKEN);
      await store.update('17841400000000002', { status: 'expired' });
      const empty = await scrape(app);
      expect(empty.samples.filter(s => s.name === 'instagram_feed_instagram_usage_percent')).toEqual([]);

      const usage = { call_count: 42, total_cputime: 7, total_time: 9 };
      mockMedia(3, { 'x-app-usage': JSON.stringify(usage) });
      mockProfile();
      await request(app).get('/api/feeds/northshore.coffee').expect(200);
      const { only, samples, help, text } = await scrape(app);

      expect(['active', 'expired', 'reconnect_required', 'error'].map(status => only('instagram_feed_accounts', { status }))).toEqual([1, 1, 0, 0]);
      const expiry = (account: string, username: string) => only('instagram_feed_token_expires_in_seconds', { account, username });
      expect(expiry(ID, 'northshore.coffee')).toBe(59 * 86_400);
      expect(expiry('17841400000000002', 'harbour.bakery')).toBe(-10 * 86_400);
      expect(only('instagram_feed_instagram_usage_percent', { account: ID, username: 'northshore.coffee' })).toBe(42);
      expect(samples.filter(s => s.name === 'instagram_feed_instagram_usage_percent')).toHaveLength(1);

      // A disconnected account leaves no series behind.
      await request(app).delete('/api/accounts/harbour.bakery').expect(200);
      const after = await scrape(app);
      expect(after.samples.filter(s => s.labels.account === '17841400000000002')).toEqual([]);
      expect(after.only('instagram_feed_accounts', { status: 'expired' })).toBe(0);

      for (const name of [
        'instagram_feed_http_requests_total',
        'instagram_feed_http_request_duration_seconds',
        'instagram_feed_instagram_calls_total',
        'instagram_feed_instagram_call_duration_seconds',
        'instagram_feed_instagram_usage_percent',
        'instagram_feed_token_expires_in_seconds',
        'instagram_feed_accounts',
        'instagram_feed_store_write_errors_total',
      ])
        expect(help.get(name), name).toMatch(/\w{3,}/);
      for (const secret of [TOKEN, OTHER_TOKEN, CLIENT_SECRET, 'test-session-secret-value']) expect(text).not.toContain(secret);
    });

    // Fails the writes by blocking files under DATA_DIR: embedded mode's store.
    it.skipIf(clusterRedisUrl !== undefined)('counts failed writes of the account store and of feed snapshots', async () => {
      const { app, store, dir, logger } = await setup();
      await store.upsert(testAccount(T0 - 86_400_000), TOKEN);
      mockMedia();
      mockProfile();
      const before = await scrape(app);
      expect(before.only('instagram_feed_store_write_errors_total', { store: 'accounts' })).toBe(0);
      expect(before.only('instagram_feed_store_write_errors_total', { store: 'feed_snapshots' })).toBe(0);

      // A directory where the file should be: renaming the new copy over it fails, even for root.
      const blocker = async (path: string) => {
        await rm(path, { force: true });
        await mkdir(path, { recursive: true });
        await writeFile(join(path, 'keep'), '');
      };
      await blocker(join(dir, 'feeds', `${ID}.json`));
      await blocker(join(dir, 'db.json'));
      await request(app).get('/api/feeds/northshore.coffee').expect(200).expect('X-Cache', 'miss');
      await expect(store.update(ID, { lastError: 'x' })).rejects.toThrow();
      const after = await scrape(app);
      expect(after.only('instagram_feed_store_write_errors_total', { store: 'feed_snapshots' })).toBe(1);
      // The fetch's two bookkeeping writes (the refreshed profile, lastFetchAt) failed too, then the update above.
      expect(after.only('instagram_feed_store_write_errors_total', { store: 'accounts' })).toBe(3);
      expect(logger.lines.join('\n')).toMatch(/Could not save/);
    });

    it("reports the media mirror's queue and the bytes of its files on disk", async () => {
      const jpeg = await makeImage(400, 400);
      const held: (() => void)[] = [];
      nock(CDN)
        .get(/\/v\/t51\.2885-15\/\d\.jpg/)
        .query(true)
        .times(2)
        .reply(() => new Promise(resolve => held.push(() => resolve([200, jpeg, { 'content-type': 'image/jpeg' }]))));
      let mirror: ReturnType<typeof createMediaMirror> | undefined;
      const { app, store, dir } = await setup({
        mirror: dataDir => (mirror = createMediaMirror({ dataDir, publicUrl: 'http://localhost:3000', logger: createMemoryLogger(), now: () => T0 })),
      });
      await store.upsert(testAccount(T0 - 86_400_000), TOKEN);
      mockMedia(2);
      mockProfile();
      const before = await scrape(app);
      expect([before.only('instagram_feed_mirror_queue_length'), before.only('instagram_feed_mirror_bytes')]).toEqual([0, 0]);

      await request(app).get('/api/feeds/northshore.coffee').expect(200);
      await vi.waitFor(async () => expect((await scrape(app)).only('instagram_feed_mirror_queue_length')).toBe(2));
      for (const release of held.splice(0)) release();
      await mirror!.idle();

      const after = await scrape(app);
      const mediaDir = join(dir, 'media', ID);
      const files = (await readdir(mediaDir)).filter(name => name !== 'manifest.json');
      expect(files.length).toBeGreaterThan(2);
      const onDisk = (await Promise.all(files.map(name => stat(join(mediaDir, name))))).reduce((sum, s) => sum + s.size, 0);
      expect(after.only('instagram_feed_mirror_queue_length')).toBe(0);
      expect(after.only('instagram_feed_mirror_bytes')).toBe(onDisk);
    });

    it('has no mirror series in direct mode, and process metrics only when asked for (main.ts does)', async () => {
      const plain = await scrape((await setup()).app);
      expect(plain.samples.some(s => s.name.startsWith('instagram_feed_mirror_'))).toBe(false);
      expect(plain.samples.some(s => s.name.startsWith('process_') || s.name.startsWith('nodejs_'))).toBe(false);
      const withProcess = await scrape((await setup({ processMetrics: true })).app);
      expect(withProcess.only('process_cpu_user_seconds_total')).toBeGreaterThan(0);
      expect(withProcess.only('process_resident_memory_bytes')).toBeGreaterThan(0);
      expect(withProcess.types.get('nodejs_eventloop_lag_seconds')).toBe('gauge');
    });
  });
});
