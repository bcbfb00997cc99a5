// The admin surface against an attacker's single requests: DNS rebinding (a foreign Host that resolves
// to 127.0.0.1), foreign Origins, password guessing behind a proxy, the public /healthz, and the Meta
// callbacks in demo mode. Each app listens on a real loopback port, so "the server's port" is real.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import { signedRequest } from '../../demo/emulator/app.js';
import { buildApp, CLIENT_SECRET, testAccount } from './helpers/setup.js';

const ID = '17841400000000001';
const ACCOUNT = testAccount(Date.now(), { appScopedId: '27000000000000001' });
const PASSWORD = 'correct horse battery';

const running: { server: Server; cleanup: () => Promise<void> }[] = [];
afterEach(async () => {
  for (const { server, cleanup } of running.splice(0)) {
    server.closeAllConnections();
    await new Promise(resolve => server.close(resolve));
    await cleanup();
  }
});

/** A listening app with one account; `clock` moves the admin guard's time. */
async function serve(env: Record<string, string> = {}) {
  const clock = { now: Date.now() };
  const built = await buildApp({ env, now: () => clock.now });
  await built.store.upsert(ACCOUNT, 'IGAAguard-test-token-0123456789');
  const server = createServer(built.app).listen(0, '127.0.0.1');
  await once(server, 'listening');
  running.push({ server, cleanup: built.cleanup });
  const port = (server.address() as { port: number }).port;
  return { ...built, clock, port, http: request(`http://127.0.0.1:${port}`) };
}

describe('DNS rebinding', () => {
  it('refuses the admin API and connect under a foreign Host, even from loopback with a matching Origin', async () => {
    const { http, port, store } = await serve();
    const host = `rebind.attacker.example:${port}`;
    const origin = `http://${host}`;
    const attempts = {
      list: () => http.get('/api/accounts'),
      sync: () => http.post(`/api/accounts/${ID}/sync`),
      refresh: () => http.post(`/api/accounts/${ID}/refresh`),
      disconnect: () => http.delete('/api/accounts/northshore.coffee'),
      connect: () => http.get('/instagram/connect'),
      redirect: () => http.get('/instagram/redirect'),
    };
    for (const [name, attempt] of Object.entries(attempts)) {
      const res = await attempt().set('Host', host).set('Origin', origin);
      expect(res.status, name).toBe(403);
      expect(res.headers['content-type']).toMatch(/application\/json/);
      expect(res.body.error.code).toBe('host_not_allowed');
      expect(res.text).not.toContain('northshore');
    }
    expect(store.list()).toHaveLength(1);
  });

  it("accepts PUBLIC_URL's host, the loopback names on the server's own port, and ALLOWED_HOSTS", async () => {
    const { http, port } = await serve({ ALLOWED_HOSTS: 'admin.example.net, lan-box:8080' });
    for (const host of [
      'localhost:3000',
      `localhost:${port}`,
      `127.0.0.1:${port}`,
      `[::1]:${port}`,
      `LOCALHOST:${port}`,
      'admin.example.net',
      'lan-box:8080',
    ]) {
      const res = await http.get('/api/accounts').set('Host', host);
      expect(res.status, host).toBe(200);
    }
    const refused = [
      'localhost',
      'localhost:1',
      `127.0.0.2:${port}`,
      'admin.example.net:8080',
      'lan-box',
      `0.0.0.0:${port}`,
      '',
      'localhost:3000/x',
      'evil.example@localhost:3000',
    ];
    for (const host of refused) {
      const res = await http.get('/api/accounts').set('Host', host);
      expect(res.status, JSON.stringify(host)).toBe(403);
    }
  });

  it('checks the Host with ADMIN_PASSWORD set too, before the password', async () => {
    const { http, port } = await serve({ ADMIN_PASSWORD: PASSWORD });
    const res = await http.get('/api/accounts').set('Host', `rebind.attacker.example:${port}`).auth('admin', PASSWORD).expect(403);
    expect(res.body.error.code).toBe('host_not_allowed');
    await http.get('/api/accounts').auth('admin', PASSWORD).expect(200);
  });

  it('accepts only our own origins on state-changing requests', async () => {
    const { http, port, store } = await serve({ ALLOWED_HOSTS: 'admin.example.net' });
    for (const origin of [
      `http://rebind.attacker.example:${port}`,
      'http://localhost:1',
      'null',
      'https://evil.example',
      `http://127.0.0.1:${port}/`,
      `file://`,
    ]) {
      const res = await http.delete('/api/accounts/northshore.coffee').set('Origin', origin);
      expect(res.status, origin).toBe(403);
      expect(res.body.error.code).toBe('cross_origin_refused');
    }
    expect(store.list()).toHaveLength(1);
    for (const origin of ['http://localhost:3000', `http://localhost:${port}`, `http://[::1]:${port}`, 'https://admin.example.net']) {
      await store.upsert(ACCOUNT, 'IGAAguard-test-token-0123456789');
      const res = await http.delete('/api/accounts/northshore.coffee').set('Origin', origin);
      expect(res.status, origin).toBe(200);
    }
  });

  it('leaves the public routes open to any Host', async () => {
    const { http } = await serve();
    const feed = await http.get('/api/feeds/nobody').set('Host', 'cdn.example.org').expect(404);
    expect(feed.body.error.code).toBe('account_not_found');
    await http.get('/healthz').set('Host', 'cdn.example.org').expect(200);
    const deletion = await http.get('/instagram/data-deletion/0123456789abcdef01234567').set('Host', 'cdn.example.org').expect(404);
    expect(deletion.body.error.code).toBe('unknown_confirmation_code');
  });
});

