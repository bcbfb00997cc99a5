import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { PUBLIC_URL, account, longToken, makeEmulator, pathOf } from './helpers.js';

const northshore = account('northshore.coffee');
const lena = account('lena.travels');
const MEDIA_FIELDS =
  'id,caption,media_type,media_product_type,media_url,thumbnail_url,permalink,shortcode,timestamp,username,like_count,comments_count,alt_text,is_shared_to_feed';
type Item = Record<string, unknown> & { id: string };

function setup(username = 'northshore.coffee') {
  const ctx = makeEmulator();
  return { ...ctx, token: longToken(ctx.emulator, username) };
}

describe('emulator Graph API', () => {
  describe('/me', () => {
    it('should answer only the id by default', async () => {
      const { app, token } = setup();
      const res = await request(app).get('/me').query({ access_token: token }).expect(200);
      expect(res.body).toEqual({ id: northshore.id });
      expect(res.headers['content-type']).toMatch(/^application\/json/);
    });

    it.each(['/me', '/v23.0/me', '/v25.0/me', `/v23.0/${lena.userId}`, `/${lena.userId}`])('should answer the profile at %s', async path => {
      const { app, token } = setup('lena.travels');
      const fields = 'id,user_id,username,name,account_type,profile_picture_url,followers_count,follows_count,media_count,biography,website';
      const res = await request(app).get(path).query({ access_token: token, fields }).expect(200);
      expect(res.body).toEqual({
        id: path.endsWith('me') ? lena.id : lena.userId,
        user_id: lena.userId,
        username: 'lena.travels',
        name: 'Lena Park',
        account_type: 'MEDIA_CREATOR',
        profile_picture_url: expect.stringMatching(/^http:\/\/emulator\.test\/cdn\/v\/t51\.2885-19\/avatar-lena\.jpg\?.*oh=[0-9a-f]{32}&oe=[0-9A-F]+$/),
        followers_count: lena.followersCount,
        follows_count: lena.followsCount,
        media_count: lena.media.length,
        biography: lena.biography,
        website: lena.website,
      });
    });

    it('should accept the token in an Authorization header', async () => {
      const { app, token } = setup();
      const res = await request(app).get('/me').set('Authorization', `Bearer ${token}`).query({ fields: 'username' }).expect(200);
      expect(res.body).toEqual({ username: 'northshore.coffee', id: northshore.id });
    });

    it('should let a personal account log in, reporting PERSONAL', async () => {
      const { app, token } = setup('sam.snapshots');
      const res = await request(app).get('/me').query({ access_token: token, fields: 'account_type' }).expect(200);
      expect(res.body.account_type).toBe('PERSONAL');
    });

    it('should carry usage headers keyed by the IG_ID', async () => {
      const { app, token } = setup();
      const res = await request(app).get('/me').query({ access_token: token }).expect(200);
      expect(JSON.parse(res.headers['x-app-usage']!)).toEqual({ call_count: 1, total_cputime: 1, total_time: 1 });
      expect(JSON.parse(res.headers['x-business-use-case-usage']!)).toEqual({
        [northshore.userId]: [{ type: 'instagram', call_count: 1, total_cputime: 1, total_time: 1, estimated_time_to_regain_access: 0 }],
      });
    });

    it.each([
      ['no token', {}, 2500],
      ['a garbage token', { access_token: 'EAACEdEose0cBA' }, 190],
    ])('should refuse %s', async (_name, query, code) => {
      const { app } = setup();
      const res = await request(app).get('/me').query(query).expect(400);
      expect(res.body.error).toMatchObject({ code, type: 'OAuthException', fbtrace_id: expect.any(String) });
      expect(res.body.error.error_subcode).toBeUndefined();
    });
  });

  describe('/me/media', () => {
    it('should page through every post newest first, following next URLs', async () => {
      const { app, token } = setup();
      const seen: Item[] = [];
      let path: string | undefined = `/v23.0/me/media?${new URLSearchParams({ access_token: token, fields: MEDIA_FIELDS, limit: '7' })}`;
      let pages = 0;
      while (path) {
        const res = await request(app).get(path).expect(200);
        seen.push(...(res.body.data as Item[]));
        pages++;
        const next = res.body.paging?.next as string | undefined;
        if (next) {
          expect(next.startsWith(`${PUBLIC_URL}/v23.0/${northshore.userId}/media?access_token=${token}&fields=`)).toBe(true);
          expect(new URL(next).searchParams.get('fields')).toBe(MEDIA_FIELDS);
          expect(new URL(next).searchParams.get('limit')).toBe('7');
        }
        expect(res.body.paging.cursors.after).toMatch(/^QVFI/);
        path = next && pathOf(next);
      }
      expect(pages).toBe(5);
      expect(seen.map(m => m.id)).toEqual(northshore.media.map(m => m.id));
      expect(new Set(seen.map(m => m.id)).size).toBe(30);
      const times = seen.map(m => Date.parse(String(m.timestamp).replace('+0000', 'Z')));
      expect([...times].sort((a, b) => b - a)).toEqual(times);
      expect(seen[0]!.timestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$/);
    });

    it('should answer ids and cursors only by default, 25 per page', async () => {
      const { app, token } = setup();
      const res = await request(app).get(`/${northshore.userId}/media`).query({ access_token: token }).expect(200);
      expect(res.body.data).toHaveLength(25);
      expect(Object.keys(res.body.data[0])).toEqual(['id']);
      expect(res.body.paging.previous).toBeUndefined();
      const next = new URL(res.body.paging.next);
      expect(next.pathname).toBe(`/${northshore.userId}/media`);
      expect(next.searchParams.has('fields')).toBe(false);
      expect(next.searchParams.get('limit')).toBe('25');
    });

    it('should page backwards with before and previous', async () => {
      const { app, token } = setup();
      const first = await request(app).get('/me/media').query({ access_token: token, limit: 10 }).expect(200);
      const second = await request(app).get(pathOf(first.body.paging.next)).expect(200);
      const back = await request(app).get(pathOf(second.body.paging.previous)).expect(200);
      expect(back.body.data).toEqual(first.body.data);
    });

    it('should clamp limit to 100 and refuse nonsense', async () => {
      const { app, token } = setup();
      const all = await request(app).get('/me/media').query({ access_token: token, limit: 500 }).expect(200);
      expect(all.body.data).toHaveLength(30);
      expect(all.body.paging.next).toBeUndefined();
      await request(app).get('/me/media').query({ access_token: token, limit: 'ten' }).expect(400);
      await request(app).get('/me/media').query({ access_token: token, after: 'QVFIbogus' }).expect(400);
    });

    it('should answer an empty page after the last item', async () => {
      const { app, token } = setup();
      const all = await request(app).get('/me/media').query({ access_token: token, limit: 100 }).expect(200);
      const after = await request(app).get('/me/media').query({ access_token: token, after: all.body.paging.cursors.after }).expect(200);
      expect(after.body).toEqual({ data: [] });
    });

    it('should render each media type as Instagram does', async () => {
      const { app, token } = setup();
      const res = await request(app).get('/me/media').query({ access_token: token, fields: MEDIA_FIELDS, limit: 100 }).expect(200);
      const data = res.body.data as Item[];
      const image = data.find(m => m.media_type === 'IMAGE' && m.alt_text)!;
      expect(image).toMatchObject({ media_product_type: 'FEED', permalink: expect.stringMatching(/^https:\/\/www\.instagram\.com\/p\/\w/) });
      expect(image.media_url).toMatch(/^http:\/\/emulator\.test\/cdn\/v\/t51\.2885-15\/.+\.jpg\?/);
      expect(image).not.toHaveProperty('thumbnail_url');
      expect(image).not.toHaveProperty('is_shared_to_feed');
      const reel = data.find(m => m.media_product_type === 'REELS' && m.media_url)!;
      expect(reel).toMatchObject({ media_type: 'VIDEO', is_shared_to_feed: true });
      expect(reel.permalink).toMatch(/^https:\/\/www\.instagram\.com\/reel\//);
      expect(reel.media_url).toMatch(/\/cdn\/o1\/v\/t16\/.+\.mp4\?/);
      expect(reel.thumbnail_url).toMatch(/\.jpg\?/);
      expect(reel).not.toHaveProperty('alt_text');
      const copyrighted = data.filter(m => m.media_type === 'VIDEO' && !('media_url' in m));
      expect(copyrighted).toHaveLength(1);
      expect(copyrighted[0]!.thumbnail_url).toMatch(/\.jpg\?/);
      expect(data.filter(m => !('like_count' in m)).length).toBeGreaterThan(0);
      expect(data.filter(m => !('caption' in m)).length).toBeGreaterThan(0);
      expect(data.some(m => m.caption === '')).toBe(true);
      expect(data.some(m => /\n/.test(String(m.caption)) && /#\w/.test(String(m.caption)) && /@\w/.test(String(m.caption)))).toBe(true);
      expect(data.some(m => m.is_shared_to_feed === false)).toBe(true);
      expect(data.every(m => ['IMAGE', 'VIDEO', 'CAROUSEL_ALBUM'].includes(String(m.media_type)))).toBe(true);
    });

    it('should expand carousel children, with the album media_url being the first child', async () => {
      const { app, token } = setup();
      const fields = 'id,media_type,media_url,children{id,media_type,media_url,thumbnail_url,alt_text}';
      const res = await request(app).get('/me/media').query({ access_token: token, fields, limit: 100 }).expect(200);
      const albums = (res.body.data as Item[]).filter(m => m.media_type === 'CAROUSEL_ALBUM');
      expect(albums.length).toBeGreaterThanOrEqual(5);
      for (const album of albums) {
        const children = (album.children as { data: Item[] }).data;
        expect(children.length).toBeGreaterThanOrEqual(2);
        expect(children.length).toBeLessThanOrEqual(10);
        expect(album.media_url).toBe(children[0]!.media_url);
        for (const child of children) {
          expect(['IMAGE', 'VIDEO']).toContain(child.media_type);
          expect('thumbnail_url' in child).toBe(child.media_type === 'VIDEO');
        }
      }
      const mixed = albums.find(a => new Set((a.children as { data: Item[] }).data.map(c => c.media_type)).size === 2);
      expect(mixed).toBeDefined();
      expect(albums.some(a => (a.children as { data: Item[] }).data.length === 10)).toBe(true);
      const nonAlbum = (res.body.data as Item[]).find(m => m.media_type === 'IMAGE')!;
      expect(nonAlbum).not.toHaveProperty('children');
    });

    it('should honour children.limit(n)', async () => {
      const { app, token } = setup();
      const album = northshore.media.find(m => m.children.length === 10)!;
      const res = await request(app).get(`/v23.0/${album.id}`).query({ access_token: token, fields: 'children.limit(3){id}' }).expect(200);
      expect(res.body).toEqual({ children: { data: album.children.slice(0, 3).map(c => ({ id: c.id })) }, id: album.id });
    });
  });

  describe('media nodes', () => {
    it('should answer a media object and its children edge', async () => {
      const { app, token } = setup();
      const album = northshore.media.find(m => m.mediaType === 'CAROUSEL_ALBUM')!;
      const node = await request(app).get(`/${album.id}`).query({ access_token: token, fields: 'caption,media_type' }).expect(200);
      expect(node.body).toEqual({ caption: album.caption, media_type: 'CAROUSEL_ALBUM', id: album.id });
      const edge = await request(app).get(`/v23.0/${album.id}/children`).query({ access_token: token, fields: 'id,media_type' }).expect(200);
      expect(edge.body).toEqual({ data: album.children.map(c => ({ id: c.id, media_type: c.mediaType })) });
      const child = await request(app).get(`/${album.children[0]!.id}`).query({ access_token: token, fields: 'media_type,caption' }).expect(200);
      expect(child.body).toEqual({ media_type: album.children[0]!.mediaType, id: album.children[0]!.id });
    });

    it('should answer 100/33 for unknown ids and for other accounts’ media', async () => {
      const { app, token } = setup();
      for (const id of ['17999999999999999', lena.media[0]!.id, lena.userId]) {
        const res = await request(app).get(`/v23.0/${id}`).query({ access_token: token }).expect(400);
        expect(res.body.error).toMatchObject({
          message: `Unsupported get request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation`,
          type: 'IGApiException',
          code: 100,
          error_subcode: 33,
        });
      }
      await request(app).get(`/${lena.userId}/media`).query({ access_token: token }).expect(400);
    });

    it('should refuse unknown fields, syntax errors, unknown edges and paths', async () => {
      const { app, token } = setup();
      const field = await request(app).get('/me/media').query({ access_token: token, fields: 'id,view_count' }).expect(400);
      expect(field.body.error.message).toBe('(#100) Tried accessing nonexisting field (view_count) on node type (Media)');
      const syntax = await request(app).get('/me').query({ access_token: token, fields: 'id,{' }).expect(400);
      expect(syntax.body.error.message).toMatch(/^Syntax error/);
      const edge = await request(app).get('/me/stories').query({ access_token: token }).expect(400);
      expect(edge.body.error.message).toBe('(#100) Tried accessing nonexisting field (stories) on node type (User)');
      const path = await request(app).get('/v23.0/me/media/extra').query({ access_token: token }).expect(400);
      expect(path.body.error).toMatchObject({ code: 2500, message: 'Unknown path components: /v23.0/me/media/extra' });
      await request(app).post('/me/media').query({ access_token: token }).expect(400);
      await request(app).get('/%E0%A4%A').expect(400);
    });

    it('should omit media_product_type when switched off', async () => {
      const { app, emulator, token } = setup();
      emulator.setControl({ mediaProductType: false });
      const res = await request(app).get('/me/media').query({ access_token: token, fields: 'id,media_product_type', limit: 1 }).expect(200);
      expect(Object.keys(res.body.data[0])).toEqual(['id']);
    });
  });
});
