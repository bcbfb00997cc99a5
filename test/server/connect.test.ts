import nock from 'nock';
import request from 'supertest';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { API, buildApp, CLIENT_ID, CLIENT_SECRET, GRAPH } from './helpers/setup.js';

const SHORT = 'IGAAshort-lived-0123456789';
const LONG = 'IGAAlong-lived-9876543210';

let ctx: Awaited<ReturnType<typeof buildApp>>;
beforeAll(() => {
  nock.disableNetConnect();
  nock.enableNetConnect('127.0.0.1');
});
beforeEach(async () => (ctx = await buildApp()));
afterEach(async () => {
  nock.cleanAll();
  await ctx.cleanup();
});
afterAll(() => nock.enableNetConnect());

function mockInstagram(options: { exchangeBody?: string | object; accountType?: string; username?: string } = {}) {
  const exchange = nock(API)
    .post(
      '/oauth/access_token',
      body =>
        body.client_id === CLIENT_ID &&
        body.client_secret === CLIENT_SECRET &&
        body.code === 'good-code' &&
        body.redirect_uri === 'http://localhost:3000/instagram/callback' &&
        body.grant_type === 'authorization_code',
    )
    .reply(200, options.exchangeBody ?? `{"access_token":"${SHORT}","user_id":27281358591558845,"permissions":["instagram_business_basic"]}`, {
      'content-type': 'application/json',
    });
  const long = nock(GRAPH)
    .get('/access_token')
    .query({ grant_type: 'ig_exchange_token', client_secret: CLIENT_SECRET, access_token: SHORT })
    .reply(200, { access_token: LONG, token_type: 'bearer', expires_in: 5184000 });
  const me = nock(GRAPH)
    .get('/v23.0/me')
    .query(q => q.access_token === LONG)
    .reply(
      200,
      `{"id":"27281358591558845","user_id":17841400000000001,"username":"${options.username ?? 'northshore.coffee'}","name":"North Shore Coffee",` +
        `"account_type":"${options.accountType ?? 'BUSINESS'}","followers_count":12400,"media_count":30}`,
    );
  return { exchange, long, me };
}

async function startConnect(agent: ReturnType<typeof request.agent>) {
  const res = await agent.get('/instagram/connect').expect(302);
  const url = new URL(res.headers.location);
  return { url, state: url.searchParams.get('state')! };
}

describe('GET /instagram/connect', () => {
  it('redirects to the authorize URL with client_id, redirect_uri, response_type, scope and a state', async () => {
    const agent = request.agent(ctx.app);
    const res = await agent.get('/instagram/connect').expect(302);
    const url = new URL(res.headers.location);
    expect(url.origin + url.pathname).toBe('https://www.instagram.com/oauth/authorize');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_id: CLIENT_ID,
      redirect_uri: 'http://localhost:3000/instagram/callback',
      response_type: 'code',
      scope: 'instagram_business_basic',
    });
    expect(url.searchParams.get('state')).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).not.toMatch(/Secure/);
  });

  it('is also reachable as /instagram/redirect, and states differ each time', async () => {
    const agent = request.agent(ctx.app);
    const a = new URL((await agent.get('/instagram/redirect').expect(302)).headers.location).searchParams.get('state');
    const b = new URL((await agent.get('/instagram/connect').expect(302)).headers.location).searchParams.get('state');
    expect(a).not.toBe(b);
  });

  it('sets a Secure cookie when PUBLIC_URL is https', async () => {
    const secure = await buildApp({ env: { PUBLIC_URL: 'https://feeds.example.com', ADMIN_PASSWORD: 'a long admin password' } });
    const res = await request(secure.app)
      .get('/instagram/connect')
      .set('Host', 'feeds.example.com')
      .set('X-Forwarded-Proto', 'https')
      .auth('admin', 'a long admin password')
      .expect(302);
    await secure.cleanup();
    expect(String(res.headers['set-cookie'])).toMatch(/; Secure/);
    expect(res.headers.location).toContain(encodeURIComponent('https://feeds.example.com/instagram/callback'));
  });

  it('refuses clients that are not the server itself when no ADMIN_PASSWORD is set', async () => {
    const res = await request(ctx.app).get('/instagram/connect').set('X-Forwarded-For', '203.0.113.9').expect(403);
    expect(res.body.error.code).toBe('admin_only');
  });
});