describe('failed passwords', () => {
  it('are counted per client address as resolved through TRUST_PROXY, and never keep the right password out', async () => {
    const { http, clock } = await serve({ ADMIN_PASSWORD: PASSWORD, TRUST_PROXY: 'loopback' });
    const from = (ip: string) => ({ 'X-Forwarded-For': ip });
    for (let i = 0; i < 9; i++) await http.get('/api/accounts').set(from('203.0.113.1')).auth('admin', `guess${i}`).expect(401);
    const locked = await http.get('/api/accounts').set(from('203.0.113.1')).auth('admin', 'guess9').expect(429);
    expect(locked.body.error.code).toBe('too_many_attempts');
    expect(locked.headers['retry-after']).toBe('1');
    // Another visitor behind the same proxy is not locked out by the guesser.
    await http.get('/api/accounts').set(from('198.51.100.2')).auth('admin', 'typo').expect(401);
    await http.get('/api/accounts').set(from('198.51.100.2')).auth('admin', PASSWORD).expect(200);
    // The locked address: no credentials still asks for them; guesses are checked once a second.
    await http.get('/api/accounts').set(from('203.0.113.1')).expect(401);
    await http.get('/api/accounts').set(from('203.0.113.1')).auth('admin', PASSWORD).expect(429);
    clock.now += 1_000;
    await http.get('/api/accounts').set(from('203.0.113.1')).auth('admin', 'guess10').expect(429);
    await http.get('/api/accounts').set(from('203.0.113.1')).auth('admin', PASSWORD).expect(429);
    clock.now += 1_000;
    await http.get('/api/accounts').set(from('203.0.113.1')).auth('admin', PASSWORD).expect(200);
    // The lock outlives a successful sign-in, and ends 15 minutes after it began.
    clock.now += 1_000;
    await http.get('/api/accounts').set(from('203.0.113.1')).auth('admin', 'guess11').expect(429);
    clock.now += 15 * 60_000;
    await http.get('/api/accounts').set(from('203.0.113.1')).auth('admin', 'guess12').expect(401);
  });

  it('without TRUST_PROXY all go to the socket address, and the right password still gets through', async () => {
    const { http, clock } = await serve({ ADMIN_PASSWORD: PASSWORD });
    for (let i = 0; i < 10; i++) await http.get('/api/accounts').set('X-Forwarded-For', `203.0.113.${i}`).auth('admin', `guess${i}`);
    await http.get('/api/accounts').set('X-Forwarded-For', '198.51.100.2').auth('admin', 'typo').expect(429);
    clock.now += 1_000;
    await http.get('/api/accounts').set('X-Forwarded-For', '198.51.100.2').auth('admin', PASSWORD).expect(200);
  });
});

describe('GET /healthz', () => {
  it('tells the public its status only, and the admin the details', async () => {
    const open = await serve();
    const visitor = await open.http.get('/healthz').set('X-Forwarded-For', '203.0.113.1').expect(200);
    expect(visitor.body).toEqual({ status: 'ok' });
    expect(visitor.headers['cache-control']).toBe('no-store');
    const local = await open.http.get('/healthz').expect(200);
    expect(local.body).toMatchObject({ status: 'ok', accounts: { active: 1 }, store: { ok: true }, feedSnapshots: { ok: true } });
    const rebound = await open.http.get('/healthz').set('Host', 'rebind.attacker.example').expect(200);
    expect(rebound.body).toEqual({ status: 'ok' });

    const guarded = await serve({ ADMIN_PASSWORD: PASSWORD });
    expect((await guarded.http.get('/healthz').expect(200)).body).toEqual({ status: 'ok' });
    expect((await guarded.http.get('/healthz').auth('admin', 'wrong').expect(200)).body).toEqual({ status: 'ok' });
    expect((await guarded.http.get('/healthz').auth('admin', PASSWORD).expect(200)).body).toMatchObject({ accounts: { active: 1 } });
  });
});

describe('Meta callbacks in demo mode', () => {
  it("belong to the admin: the emulator's app secret is public, so any website could sign a deauthorization", async () => {
    const { http, port, store } = await serve({ INSTAGRAM_CLIENT_ID: '' });
    // In demo mode bootstrap hands the server the emulator's secret; this app has the test's.
    const signed = signedRequest({ algorithm: 'HMAC-SHA256', user_id: ID }, CLIENT_SECRET);
    for (const path of ['/instagram/deauthorize', '/instagram/data-deletion']) {
      const form = () => http.post(path).type('form').send({ signed_request: signed });
      // A page on another site posting a form, a rebinding page, a visitor through a proxy.
      expect((await form().set('Origin', 'https://evil.example').expect(403)).body.error.code).toBe('cross_origin_refused');
      const rebound = `rebind.attacker.example:${port}`;
      expect((await form().set('Host', rebound).set('Origin', `http://${rebound}`).expect(403)).body.error.code).toBe('host_not_allowed');
      expect((await form().set('X-Forwarded-For', '203.0.113.5').expect(403)).body.error.code).toBe('admin_only');
    }
    expect(store.list()).toHaveLength(1);
    // The local admin can still try the flow out.
    await http.post('/instagram/deauthorize').type('form').send({ signed_request: signed }).expect(200);
    expect(store.list()).toHaveLength(0);
  });
});
