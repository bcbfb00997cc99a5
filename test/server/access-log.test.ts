// The access log at LOG_LEVEL=debug: one line per request, whichever path answers it (the warm-feed
// fast path or Express), without the query string. Above debug the listener is left as it was.
import nock from 'nock';
import request from 'supertest';
import { describe, expect, it, vi } from 'vitest';
import { GRAPH, testAccount } from './helpers/setup.js';
import { useApps } from './helpers/apps.js';

const TOKEN = 'IGAAaccess-log-token-0123456789';
const T0 = Date.parse('2026-11-28T12:00:00Z');
const SECRET_QUERY = 'QUERYSECRET0123456789';

const apps = useApps();
async function setup(level: string) {
  const ctx = await apps.build({ env: { LOG_LEVEL: level }, now: () => T0 });
  await ctx.store.upsert(testAccount(T0 - 86_400_000), TOKEN);
  const oe = Math.floor((T0 + 4 * 86_400_000) / 1000).toString(16);
  const data = [0, 1, 2].map(i => ({
    id: String(1000 + i),
    media_type: 'IMAGE',
    media_url: `https://scontent.cdninstagram.com/${i}.jpg?oh=abc&oe=${oe}`,
    permalink: `https://www.instagram.com/p/P${i}/`,
    timestamp: new Date(T0 - i * 3600_000).toISOString().replace('.000Z', '+0000'),
  }));
  nock(GRAPH).get('/v23.0/me/media').query(true).reply(200, { data, paging: {} }).persist();
  nock(GRAPH)
    .get('/v23.0/me')
    .query(true)
    .reply(200, { id: '1', user_id: '17841400000000001', username: 'northshore.coffee', account_type: 'BUSINESS' })
    .persist();
  return ctx;
}

const feedUrl = `/api/feeds/northshore.coffee?limit=3&code=${SECRET_QUERY}`;

describe('the access log', () => {
  it('writes one debug line per request: method, path without the query, status, ms, and X-Cache for feeds', async () => {
    const { app, logger } = await setup('debug');
    const requests = () => logger.lines.filter(line => line.includes(' DEBUG request '));
    await request(app).get(feedUrl).expect(200).expect('X-Cache', 'miss'); // Express, cold
    await vi.waitFor(() => expect(requests()).toHaveLength(1));
    await request(app).get(feedUrl).expect(200).expect('X-Cache', 'hit'); // the fast path
    await vi.waitFor(() => expect(requests()).toHaveLength(2));
    await request(app).get(`/nowhere?after=${SECRET_QUERY}`).expect(404);
    await vi.waitFor(() => expect(requests()).toHaveLength(3));

    const fields = requests().map(line => JSON.parse(line.slice(line.indexOf('{'))));
    expect(fields).toEqual([
      { method: 'GET', path: '/api/feeds/northshore.coffee', status: 200, ms: expect.any(Number), cache: 'miss' },
      { method: 'GET', path: '/api/feeds/northshore.coffee', status: 200, ms: expect.any(Number), cache: 'hit' },
      { method: 'GET', path: '/nowhere', status: 404, ms: expect.any(Number) },
    ]);
    expect(logger.lines.join('\n')).not.toContain(SECRET_QUERY);
  });

  it('writes nothing at info level, on either path', async () => {
    const { app, logger } = await setup('info');
    await request(app).get(feedUrl).expect(200).expect('X-Cache', 'miss');
    await request(app).get(feedUrl).expect(200).expect('X-Cache', 'hit');
    await request(app).get('/nowhere').expect(404);
    expect(logger.lines.filter(line => line.includes('request'))).toEqual([]);
  });
});
