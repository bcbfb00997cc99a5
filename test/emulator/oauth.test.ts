import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { EMULATOR_CLIENT_ID, FIXTURE_ACCOUNTS, HOUR_MS } from '../../demo/emulator/app.js';
import { REDIRECT_URI, authorize, authorizeQuery, exchangeForm, makeEmulator } from './helpers.js';

describe('emulator OAuth', () => {
  describe('GET /oauth/authorize', () => {
    it('should render the consent page with one radio per fixture account', async () => {
      const { app } = makeEmulator();
      const res = await request(app).get('/oauth/authorize').query(authorizeQuery()).expect(200);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['content-security-policy']).toContain("default-src 'none'");
      expect(res.text).toContain('instagram-feed demo wants to access your account');
      for (const account of FIXTURE_ACCOUNTS) {
        expect(res.text).toContain(`name="account" value="${account.username}"`);
      }
      expect(res.text).toContain('name="decision" value="allow"');
      expect(res.text).toContain('name="decision" value="deny"');
      expect(res.text).toMatch(/Business[\s\S]*Creator[\s\S]*Personal/);
      expect(res.text).not.toMatch(/<script|https?:\/\/(?!localhost)/);
    });

    it('should accept a trailing slash and space separated scopes', async () => {
      const { app } = makeEmulator();
      const scope = 'instagram_business_basic instagram_business_manage_insights';
      const res = await request(app).get('/oauth/authorize/').query(authorizeQuery({ scope })).expect(200);
      expect(res.text).toContain('<li>instagram_business_manage_insights</li>');
    });

    it('should escape the echoed parameters', async () => {
      const { app } = makeEmulator();
      const res = await request(app)
        .get('/oauth/authorize')
        .query(authorizeQuery({ state: '"><script>x</script>' }))
        .expect(200);
      expect(res.text).not.toContain('<script>');
      expect(res.text).toContain('&#34;&#62;&#60;script&#62;');
    });

    it.each([
      ['an unknown client_id', { client_id: '123' }, 'Invalid platform app'],
      ['a redirect_uri that differs by a slash', { redirect_uri: `${REDIRECT_URI}/` }, 'Invalid redirect_uri'],
      ['response_type=token', { response_type: 'token' }, 'Invalid response_type'],
      ['an unknown scope', { scope: 'instagram_business_basic,user_profile' }, 'Invalid scope: user_profile'],
      ['no instagram_business_basic', { scope: 'instagram_business_manage_comments' }, 'instagram_business_basic is required'],
    ])('should refuse %s with an error page', async (_name, extra, message) => {
      const { app } = makeEmulator();
      const res = await request(app).get('/oauth/authorize').query(authorizeQuery(extra)).expect(400);
      expect(res.text).toContain(message);
    });
  });

  describe('POST /oauth/authorize', () => {
    it('should redirect with code, state and #_ on allow', async () => {
      const { app } = makeEmulator();
      const res = await request(app)
        .post('/oauth/authorize')
        .type('form')
        .send({ ...authorizeQuery(), account: 'lena.travels', decision: 'allow' })
        .expect(302);
      expect(res.headers.location).toMatch(/^http:\/\/localhost:3000\/instagram\/callback\?code=AQ[\w-]+&state=state-123#_$/);
    });

    it('should redirect with the documented error on deny', async () => {
      const { app } = makeEmulator();
      const res = await request(app)
        .post('/oauth/authorize')
        .type('form')
        .send({ ...authorizeQuery(), account: 'lena.travels', decision: 'deny' })
        .expect(302);
      expect(res.headers.location).toBe(
        `${REDIRECT_URI}?error=access_denied&error_reason=user_denied&error_description=The+user+denied+your+request&state=state-123`,
      );
    });

    it('should re-validate the posted parameters', async () => {
      const { app } = makeEmulator();
      await request(app)
        .post('/oauth/authorize')
        .type('form')
        .send({ ...authorizeQuery({ redirect_uri: 'https://evil.example/cb' }), account: 'lena.travels', decision: 'allow' })
        .expect(400);
      await request(app)
        .post('/oauth/authorize')
        .type('form')
        .send({ ...authorizeQuery(), account: 'nobody', decision: 'allow' })
        .expect(400);
    });
  });

  describe('POST /oauth/access_token', () => {
    it('should answer the flat shape with user_id as an unquoted integer beyond 2^53', async () => {
      const { app, emulator } = makeEmulator();
      const code = await authorize(emulator);
      const res = await request(app).post('/oauth/access_token').type('form').send(exchangeForm(code)).expect(200);
      expect(res.text).toMatch(/^\{"access_token":"IGAA[\w-]+","user_id":26914583027716433,"permissions":\["instagram_business_basic"\]\}$/);
      expect(String(JSON.parse(res.text).user_id)).not.toBe('26914583027716433');
      expect(26914583027716433n > 2n ** 53n).toBe(true);
    });

    it('should accept a multipart body like curl -F', async () => {
      const { app, emulator } = makeEmulator();
      const code = await authorize(emulator, 'lena.travels');
      let req = request(app).post('/oauth/access_token');
      for (const [key, value] of Object.entries(exchangeForm(code))) req = req.field(key, value);
      const res = await req.expect(200);
      expect(res.text).toContain('"user_id":27498120356684211');
    });

    it('should answer the documented wrapped shape when switched', async () => {
      const { app, emulator } = makeEmulator();
      emulator.setControl({ tokenResponse: 'wrapped' });
      const code = await authorize(emulator);
      const res = await request(app).post('/oauth/access_token').type('form').send(exchangeForm(code)).expect(200);
      expect(res.body).toEqual({
        data: [{ access_token: expect.stringMatching(/^IGAA/), user_id: '26914583027716433', permissions: 'instagram_business_basic' }],
      });
    });

    it('should accept a code only once', async () => {
      const { app, emulator } = makeEmulator();
      const code = await authorize(emulator);
      await request(app).post('/oauth/access_token').type('form').send(exchangeForm(code)).expect(200);
      const res = await request(app).post('/oauth/access_token').type('form').send(exchangeForm(code)).expect(400);
      expect(res.body).toEqual({ error_type: 'OAuthException', code: 400, error_message: 'Matching code was not found or was already used' });
    });

    it('should expire codes after one hour', async () => {
      const { app, emulator, advance } = makeEmulator();
      const fresh = await authorize(emulator);
      const stale = await authorize(emulator);
      advance(HOUR_MS - 1);
      await request(app).post('/oauth/access_token').type('form').send(exchangeForm(fresh)).expect(200);
      advance(1);
      const res = await request(app).post('/oauth/access_token').type('form').send(exchangeForm(stale)).expect(400);
      expect(res.body.error_message).toBe('Matching code was not found or was already used');
    });

    it.each([
      ['a wrong client secret', { client_secret: '0'.repeat(32) }, 'Error validating client secret.'],
      ['a different redirect_uri', { redirect_uri: 'http://127.0.0.1:3000/instagram/callback' }, 'Redirect URI does not match registered redirect URI'],
      ['another client_id', { client_id: '1234' }, 'Invalid platform app'],
      ['a wrong grant_type', { grant_type: 'client_credentials' }, 'Unsupported grant_type'],
      ['no code', { code: '' }, 'You must provide a code'],
    ])('should refuse %s without using up the code', async (_name, extra, message) => {
      const { app, emulator } = makeEmulator({ redirectUris: [REDIRECT_URI, 'http://127.0.0.1:3000/instagram/callback'] });
      const code = await authorize(emulator);
      const res = await request(app).post('/oauth/access_token').type('form').send(exchangeForm(code, extra)).expect(400);
      expect(res.body).toEqual({ error_type: 'OAuthException', code: 400, error_message: message });
      await request(app).post('/oauth/access_token').type('form').send(exchangeForm(code)).expect(200);
    });

    it('should issue a short-lived token that works for one hour', async () => {
      const { app, emulator, advance } = makeEmulator();
      const code = await authorize(emulator);
      const { access_token: token } = JSON.parse((await request(app).post('/oauth/access_token').type('form').send(exchangeForm(code))).text) as {
        access_token: string;
      };
      await request(app).get('/me').query({ access_token: token }).expect(200);
      advance(HOUR_MS);
      const res = await request(app).get('/me').query({ access_token: token }).expect(400);
      expect(res.body.error).toMatchObject({ code: 190, error_subcode: 463, type: 'OAuthException' });
      expect(res.body.error.message).toMatch(
        /^Error validating access token: Session has expired on \w+day, \d\d-\w{3}-\d\d \d\d:\d\d:\d\d P[SD]T\. The current time is/,
      );
    });

    it('should refuse GET and oversized bodies in its own envelope', async () => {
      const { app } = makeEmulator();
      const get = await request(app).get('/oauth/access_token').expect(400);
      expect(get.body).toMatchObject({ error_type: 'OAuthException', code: 400 });
      const big = await request(app)
        .post('/oauth/access_token')
        .type('form')
        .send({ client_id: EMULATOR_CLIENT_ID, pad: 'x'.repeat(40_000) });
      expect(big.status).toBe(413);
      expect(big.body).toMatchObject({ error_type: 'OAuthException', code: 413 });
    });
  });
});
