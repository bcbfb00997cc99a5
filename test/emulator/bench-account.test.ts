import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { BENCH_ACCOUNT, FIXTURE_ACCOUNTS } from '../../demo/emulator/app.js';
import { longToken, makeEmulator, pathOf } from './helpers.js';

const FIELDS = 'id,media_type,media_url,timestamp';

function setup(on: boolean) {
  const ctx = makeEmulator();
  if (on) ctx.emulator.setControl({ benchAccount: true });
  return { ...ctx, token: ctx.emulator.state.issueToken(BENCH_ACCOUNT.id, 'long').token };
}

describe('emulator bench account', () => {
  describe('when the `benchAccount` control is off (the default)', () => {
    it('should refuse its token as Instagram refuses an unknown one', async () => {
      const { app, emulator, token } = setup(false);
      const res = await request(app).get('/v23.0/me/media').query({ access_token: token, fields: FIELDS }).expect(400);
      expect(res.body.error.code).toBe(190);
      // Its posts are unknown objects too, even to a valid token.
      await request(app)
        .get(`/v23.0/${BENCH_ACCOUNT.media[0]!.id}`)
        .query({ access_token: longToken(emulator) })
        .expect(400);
    });
  });

  describe('when it is on', () => {
    it('should answer the profile with 120 posts', async () => {
      const { app, token } = setup(true);
      const res = await request(app).get('/v23.0/me').query({ access_token: token, fields: 'user_id,username,media_count' }).expect(200);
      expect(res.body).toEqual({ id: BENCH_ACCOUNT.id, user_id: BENCH_ACCOUNT.userId, username: 'bench.gallery', media_count: 120 });
    });

    it('should page through 120 distinct photo posts, newest first, with working CDN URLs', async () => {
      const { app, token } = setup(true);
      const items: { id: string; media_type: string; media_url: string; timestamp: string }[] = [];
      let path: string | undefined = `/v23.0/me/media?${new URLSearchParams({ access_token: token, fields: FIELDS, limit: '50' })}`;
      for (let page = 0; path && page < 10; page++) {
        const res: request.Response = await request(app).get(path).expect(200);
        items.push(...res.body.data);
        path = res.body.paging?.next ? pathOf(res.body.paging.next) : undefined;
      }
      expect(items).toHaveLength(120);
      expect(new Set(items.map(item => item.id)).size).toBe(120);
      expect(items.every(item => item.media_type === 'IMAGE')).toBe(true);
      expect(items.map(item => item.timestamp)).toEqual([...items.map(item => item.timestamp)].sort().reverse());
      await request(app)
        .get(pathOf(items[119]!.media_url))
        .expect(200)
        .expect('content-type', /image\/jpeg/);
    });

    it('should answer its media objects by id', async () => {
      const { app, token } = setup(true);
      const media = BENCH_ACCOUNT.media[7]!;
      const res = await request(app).get(`/v23.0/${media.id}`).query({ access_token: token, fields: 'id,caption' }).expect(200);
      expect(res.body).toEqual({ id: media.id, caption: media.caption });
    });

    it('should leave the fixture accounts as they are', async () => {
      const { app, emulator } = setup(true);
      const res = await request(app)
        .get('/v23.0/me/media')
        .query({ access_token: longToken(emulator), fields: 'id', limit: '100' })
        .expect(200);
      expect(res.body.data.map((item: { id: string }) => item.id)).toEqual(FIXTURE_ACCOUNTS[0]!.media.map(m => m.id));
      const fixtureIds = new Set(FIXTURE_ACCOUNTS.flatMap(a => [a.id, a.userId, ...a.media.flatMap(m => [m.id, ...m.children.map(c => c.id)])]));
      expect([BENCH_ACCOUNT.id, BENCH_ACCOUNT.userId, ...BENCH_ACCOUNT.media.map(m => m.id)].filter(id => fixtureIds.has(id))).toEqual([]);
    });

    it('should not be offered on the consent page', async () => {
      const { app, emulator } = setup(true);
      const page = await request(app)
        .get('/oauth/authorize')
        .query({ client_id: emulator.clientId, redirect_uri: emulator.redirectUris[0], response_type: 'code', scope: 'instagram_business_basic', state: 's' })
        .expect(200);
      expect(page.text).toContain('northshore.coffee');
      expect(page.text).not.toContain('bench.gallery');
    });

    it('should serve as many posts as `benchPosts` says, its newest ones unchanged', async () => {
      const { app, emulator, token } = setup(true);
      emulator.setControl({ benchPosts: 5000 });
      const profile = await request(app).get('/v23.0/me').query({ access_token: token, fields: 'media_count' }).expect(200);
      expect(profile.body.media_count).toBe(5000);
      const ids: string[] = [];
      let path: string | undefined = `/v23.0/me/media?${new URLSearchParams({ access_token: token, fields: 'id', limit: '100' })}`;
      for (let page = 0; path && page < 60; page++) {
        const res: request.Response = await request(app).get(path).expect(200);
        ids.push(...res.body.data.map((item: { id: string }) => item.id));
        path = res.body.paging?.next ? pathOf(res.body.paging.next) : undefined;
      }
      expect(ids).toHaveLength(5000);
      expect(new Set(ids).size).toBe(5000);
      expect(ids.slice(0, 120)).toEqual(BENCH_ACCOUNT.media.map(m => m.id));
      const deep = await request(app).get(`/v23.0/${ids[4321]}`).query({ access_token: token, fields: 'id,media_url' }).expect(200);
      await request(app)
        .get(pathOf(deep.body.media_url))
        .expect(200)
        .expect('content-type', /image\/jpeg/);
      expect(await request(app).post('/__control').send({ benchPosts: 0 }).expect(400)).toBeTruthy();
    });

    it('should be gone again after the controls are reset', async () => {
      const { app, emulator, token } = setup(true);
      emulator.resetControls();
      await request(app).get('/v23.0/me').query({ access_token: token }).expect(400);
    });
  });
});
