import nock from 'nock';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { isLoopback } from '../../server/config.js';
import { GRAPH, testAccount } from './helpers/setup.js';
import { useApps } from './helpers/apps.js';

const TOKEN = 'IGAAadmin-test-token-123456';
const NOW = Date.parse('2026-11-28T12:00:00Z');

const account = (issuedAt = NOW - 50 * 86_400_000) => testAccount(issuedAt);

const apps = useApps();
async function app(env: Record<string, string> = {}) {
  const built = await apps.build({ env, now: () => NOW });
  await built.store.upsert(account(), TOKEN);
  return built;
}

describe('isLoopback', () => {
  it('knows loopback addresses in every notation', () => {
    expect(['127.0.0.1', '127.8.9.10', '::1', '::ffff:127.0.0.1'].every(isLoopback)).toBe(true);
    expect(['10.0.0.1', '::ffff:192.168.1.4', '2001:db8::1', '', undefined].some(isLoopback)).toBe(false);
  });
});

describe('GET /api/accounts', () => {
  describe('without ADMIN_PASSWORD', () => {
    it('lists accounts for loopback clients, without tokens', async () => {
      const { app: a } = await app();
      const res = await request(a).get('/api/accounts').expect(200).expect('content-type', /json/);
      expect(res.body.accounts).toHaveLength(1);
      expect(res.body.accounts[0]).toMatchObject({
        id: '17841400000000001',
        username: 'northshore.coffee',
        status: 'active',
        lastFetchAt: null,
        lastError: null,
      });
      expect(res.body.accounts[0].profile.name).toBe('North Shore');
      expect(res.text).not.toContain(TOKEN);
      expect(res.text).not.toContain('sealed');
    });

    it('refuses requests relayed by a proxy (they are not the local admin)', async () => {
      const { app: a } = await app();
      for (const header of ['X-Forwarded-For', 'Forwarded', 'X-Real-IP']) {
        const res = await request(a).get('/api/accounts').set(header, '198.51.100.7').expect(403);
        expect(res.body).toEqual({ error: { code: 'admin_only', message: expect.stringMatching(/ADMIN_PASSWORD/) } });
      }
    });
  });

  describe('with ADMIN_PASSWORD', () => {
    it('asks for Basic auth, accepts the password and refuses a wrong one', async () => {
      const { app: a } = await app({ ADMIN_PASSWORD: 'correct horse battery' });
      const none = await request(a).get('/api/accounts').expect(401);
      expect(none.headers['www-authenticate']).toMatch(/^Basic realm=/);
      expect(none.body.error.code).toBe('unauthorized');
      await request(a).get('/api/accounts').auth('admin', 'wrong').expect(401);
      await request(a).get('/api/accounts').auth('admin', 'correct horse battery').expect(200);
      await request(a).get('/api/accounts').auth('anyone', 'correct horse battery').set('X-Forwarded-For', '203.0.113.1').expect(200);
    });
  });
});

describe('state-changing admin routes', () => {
  it('refuse a cross-origin browser request (CSRF) but accept our own origin', async () => {
    const { app: a, store } = await app();
    const res = await request(a).delete('/api/accounts/northshore.coffee').set('Origin', 'https://evil.example').expect(403);
    expect(res.body.error.code).toBe('cross_origin_refused');
    expect(store.list()).toHaveLength(1);
    await request(a).delete('/api/accounts/northshore.coffee').set('Origin', 'http://localhost:3000').expect(200);
    expect(store.list()).toHaveLength(0);
  });

  it('DELETE disconnects by username or id, 404 for unknown, 400 for bad names', async () => {
    const { app: a, store } = await app();
    await request(a)
      .delete('/api/accounts/nobody')
      .expect(404)
      .expect(res => expect(res.body.error.code).toBe('account_not_found'));
    await request(a)
      .delete('/api/accounts/..%2Fdb.json')
      .expect(400)
      .expect(res => expect(res.body.error.code).toBe('invalid_account'));
    const res = await request(a).delete('/api/accounts/17841400000000001').expect(200);
    expect(res.body).toEqual({ deleted: true, id: '17841400000000001', username: 'northshore.coffee' });
    expect(store.list()).toEqual([]);
  });

  it('POST refresh refreshes a token now', async () => {
    const { app: a, store } = await app();
    nock(GRAPH)
      .get('/refresh_access_token')
      .query({ grant_type: 'ig_refresh_token', access_token: TOKEN })
      .reply(200, { access_token: 'IGAAnew', token_type: 'bearer', expires_in: 5184000 });
    const res = await request(a).post('/api/accounts/northshore.coffee/refresh').expect(200);
    expect(res.body.result).toBe('refreshed');
    expect(res.body.account.tokenExpiresAt).toBe(new Date(NOW + 5184000_000).toISOString());
    expect(res.text).not.toContain('IGAAnew');
    expect(store.getToken('17841400000000001')).toBe('IGAAnew');
  });

  it('POST refresh explains that tokens under 24 h cannot be refreshed', async () => {
    const { app: a, store } = await app();
    await store.upsert(account(NOW - 3600_000), TOKEN);
    const res = await request(a).post('/api/accounts/northshore.coffee/refresh').expect(409);
    expect(res.body.error.code).toBe('token_too_new');
  });

  it('POST refresh reports reconnect_required on 190', async () => {
    const { app: a, store } = await app();
    nock(GRAPH)
      .get('/refresh_access_token')
      .query(true)
      .reply(400, { error: { message: 'expired', type: 'OAuthException', code: 190, error_subcode: 463 } });
    const res = await request(a).post('/api/accounts/northshore.coffee/refresh').expect(409);
    expect(res.body.error.code).toBe('reconnect_required');
    expect(store.get('northshore.coffee')!.status).toBe('expired');
  });
});

describe('errors', () => {
  it('answers unknown routes with the JSON 404 envelope', async () => {
    const { app: a } = await app();
    const res = await request(a).get('/no/such/thing').expect(404).expect('content-type', /json/);
    expect(res.body).toEqual({ error: { code: 'not_found', message: 'Nothing here: GET /no/such/thing' } });
  });

  it('answers a malformed or oversized JSON body with a 4xx envelope', async () => {
    const { app: a } = await app();
    const bad = await request(a).post('/api/accounts/northshore.coffee/refresh').set('content-type', 'application/json').send('{"a":').expect(400);
    expect(bad.body.error.code).toBe('invalid_request');
    const big = await request(a)
      .post('/api/accounts/northshore.coffee/refresh')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ a: 'x'.repeat(20_000) }))
      .expect(413);
    expect(big.body.error.code).toBe('body_too_large');
  });
});

describe('GET /healthz', () => {
  it('counts accounts by status for the admin', async () => {
    const { app: a, store } = await app();
    await store.update('17841400000000001', { status: 'expired' });
    const res = await request(a).get('/healthz').expect(200);
    expect(res.body).toMatchObject({ status: 'ok', accounts: { active: 0, expired: 1, reconnect_required: 0 } });
  });
});
