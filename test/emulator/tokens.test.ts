import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { DAY_MS, EMULATOR_CLIENT_SECRET, HOUR_MS, LONG_TOKEN_TTL_MS } from '../../demo/emulator/app.js';
import { account, authorize, exchangeForm, longToken, makeEmulator } from './helpers.js';

async function shortToken(ctx: ReturnType<typeof makeEmulator>): Promise<string> {
  const code = await authorize(ctx.emulator);
  const res = await request(ctx.app).post('/oauth/access_token').type('form').send(exchangeForm(code)).expect(200);
  return (JSON.parse(res.text) as { access_token: string }).access_token;
}

const exchange = (token: string, secret = EMULATOR_CLIENT_SECRET) => ({
  grant_type: 'ig_exchange_token',
  client_secret: secret,
  access_token: token,
});

describe('emulator token endpoints', () => {
  describe('GET /access_token', () => {
    it('should exchange a short-lived token for a 60-day one', async () => {
      const ctx = makeEmulator();
      const short = await shortToken(ctx);
      const res = await request(ctx.app).get('/access_token').query(exchange(short)).expect(200);
      expect(res.body).toEqual({ access_token: expect.stringMatching(/^IGAA/), token_type: 'bearer', expires_in: 5_184_000 });
      expect(res.body.access_token).not.toBe(short);
      expect(res.headers['x-app-usage']).toBeDefined();
      await request(ctx.app).get('/v23.0/me').query({ access_token: res.body.access_token }).expect(200);
    });

    it('should refuse a wrong client secret', async () => {
      const ctx = makeEmulator();
      const res = await request(ctx.app)
        .get('/access_token')
        .query(exchange(await shortToken(ctx), 'nope'))
        .expect(400);
      expect(res.body.error).toMatchObject({ message: 'Error validating client secret.', type: 'OAuthException' });
    });

    it('should refuse an expired short-lived token and a long-lived one', async () => {
      const ctx = makeEmulator();
      const short = await shortToken(ctx);
      const long = await request(ctx.app).get('/access_token').query(exchange(short));
      const again = await request(ctx.app).get('/access_token').query(exchange(long.body.access_token)).expect(400);
      expect(again.body.error).toMatchObject({ code: 100, type: 'IGApiException' });
      ctx.advance(HOUR_MS);
      const expired = await request(ctx.app).get('/access_token').query(exchange(short)).expect(400);
      expect(expired.body.error).toMatchObject({ code: 190, error_subcode: 463 });
    });

    it.each(['post', 'delete'] as const)('should answer %s with the unsupported-method error', async method => {
      const { app } = makeEmulator();
      for (const path of ['/access_token', '/refresh_access_token', '/v23.0/refresh_access_token']) {
        const res = await request(app)[method](path).expect(400);
        expect(res.text).toBe(`{"error":{"message":"Unsupported request - method type: ${method}","type":"IGApiException","code":100}}`);
      }
    });
  });

  describe('GET /refresh_access_token', () => {
    const refresh = (token: string) => ({ grant_type: 'ig_refresh_token', access_token: token });

    it('should refuse a token younger than 24 hours by default', async () => {
      const { app, emulator, advance } = makeEmulator();
      const token = longToken(emulator);
      advance(DAY_MS - 1000);
      const res = await request(app).get('/refresh_access_token').query(refresh(token)).expect(400);
      expect(res.body.error).toMatchObject({ code: 100, type: 'IGApiException', fbtrace_id: expect.any(String) });
      expect(res.body.error.message).toContain('24 hours');
    });

    it("should return the same token and expiry when refreshTooEarly is 'same'", async () => {
      const { app, emulator, advance } = makeEmulator();
      emulator.setControl({ refreshTooEarly: 'same' });
      const token = longToken(emulator);
      advance(HOUR_MS);
      const res = await request(app).get('/refresh_access_token').query(refresh(token)).expect(200);
      expect(res.body).toMatchObject({ access_token: token, token_type: 'bearer', expires_in: LONG_TOKEN_TTL_MS / 1000 - 3600 });
    });

    it('should issue a new 60-day token once the old one is a day old, leaving the old one valid', async () => {
      const { app, emulator, advance } = makeEmulator();
      const token = longToken(emulator);
      advance(DAY_MS);
      const res = await request(app).get('/v25.0/refresh_access_token').query(refresh(token)).expect(200);
      expect(res.body).toEqual({
        access_token: expect.stringMatching(/^IGAA/),
        token_type: 'bearer',
        expires_in: 5_184_000,
        permissions: 'instagram_business_basic',
      });
      expect(res.body.access_token).not.toBe(token);
      await request(app).get('/me').query({ access_token: token }).expect(200);
      advance(LONG_TOKEN_TTL_MS - DAY_MS);
      await request(app).get('/me').query({ access_token: token }).expect(400);
      await request(app).get('/me').query({ access_token: res.body.access_token }).expect(200);
    });

    it('should refuse expired, invalidated, short-lived and garbage tokens', async () => {
      const ctx = makeEmulator();
      const { app, emulator } = ctx;
      const expired = longToken(emulator);
      const invalidated = longToken(emulator, 'lena.travels');
      const short = await shortToken(ctx);
      ctx.advance(LONG_TOKEN_TTL_MS - HOUR_MS);
      const fresh = longToken(emulator);
      ctx.advance(HOUR_MS);
      emulator.state.invalidateAccount(account('lena.travels').id);
      const answers = await Promise.all(
        [expired, invalidated, short, 'IGAAgarbage', fresh].map(t => request(app).get('/refresh_access_token').query(refresh(t))),
      );
      expect(answers.map(r => [r.body.error?.code, r.body.error?.error_subcode])).toEqual([
        [190, 463],
        [190, 460],
        [190, 463],
        [190, undefined],
        [100, undefined],
      ]);
      expect(answers[1]!.body.error.message).toContain('The session has been invalidated because the user changed their password');
      expect(answers[3]!.body.error.message).toBe('Invalid OAuth access token - Cannot parse access token');
    });

    it('should refuse a wrong grant_type', async () => {
      const { app, emulator } = makeEmulator();
      const res = await request(app)
        .get('/refresh_access_token')
        .query({ grant_type: 'ig_exchange_token', access_token: longToken(emulator) })
        .expect(400);
      expect(res.body.error.code).toBe(100);
    });
  });

  it('should keep accepting its tokens after a restart with the same secret', async () => {
    const first = makeEmulator();
    const token = longToken(first.emulator, 'lena.travels');
    const second = makeEmulator();
    const res = await request(second.app).get('/me').query({ access_token: token, fields: 'username' }).expect(200);
    expect(res.body).toEqual({ username: 'lena.travels', id: '27498120356684211' });
    await request(makeEmulator({ clientSecret: 'f'.repeat(32) }).app)
      .get('/me')
      .query({ access_token: token })
      .expect(400);
  });
});