describe('GET /instagram/callback', () => {
  it('connects an account: flat response, 17-digit user_id kept exactly, token stored encrypted', async () => {
    const scopes = mockInstagram();
    const agent = request.agent(ctx.app);
    const { state } = await startConnect(agent);
    const res = await agent.get(`/instagram/callback?code=good-code%23_&state=${state}`).expect(303);
    expect(res.headers.location).toBe('/?connected=northshore.coffee');
    expect(scopes.exchange.isDone() && scopes.long.isDone() && scopes.me.isDone()).toBe(true);
    const account = ctx.store.get('northshore.coffee')!;
    expect(account).toMatchObject({ id: '17841400000000001', appScopedId: '27281358591558845', status: 'active' });
    expect(account.profile).toMatchObject({ name: 'North Shore Coffee', accountType: 'BUSINESS', followersCount: 12400, biography: null });
    expect(ctx.store.getToken(account.id)).toBe(LONG);
    expect(Date.parse(account.tokenExpiresAt) - Date.parse(account.tokenIssuedAt)).toBe(5184000 * 1000);
    const logs = ctx.logger.lines.join('\n');
    for (const secret of [SHORT, LONG, CLIENT_SECRET, 'good-code']) expect(logs).not.toContain(secret);
    expect(JSON.stringify(res.headers)).not.toContain(LONG);
  });

  it('reads the profile once: the first sync after connecting does not read /me again', async () => {
    mockInstagram();
    let extraProfileReads = 0;
    nock(GRAPH)
      .get('/v23.0/me')
      .query(true)
      .times(5)
      .reply(() => [200, { id: 'x', username: 'northshore.coffee', account_type: 'BUSINESS', extra: ++extraProfileReads }]);
    const media = nock(GRAPH).get('/v23.0/me/media').query(true).reply(200, { data: [], paging: {} });
    const agent = request.agent(ctx.app);
    const { state } = await startConnect(agent);
    await agent.get(`/instagram/callback?code=good-code&state=${state}`).expect(303);
    for (let i = 0; i < 100 && !media.isDone(); i++) await new Promise(resolve => setTimeout(resolve, 10));
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(media.isDone(), 'the first sync fetched the posts').toBe(true);
    expect(extraProfileReads, 'profile reads after the one while connecting').toBe(0);
  });

  it('accepts the documented {data:[...]} shape with permissions as a string', async () => {
    mockInstagram({ exchangeBody: { data: [{ access_token: SHORT, user_id: '27281358591558845', permissions: 'instagram_business_basic' }] } });
    const agent = request.agent(ctx.app);
    const { state } = await startConnect(agent);
    await agent.get(`/instagram/callback?code=good-code&state=${state}`).expect(303).expect('location', '/?connected=northshore.coffee');
  });

  it('replaces the token when an existing account reconnects', async () => {
    mockInstagram();
    const agent = request.agent(ctx.app);
    await agent.get(`/instagram/callback?code=good-code&state=${(await startConnect(agent)).state}`).expect(303);
    await ctx.store.update('17841400000000001', { status: 'reconnect_required' }, 'IGAAold');
    mockInstagram();
    await agent.get(`/instagram/callback?code=good-code&state=${(await startConnect(agent)).state}`).expect(303);
    expect(ctx.store.list()).toHaveLength(1);
    expect(ctx.store.get('17841400000000001')!.status).toBe('active');
    expect(ctx.store.getToken('17841400000000001')).toBe(LONG);
  });

  it('refuses personal accounts with a clear code and stores nothing', async () => {
    mockInstagram({ accountType: 'PERSONAL', username: 'just.me' });
    const agent = request.agent(ctx.app);
    const { state } = await startConnect(agent);
    await agent.get(`/instagram/callback?code=good-code&state=${state}`).expect(303).expect('location', '/?error=personal_account');
    expect(ctx.store.list()).toEqual([]);
  });

  it('rejects a missing or mismatched state without calling Instagram', async () => {
    const agent = request.agent(ctx.app);
    await startConnect(agent);
    await agent.get('/instagram/callback?code=good-code').expect(303).expect('location', '/?error=invalid_state');
    await agent.get('/instagram/callback?code=good-code&state=forged').expect(303).expect('location', '/?error=invalid_state');
    // A state issued to another browser's session is a mismatch too.
    const other = await startConnect(request.agent(ctx.app));
    await agent.get(`/instagram/callback?code=good-code&state=${other.state}`).expect(303).expect('location', '/?error=invalid_state');
    expect(nock.pendingMocks()).toEqual([]);
  });

  it('rejects a reused state', async () => {
    mockInstagram();
    const agent = request.agent(ctx.app);
    const { state } = await startConnect(agent);
    await agent.get(`/instagram/callback?code=good-code&state=${state}`).expect(303).expect('location', '/?connected=northshore.coffee');
    await agent.get(`/instagram/callback?code=good-code&state=${state}`).expect(303).expect('location', '/?error=invalid_state');
  });

  it('rejects an expired state', async () => {
    let now = Date.parse('2026-11-28T10:00:00Z');
    const timed = await buildApp({ now: () => now });
    const agent = request.agent(timed.app);
    const { state } = await startConnect(agent);
    now += 11 * 60_000;
    await agent.get(`/instagram/callback?code=good-code&state=${state}`).expect(303).expect('location', '/?error=invalid_state');
    await timed.cleanup();
  });

  it('turns access_denied into a short error code and never reflects provider text', async () => {
    const agent = request.agent(ctx.app);
    const { state } = await startConnect(agent);
    const res = await agent
      .get(`/instagram/callback?error=access_denied&error_reason=user_denied&error_description=%3Cscript%3Ealert(1)%3C%2Fscript%3E&state=${state}`)
      .expect(303);
    expect(res.headers.location).toBe('/?error=access_denied');
    // The state was used up by the denial.
    await agent.get(`/instagram/callback?code=good-code&state=${state}`).expect(303).expect('location', '/?error=invalid_state');
  });

  it('reports a failed code exchange without leaking Instagram text', async () => {
    nock(API)
      .post('/oauth/access_token')
      .reply(400, { error_type: 'OAuthException', code: 400, error_message: 'Matching code was not found or was already used' });
    const agent = request.agent(ctx.app);
    const { state } = await startConnect(agent);
    await agent.get(`/instagram/callback?code=good-code&state=${state}`).expect(303).expect('location', '/?error=code_exchange_failed');
  });

  it('rejects repeated or odd parameters as invalid_request', async () => {
    const agent = request.agent(ctx.app);
    const { state } = await startConnect(agent);
    await agent.get(`/instagram/callback?code=a&code=b&state=${state}`).expect(303).expect('location', '/?error=invalid_request');
  });
});
