import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONTROLS, EMULATOR_CLIENT_ID, createEmulator } from '../../demo/emulator/app.js';
import { REDIRECT_URI, account, authorize, exchangeForm, longToken, makeEmulator, pathOf } from './helpers.js';

function setup() {
  const ctx = makeEmulator();
  return { ...ctx, token: longToken(ctx.emulator) };
}

describe('emulator controls', () => {
  it('should answer 404 on /__control and /__stats when controls are off', async () => {
    const { app } = createEmulator({ redirectUris: [REDIRECT_URI] });
    await request(app).get('/__control').expect(404);
    await request(app).post('/__control').send({ mode: 'http500' }).expect(404);
    await request(app).get('/__stats').expect(404);
  });

  it('should read, patch and reset the controls', async () => {
    const { app } = setup();
    expect((await request(app).get('/__control').expect(200)).body).toEqual(DEFAULT_CONTROLS);
    const patched = await request(app).post('/__control').send({ latencyMs: 5, tokenResponse: 'wrapped' }).expect(200);
    expect(patched.body).toEqual({ ...DEFAULT_CONTROLS, latencyMs: 5, tokenResponse: 'wrapped' });
    expect((await request(app).delete('/__control').expect(200)).body).toEqual(DEFAULT_CONTROLS);
  });

  it.each([
    [{ mode: 'explode' }, 'mode'],
    [{ latencyMs: -1 }, 'latencyMs'],
    [{ throttleStatus: 500 }, 'throttleStatus'],
    [{ cdnTtlSeconds: 1.5 }, 'cdnTtlSeconds'],
    [{ faultOAuth: 'yes' }, 'faultOAuth'],
    [{ color: 'red' }, 'unknown control "color"'],
    [[1, 2], 'JSON object'],
  ])('should refuse %j', async (body, message) => {
    const { app, emulator } = setup();
    const res = await request(app)
      .post('/__control')
      .send(body as object)
      .expect(400);
    expect(res.body.error.message).toContain(message);
    expect(emulator.controls).toEqual(DEFAULT_CONTROLS);
  });

  it('should refuse malformed JSON', async () => {
    const { app } = setup();
    await request(app).post('/__control').set('content-type', 'application/json').send('{"mode":').expect(400);
  });

  it('should count calls per endpoint and reset the counts', async () => {
    const { app, emulator, token } = setup();
    const code = await authorize(emulator);
    await request(app).post('/oauth/access_token').type('form').send(exchangeForm(code));
    await request(app).get('/v23.0/me').query({ access_token: token });
    await request(app).get('/me/media').query({ access_token: token });
    await request(app).get('/me/media').query({ access_token: token });
    await request(app)
      .get(`/${account('northshore.coffee').media[0]!.id}`)
      .query({ access_token: token });
    const stats = await request(app).get('/__stats').expect(200);
    expect(stats.body).toEqual({
      calls: { 'graph.me': 1, 'graph.media': 2, 'graph.media_object': 1, 'oauth.access_token': 1, 'oauth.decision': 1 },
      total: 6,
    });
    expect((await request(app).delete('/__stats').expect(200)).body).toEqual({ calls: {}, total: 0 });
  });

  describe('fault modes', () => {
    it('http500 should answer a transient IGApiException', async () => {
      const { app, emulator, token } = setup();
      emulator.setControl({ mode: 'http500' });
      const res = await request(app).get('/me/media').query({ access_token: token }).expect(500);
      expect(res.body.error).toMatchObject({
        message: 'An unexpected error has occurred. Please retry your request later.',
        type: 'IGApiException',
        code: 2,
        is_transient: true,
      });
      expect(res.headers['x-app-usage']).toBeDefined();
    });

    it('malformed-json should answer 200 with truncated JSON', async () => {
      const { app, emulator, token } = setup();
      emulator.setControl({ mode: 'malformed-json' });
      const res = await request(app)
        .get('/me/media')
        .query({ access_token: token })
        .buffer(true)
        .parse((r, cb) => {
          let text = '';
          r.on('data', (chunk: Buffer) => (text += chunk.toString()));
          r.on('end', () => cb(null, text));
        });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(() => JSON.parse(res.body as string)).toThrow();
      expect(res.body as string).toMatch(/^\{"data":\[/);
    });

    it('expired-token and invalidated-token should answer 190 with subcodes', async () => {
      const { app, emulator, token } = setup();
      emulator.setControl({ mode: 'expired-token' });
      const expired = await request(app).get('/me').query({ access_token: token }).expect(400);
      expect(expired.body.error).toMatchObject({ code: 190, error_subcode: 463, type: 'OAuthException' });
      emulator.setControl({ mode: 'invalidated-token' });
      const invalidated = await request(app).get('/me').query({ access_token: token }).expect(400);
      expect(invalidated.body.error).toMatchObject({ code: 190, error_subcode: 460 });
    });

    it.each([
      ['rate-limit', 80002, 400],
      ['rate-limit-app', 4, 403],
      ['rate-limit-user', 17, 429],
    ] as const)('%s should answer code %i with usage at 100%%', async (mode, code, throttleStatus) => {
      const { app, emulator, token } = setup();
      emulator.setControl({ mode, throttleStatus });
      const res = await request(app).get('/me/media').query({ access_token: token }).expect(throttleStatus);
      expect(res.body.error).toMatchObject({ code, type: 'OAuthException', message: expect.stringContaining(`(#${code})`) });
      const buc = JSON.parse(res.headers['x-business-use-case-usage']!) as Record<string, [{ call_count: number; estimated_time_to_regain_access: number }]>;
      expect(Object.values(buc)[0]![0]).toMatchObject({ type: 'instagram', call_count: 100, estimated_time_to_regain_access: 5 });
      expect(JSON.parse(res.headers['x-app-usage']!).call_count).toBe(mode === 'rate-limit-app' ? 100 : 1);
    });

    it('faultCount should fault that many calls, then answer normally', async () => {
      const { app, emulator, token } = setup();
      emulator.setControl({ mode: 'http500', faultCount: 2 });
      await request(app).get('/me').query({ access_token: token }).expect(500);
      await request(app).get('/refresh_access_token').query({ grant_type: 'ig_refresh_token', access_token: token }).expect(500);
      await request(app).get('/me').query({ access_token: token }).expect(200);
      expect(emulator.controls).toMatchObject({ mode: 'ok', faultCount: null });
    });

    it('should leave OAuth alone unless faultOAuth is set', async () => {
      const { app, emulator } = setup();
      emulator.setControl({ mode: 'http500' });
      const code = await authorize(emulator);
      await request(app).post('/oauth/access_token').type('form').send(exchangeForm(code)).expect(200);
      emulator.setControl({ faultOAuth: true });
      const again = await authorize(emulator);
      await request(app).post('/oauth/access_token').type('form').send(exchangeForm(again)).expect(500);
    });

    it('should not spend token faults on the code exchange', async () => {
      const { app, emulator, token } = setup();
      emulator.setControl({ mode: 'expired-token', faultCount: 1, faultOAuth: true });
      const code = await authorize(emulator);
      await request(app).post('/oauth/access_token').type('form').send(exchangeForm(code)).expect(200);
      await request(app).get('/me').query({ access_token: token }).expect(400);
      await request(app).get('/me').query({ access_token: token }).expect(200);
    });

    it('should not fault the consent page, the CDN or the controls', async () => {
      const { app, emulator, token } = setup();
      const media = await request(app).get('/me/media').query({ access_token: token, fields: 'media_url', limit: 1 });
      emulator.setControl({ mode: 'timeout', faultOAuth: true });
      await authorize(emulator);
      await request(app)
        .get(pathOf(media.body.data[0].media_url as string))
        .expect(200);
      await request(app).get('/__stats').expect(200);
    });
  });

  it('reset() should restore controls, stats, codes and tokens', async () => {
    const { app, emulator, token } = setup();
    emulator.setControl({ mode: 'http500' });
    const code = await authorize(emulator);
    await request(app).get('/me').query({ access_token: token });
    emulator.reset();
    expect(emulator.controls).toEqual(DEFAULT_CONTROLS);
    expect(emulator.stats).toEqual({ calls: {}, total: 0 });
    expect(emulator.state.tokens).toEqual([]);
    await request(app).post('/oauth/access_token').type('form').send(exchangeForm(code)).expect(400);
  });

  it('should derive URLs from the Host header until publicUrl is set, and take new redirect URIs', async () => {
    const emulator = createEmulator({ redirectUris: [] });
    const token = emulator.state.issueToken(account('lena.travels').id, 'long').token;
    const first = await request(emulator.app).get('/me/media').set('Host', 'ig.local:9999').query({ access_token: token, limit: 1 });
    expect(first.body.paging.next).toMatch(/^http:\/\/ig\.local:9999\//);
    emulator.publicUrl = 'https://emulator.example/';
    const second = await request(emulator.app).get('/me/media').query({ access_token: token, limit: 1 });
    expect(second.body.paging.next).toMatch(/^https:\/\/emulator\.example\/\d+\/media\?/);
    await request(emulator.app).get('/oauth/authorize').query({ client_id: EMULATOR_CLIENT_ID, redirect_uri: REDIRECT_URI }).expect(400);
    emulator.redirectUris = [REDIRECT_URI];
    await authorize(emulator);
  });

  it('latencyMs should delay API responses', async () => {
    const { app, emulator, token } = setup();
    emulator.setControl({ latencyMs: 120 });
    const started = performance.now();
    await request(app).get('/me').query({ access_token: token }).expect(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(110);
  });
});
