import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { signedRequest } from '../../demo/emulator/app.js';
import type { NewAccount } from '../../server/accounts/types.js';
import { verifySignedRequest } from '../../server/routes/meta.js';
import { CLIENT_SECRET } from './helpers/setup.js';
import { useApps } from './helpers/apps.js';

const apps = useApps();
async function setup() {
  const ctx = await apps.build();
  const account: NewAccount = {
    id: '17841400000000001',
    appScopedId: '27281358591558845',
    username: 'northshore.coffee',
    profile: {
      username: 'northshore.coffee',
      name: null,
      accountType: 'BUSINESS',
      profilePictureUrl: null,
      followersCount: null,
      followsCount: null,
      mediaCount: null,
      biography: null,
      website: null,
    },
    tokenIssuedAt: new Date().toISOString(),
    tokenExpiresAt: new Date(Date.now() + 86_400_000).toISOString(),
  };
  await ctx.store.upsert(account, 'IGAAmeta-token');
  return ctx;
}

const payload = (userId: string, extra: object = {}) => ({ algorithm: 'HMAC-SHA256', issued_at: 1_700_000_000, user_id: userId, ...extra });

describe('verifySignedRequest', () => {
  it('accepts a request signed with the app secret and refuses everything else', () => {
    const good = signedRequest(payload('1'), CLIENT_SECRET);
    expect(verifySignedRequest(good, CLIENT_SECRET)).toMatchObject({ user_id: '1', algorithm: 'HMAC-SHA256' });
    expect(verifySignedRequest(signedRequest(payload('1'), 'another-secret'), CLIENT_SECRET)).toBeUndefined();
    expect(verifySignedRequest(signedRequest(payload('1', { algorithm: 'none' }), CLIENT_SECRET), CLIENT_SECRET)).toBeUndefined();
    const [sig, body] = good.split('.');
    const tampered = Buffer.from(JSON.stringify(payload('2'))).toString('base64url');
    expect(verifySignedRequest(`${sig}.${tampered}`, CLIENT_SECRET)).toBeUndefined();
    for (const junk of [undefined, '', 'abc', `${sig}.${body}.x`, `${sig}=.${body}`, 'a'.repeat(10_000), 42]) {
      expect(verifySignedRequest(junk, CLIENT_SECRET)).toBeUndefined();
    }
  });
});

describe('POST /instagram/deauthorize', () => {
  it('forgets the account named by its app-scoped id', async () => {
    const { app, store } = await setup();
    await request(app)
      .post('/instagram/deauthorize')
      .type('form')
      .send({ signed_request: signedRequest(payload('27281358591558845'), CLIENT_SECRET) })
      .expect(200);
    expect(store.list()).toEqual([]);
  });

  it('refuses a bad signature with 400 and deletes nothing', async () => {
    const { app, store } = await setup();
    const res = await request(app)
      .post('/instagram/deauthorize')
      .type('form')
      .send({ signed_request: signedRequest(payload('27281358591558845'), 'wrong') })
      .expect(400);
    expect(res.body.error.code).toBe('invalid_signed_request');
    await request(app).post('/instagram/deauthorize').type('form').send('').expect(400);
    expect(store.list()).toHaveLength(1);
  });
});

describe('POST /instagram/data-deletion', () => {
  it('deletes the user by professional id and answers {url, confirmation_code} with a working status page', async () => {
    const { app, store, dir } = await setup();
    const res = await request(app)
      .post('/instagram/data-deletion')
      .type('form')
      .send({ signed_request: signedRequest(payload('17841400000000001'), CLIENT_SECRET) })
      .expect(200);
    expect(res.body).toEqual({
      url: `http://localhost:3000/instagram/data-deletion/${res.body.confirmation_code}`,
      confirmation_code: expect.stringMatching(/^[a-f0-9]{24}$/),
    });
    expect(store.list()).toEqual([]);
    expect(await readdir(join(dir, 'feeds')).catch(() => [])).toEqual([]);
    const status = await request(app).get(new URL(res.body.url).pathname).set('Accept', 'application/json').expect(200);
    expect(status.body).toMatchObject({ status: 'deleted', confirmation_code: res.body.confirmation_code });
    const html = await request(app).get(new URL(res.body.url).pathname).set('Accept', 'text/html').expect(200);
    expect(html.text).toMatch(/has been deleted/);
  });

  it('answers for users it never stored, and 404s unknown codes', async () => {
    const { app, store } = await setup();
    const res = await request(app)
      .post('/instagram/data-deletion')
      .type('form')
      .send({ signed_request: signedRequest(payload('999'), CLIENT_SECRET) })
      .expect(200);
    expect(store.list()).toHaveLength(1);
    const status = await request(app).get(`/instagram/data-deletion/${res.body.confirmation_code}`).set('Accept', 'application/json').expect(200);
    expect(status.body.status).toBe('no_data');
    await request(app).get('/instagram/data-deletion/0123456789abcdef01234567').expect(404);
    await request(app).get('/instagram/data-deletion/..%2F..%2Fdb.json').expect(404);
  });
});

describe('hardened HTTP surface', () => {
  it('sends security headers and a strict CSP', async () => {
    const { app } = await setup();
    const res = await request(app).get('/healthz').expect(200);
    expect(res.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-powered-by']).toBeUndefined();
  });

  it('rate-limits a client that sends too many requests, with Retry-After', async () => {
    const ctx = await apps.build({ env: { RATE_LIMIT_PER_MINUTE: '5' } });
    for (let i = 0; i < 5; i++) await request(ctx.app).get('/api/feeds/nobody').expect(404);
    const res = await request(ctx.app).get('/api/feeds/nobody').expect(429);
    expect(res.body.error.code).toBe('rate_limited');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('limits POST bodies', async () => {
    const { app } = await setup();
    const res = await request(app)
      .post('/instagram/data-deletion')
      .type('form')
      .send(`signed_request=${'a'.repeat(40_000)}`)
      .expect(413);
    expect(res.body.error.code).toBe('body_too_large');
  });
});
