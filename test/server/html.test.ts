// GET /api/feeds/:account/html and GET /embed/:account: the element rendered on the server (declarative
// shadow DOM by Lit's SSR), the data it hydrates from, light-DOM links and images for crawlers, schema.org
// JSON-LD; parameters mirror the attributes and are validated; curation applies; ETag and caching; no
// Instagram call beyond the feed's own; the embed page may be framed anywhere and reports its height.
import nock from 'nock';
import request from 'supertest';
import { afterEach, describe, expect, it } from 'vitest';
import type { Feed } from '../../widget/contract.js';
import { GRAPH, testAccount } from './helpers/setup.js';
import { useApps } from './helpers/apps.js';

const T0 = Date.parse('2026-11-28T12:00:00Z');
const OE = Math.floor((T0 + 30 * 86_400_000) / 1000).toString(16);
const USER = 'northshore.coffee';
const TOKEN = 'IGAAhtml-test-token-0123456789';
const POSTS = 20;
let now = T0;

function mockInstagram() {
  const calls = { media: 0 };
  nock(GRAPH)
    .get('/v23.0/me/media')
    .query(true)
    .reply(() => {
      calls.media++;
      const data = Array.from({ length: POSTS }, (_, k) => ({
        id: String(1000 + k),
        media_type: k % 4 === 1 ? 'VIDEO' : 'IMAGE',
        media_product_type: k % 4 === 1 ? 'REELS' : 'FEED',
        media_url: `https://scontent.cdninstagram.com/${1000 + k}.${k % 4 === 1 ? 'mp4' : 'jpg'}?oe=${OE}`,
        thumbnail_url: `https://scontent.cdninstagram.com/${1000 + k}-poster.jpg?oe=${OE}`,
        permalink: `https://www.instagram.com/p/P${1000 + k}/`,
        timestamp: new Date(T0 - k * 3600_000).toISOString().replace('.000Z', '+0000'),
        caption: k === 0 ? 'Tag <script>alert(1)</script> & "quotes" </script><!-- #coffee' : `Post ${k} #coffee`,
      }));
      return [200, { data }];
    })
    .persist();
  nock(GRAPH)
    .get('/v23.0/me')
    .query(true)
    .reply(200, { id: '1', user_id: '17841400000000001', username: USER, name: 'North Shore', account_type: 'BUSINESS' })
    .persist();
  return calls;
}

const apps = useApps();
async function setup(env: Record<string, string> = {}) {
  const ctx = await apps.build({ env: { RATE_LIMIT_PER_MINUTE: '0', MEDIA_MODE: 'direct', ...env }, now: () => now });
  await ctx.store.upsert(testAccount(T0 - 86_400_000), TOKEN);
  return ctx;
}

afterEach(() => {
  now = T0;
});

/** The JSON of the first `<script type="...">` of that type in `html`. */
function scriptJson<T>(html: string, type: string): T {
  const match = new RegExp(`<script type="${type.replace('+', '\\+')}">([\\s\\S]*?)</script>`).exec(html);
  if (!match) throw new Error(`no ${type} script`);
  return JSON.parse(match[1]!) as T;
}

describe('GET /api/feeds/:account/html', () => {
  it('renders the element with declarative shadow DOM, the data it starts from, links with sized images, and JSON-LD', async () => {
    const { app } = await setup();
    mockInstagram();
    const res = await request(app).get(`/api/feeds/${USER}/html?limit=6&layout=grid&columns=3&no-captions`).expect(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const html = res.text;
    expect(html).toMatch(/<instagram-feed[^>]*\saccount="northshore\.coffee"/);
    expect(html).toMatch(/<instagram-feed[^>]*\slayout="grid"[^>]*\scolumns="3"[^>]*\slimit="6"[^>]*\sno-captions/);
    expect(html).toContain('<template shadowroot="open" shadowrootmode="open"><style>');
    // The shadow DOM shows the posts (tiles with their parts) and the header, as the live element does.
    const shadow = html.slice(html.indexOf('<template'), html.indexOf('</template>'));
    expect(shadow.match(/part="item item--/g)).toHaveLength(6);
    expect(shadow).toContain('part="header"');
    // Without Lit's hydration markers, which the element does not use (it replaces the server's nodes).
    expect(html).not.toMatch(/<!--\/?lit-/);
    // No script runs behind it: every tile is a link to its post.
    expect(shadow.match(/<a[^>]*href="https:\/\/www\.instagram\.com\/p\/P\d+\/"/g)?.length).toBeGreaterThanOrEqual(6);
    // The data the element hydrates from: the feed page as the JSON route answers it.
    const data = scriptJson<Feed>(html, 'application/json');
    const json = (await request(app).get(`/api/feeds/${USER}?limit=6`).expect(200)).body as Feed;
    expect(data).toEqual(json);
    // Light DOM: a link per post with an image carrying width, height and alt.
    const light = html.slice(html.indexOf('</template>'));
    const links = [...light.matchAll(/<li[^>]*><a href="([^"]+)"><img ([^>]+)>/g)];
    expect(links.map(m => m[1])).toEqual(json.media.map(m => m.permalink));
    for (const [, , img] of links) expect(img).toMatch(/src="https:\/\/[^"]+" .*width="\d+" height="\d+" alt="[^"]+"/);
    // schema.org: an ItemList of ImageObject and VideoObject with author and date.
    const ld = scriptJson<{ '@type': string; itemListElement: { item: Record<string, unknown> }[] }>(html, 'application/ld+json');
    expect(ld['@type']).toBe('ItemList');
    expect(ld.itemListElement).toHaveLength(6);
    expect(ld.itemListElement.map(entry => entry.item['@type'])).toEqual(
      json.media.map(m => (m.type === 'reel' || m.type === 'video' ? 'VideoObject' : 'ImageObject')),
    );
    expect(ld.itemListElement[0]!.item).toMatchObject({
      author: { '@type': 'Person', alternateName: '@northshore.coffee' },
      datePublished: json.media[0]!.timestamp,
    });
  });

  it('never lets a caption end a script or open markup', async () => {
    const { app } = await setup();
    mockInstagram();
    const html = (await request(app).get(`/api/feeds/${USER}/html?limit=3`).expect(200)).text;
    expect(html).not.toContain('<script>alert(1)');
    expect(html.match(/<\/script>/g)).toHaveLength(2); // the data block and the JSON-LD, nothing else
    expect(scriptJson<Feed>(html, 'application/json').media[0]!.caption).toContain('</script><!--');
  });

  it('applies the curation, caches the rendering with an ETag, and costs no Instagram call beyond the feed', async () => {
    const { app } = await setup();
    const calls = mockInstagram();
    const first = await request(app).get(`/api/feeds/${USER}/html?limit=4`).expect(200);
    expect(calls.media).toBe(1);
    await request(app).get(`/api/feeds/${USER}/html?limit=4`).set('If-None-Match', first.headers.etag).expect(304);
    await request(app)
      .put(`/api/accounts/${USER}/curation`)
      .send({ hidden: ['1000'], pinned: ['1003'] })
      .expect(200);
    const curated = await request(app).get(`/api/feeds/${USER}/html?limit=4`).set('If-None-Match', first.headers.etag).expect(200);
    const data = scriptJson<Feed>(curated.text, 'application/json');
    expect(data.media.map(m => m.id)).toEqual(['1003', '1001', '1002', '1004']);
    expect(curated.text).not.toContain('P1000/');
    expect(curated.headers['cache-control']).toMatch(/^public, max-age=\d+/);
    for (let i = 0; i < 5; i++) await request(app).get(`/api/feeds/${USER}/html?limit=4&layout=list`).expect(200);
    expect(calls.media).toBe(1);
  });

  it.each([
    ['layout=spiral', 'layout'],
    ['columns=0', 'columns'],
    ['limit=101', 'limit'],
    ['types=story', 'types'],
    ['tile-link=popup', 'tile-link'],
    ['locale=<x>', 'locale'],
    ['no-header=maybe', 'no-header'],
    ['onload=alert(1)', 'onload'],
    ['layout=grid&layout=list', 'layout'],
    ['load-more=never', 'load-more'],
    ['autoplay=0', 'autoplay'],
    ['strings=follow', 'strings'],
    ['strings=["Follow"]', 'strings'],
    [`strings=${encodeURIComponent(JSON.stringify({ follow: 'x'.repeat(5000) }))}`, 'strings'],
  ])('refuses ?%s with 400 naming `%s`', async (query, name) => {
    const { app } = await setup();
    mockInstagram();
    const res = await request(app).get(`/api/feeds/${USER}/html?${query}`).expect(400).expect('content-type', /json/);
    expect(res.body.error).toMatchObject({ code: 'invalid_parameter', message: expect.stringContaining(`\`${name}\``) });
  });

  // Also the carousel on the server: its buttons' module is not loaded there (it did, and failed outside the request).
  it("carries the site owner's texts, infinite scroll and autoplay to the element, and renders the texts", async () => {
    const { app } = await setup();
    mockInstagram();
    const strings = encodeURIComponent(JSON.stringify({ follow: 'Shop our feed', loadMore: 'Show me more' }));
    const html = (await request(app).get(`/api/feeds/${USER}/html?layout=carousel&autoplay=4&load-more=auto&strings=${strings}`).expect(200)).text;
    const tag = html.slice(0, html.indexOf('>'));
    expect(tag).toContain('load-more="auto"');
    expect(tag).toContain('autoplay="4"');
    expect(tag).toContain(`strings="${JSON.stringify({ follow: 'Shop our feed', loadMore: 'Show me more' }).replace(/"/g, '&quot;')}"`);
    expect(html).toContain('>Shop our feed</a');
    expect(html).not.toContain('>Follow</a');
  });

  it('sends CORS headers per ALLOWED_ORIGINS, and answers any If-None-Match that names its ETag with a 304', async () => {
    const open = await setup();
    mockInstagram();
    const any = await request(open.app).get(`/api/feeds/${USER}/html?limit=4`).set('Origin', 'https://anywhere.example').expect(200);
    expect(any.headers['access-control-allow-origin']).toBe('*');
    const { app } = await setup({ ALLOWED_ORIGINS: 'https://shop.example' });
    const allowed = await request(app).get(`/api/feeds/${USER}/html?limit=4`).set('Origin', 'https://shop.example').expect(200);
    expect(allowed.headers['access-control-allow-origin']).toBe('https://shop.example');
    expect(allowed.headers.vary).toMatch(/Origin/);
    const other = await request(app).get(`/api/feeds/${USER}/html?limit=4`).set('Origin', 'https://evil.example').expect(200);
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
    const { etag } = allowed.headers;
    for (const header of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
      await request(app).get(`/api/feeds/${USER}/html?limit=4`).set('If-None-Match', header!).expect(304);
    }
    await request(app).get(`/api/feeds/${USER}/html?limit=4`).set('If-None-Match', '"other"').expect(200);
  });

  it('answers 404 for an unknown account and renders merged feeds', async () => {
    const { app } = await setup();
    mockInstagram();
    expect((await request(app).get('/api/feeds/nobody.here/html').expect(404)).body.error.code).toBe('account_not_found');
  });
});

describe('GET /embed/:account', () => {
  it('is a whole static page that may be framed anywhere, runs only our height script, and reports its height', async () => {
    const { app, config } = await setup();
    mockInstagram();
    const res = await request(app).get(`/embed/${USER}?limit=4`).expect(200);
    expect(res.text).toMatch(/^<!doctype html>/);
    expect(res.text).not.toContain('instagram-feed.js');
    expect(res.text).toContain(`<script src="${config.publicUrl}/embed/height.js" defer></script>`);
    expect(res.text).toContain('<template shadowroot="open" shadowrootmode="open">');
    expect(res.headers['x-frame-options']).toBeUndefined();
    expect(res.headers['content-security-policy']).toMatch(/frame-ancestors \*/);
    expect(res.headers['content-security-policy']).toMatch(/script-src 'self'/);
    const script = await request(app)
      .get('/embed/height.js')
      .expect(200)
      .expect('content-type', /javascript/);
    expect(script.text).toContain("type: 'instagram-feed:height'");
  });
});
