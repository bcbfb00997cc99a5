// Syndication through HTTP: GET /api/feeds/:account/rss.xml (RSS 2.0 with Media RSS) and
// /api/feeds/:account/feed.json (JSON Feed 1.1), for one account and merged feeds. Both are made from
// the curated Feed JSON page: the tests check what a feed reader gets (required fields, media per type,
// well-formed XML whatever the caption says), that curation applies, that they share the JSON route's
// cache (Instagram is nock at the Graph host, and every call is counted), and their headers and errors.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import nock from 'nock';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { CHUNK_SIZE } from '../../server/feed/feed-service.js';
import type { JsonFeed, JsonFeedItem } from '../../server/syndication/json-feed.js';
import { toJsonFeed } from '../../server/syndication/json-feed.js';
import { toRss } from '../../server/syndication/rss.js';
import type { Feed, Media, MediaType } from '../../widget/contract.js';
import { type buildApp, CLIENT_SECRET, GRAPH, testAccount } from './helpers/setup.js';
import { useApps } from './helpers/apps.js';

const T0 = Date.parse('2026-11-28T12:00:00Z');
const HOUR = 3600_000;
const OE = Math.floor((T0 + 30 * 86_400_000) / 1000).toString(16);
const CDN = 'https://scontent.cdninstagram.com';
const PUBLIC_URL = 'https://feeds.example.com';
// A public PUBLIC_URL needs one; the curation PUTs send it.
const ADMIN_PASSWORD = 'correct horse battery staple';
const now = () => T0;

/** Control characters XML 1.0 forbids (and DEL, C1), U+FFFE/U+FFFF and a lone surrogate: none may reach a reader. */
const UNUSABLE = '\u0000\u0001\u0007\u0008\u000B\u000C\u001B\u007F\u0085\uFFFE\uFFFF\uD800';
/** Markup, a CDATA end, entities, RTL text and a bidi override, emoji, and UNUSABLE in the middle. */
const HOSTILE_START = '<script>alert("x")</script> ]]> & &amp; <![CDATA[ y ]]> ';
const HOSTILE_END = ' lone שלום עולם مرحبا \u202Eevil\u202C 👩‍👩‍👧‍👦 🇨🇦 #café #東京\r\nsecond <b>line</b>';
const HOSTILE = HOSTILE_START + UNUSABLE + HOSTILE_END;
/** What a reader must get of it: everything else. */
const HOSTILE_CLEAN = HOSTILE_START + HOSTILE_END;
const LONG_LINE = `${'Slow mornings at the roastery 👩‍👩‍👧‍👦 '.repeat(8)}end`;

interface IgAccount {
  id: string;
  username: string;
  token: string;
  /** Post k: id `${base + k}`, timestamp T0 - hours(k). */
  base: number;
  count: number;
  hours: (k: number) => number;
}

const ACCOUNT: IgAccount = {
  id: '17841400000000001',
  username: 'northshore.coffee',
  token: 'IGAAsyndication-token-1-0123456789',
  base: 1000,
  count: 130,
  hours: k => 2 * k,
};
const OTHER: IgAccount = {
  id: '17841400000000002',
  username: 'harbour.bakery',
  token: 'IGAAsyndication-token-2-0123456789',
  base: 5000,
  count: 12,
  hours: k => 2 * k + 1,
};

/** Post k is an image, a video, a reel and an album in turn; posts 7, 12, 14, 17, 27... have no caption (one of each type). */
const typeOf = (k: number): MediaType => (['image', 'video', 'reel', 'carousel'] as const)[k % 4];
const idOf = (account: IgAccount, k: number) => String(account.base + k);
const permalinkOf = (id: string) => `https://www.instagram.com/p/P${id}/`;
const imageUrlOf = (id: string) => `${CDN}/v/${id}.jpg?stp=dst-jpg&oh=abc&oe=${OE}`;
const videoUrlOf = (id: string) => `${CDN}/o1/v/${id}.mp4?efg=e30&oh=abc&oe=${OE}`;
const posterUrlOf = (id: string) => `${CDN}/v/${id}-poster.jpg?oh=abc&oe=${OE}`;

function captionOf(account: IgAccount, k: number): string | undefined {
  if (k % 10 === 7 || k === 12 || k === 14) return undefined;
  if (account === ACCOUNT && k === 4) return HOSTILE;
  if (account === ACCOUNT && k === 6) return `${LONG_LINE}\nand more`;
  return `\n  Post ${k} of @${account.username}  \nSecond line #${typeOf(k)}`;
}

function graphItem(account: IgAccount, k: number) {
  const id = idOf(account, k);
  const type = typeOf(k);
  const base = {
    id,
    permalink: permalinkOf(id),
    timestamp: new Date(T0 - account.hours(k) * HOUR).toISOString().replace('.000Z', '+0000'),
    caption: captionOf(account, k),
  };
  if (type === 'image') return { ...base, media_type: 'IMAGE', media_url: imageUrlOf(id) };
  if (type !== 'carousel')
    return { ...base, media_type: 'VIDEO', media_product_type: type === 'reel' ? 'REELS' : 'FEED', media_url: videoUrlOf(id), thumbnail_url: posterUrlOf(id) };
  const children = [
    { id: `${id}01`, media_type: 'IMAGE', media_url: imageUrlOf(`${id}01`) },
    { id: `${id}02`, media_type: 'VIDEO', media_url: videoUrlOf(`${id}02`), thumbnail_url: posterUrlOf(`${id}02`) },
  ];
  return { ...base, media_type: 'CAROUSEL_ALBUM', media_url: imageUrlOf(`${id}01`), children: { data: children } };
}

const urlOf = (uri: unknown) => new URL(typeof uri === 'string' ? uri : (uri as Request).url, GRAPH);

/** Instagram for `accounts`, told apart by their tokens; counts every call. */
function mockInstagram(accounts: IgAccount[]) {
  const calls: string[] = [];
  const owner = (uri: unknown) => accounts.find(a => a.token === urlOf(uri).searchParams.get('access_token'))!;
  nock(GRAPH)
    .get('/v23.0/me/media')
    .query(true)
    .reply(uri => {
      const account = owner(uri);
      const n = Number(/^c(\d+)$/.exec(urlOf(uri).searchParams.get('after') ?? '')?.[1] ?? 0);
      calls.push(`media ${account.username} ${n}`);
      const from = n * CHUNK_SIZE;
      const to = Math.min(account.count, from + CHUNK_SIZE);
      const data = Array.from({ length: Math.max(0, to - from) }, (_, i) => graphItem(account, from + i));
      const next = to < account.count ? { next: `${GRAPH}/v23.0/me/media?after=c${n + 1}` } : {};
      return [200, { data, paging: { cursors: { after: `c${n + 1}` }, ...next } }];
    })
    .persist();
  nock(GRAPH)
    .get('/v23.0/me')
    .query(true)
    .reply(uri => {
      const account = owner(uri);
      calls.push(`me ${account.username}`);
      return [
        200,
        {
          id: '1',
          user_id: account.id,
          username: account.username,
          name: account === ACCOUNT ? 'North Shore Coffee' : null,
          account_type: 'BUSINESS',
          profile_picture_url: `${CDN}/v/avatar-${account.id}.jpg?oe=${OE}`,
          biography: account === ACCOUNT ? 'Roastery & café <Vancouver>' : undefined,
        },
      ];
    })
    .persist();
  nock(GRAPH)
    .get(/^\/v23\.0\/\d+$/)
    .query(true)
    .reply(uri => {
      calls.push('media_by_id');
      const account = owner(uri);
      const k = Number(urlOf(uri).pathname.split('/').pop()) - account.base;
      return [200, graphItem(account, k)];
    })
    .persist();
  return { calls };
}

type Ctx = Awaited<ReturnType<typeof buildApp>>;
type App = Ctx['app'];
const apps = useApps();
async function setup(env: Record<string, string> = {}, accounts: IgAccount[] = [ACCOUNT, OTHER]) {
  const instagram = mockInstagram(accounts);
  const ctx = await apps.build({ env: { RATE_LIMIT_PER_MINUTE: '0', PUBLIC_URL, ADMIN_PASSWORD, ...env }, now });
  for (const account of accounts) {
    const base = testAccount(T0 - 86_400_000);
    await ctx.store.upsert({ ...base, id: account.id, username: account.username, profile: { ...base.profile, username: account.username } }, account.token);
  }
  return { ...ctx, instagram };
}

const parser = new XMLParser({
  ignoreAttributes: false,
  parseTagValue: false,
  trimValues: false,
  isArray: name => ['item', 'category', 'media:content', 'atom:link'].includes(name),
});

interface RssItem {
  title?: string;
  link?: string;
  guid: { '#text': string; '@_isPermaLink': string };
  pubDate: string;
  description?: string;
  'dc:creator'?: string;
  category?: string[];
  'media:content'?: RssMedia[];
  'media:group'?: { 'media:content': RssMedia[] };
  'media:thumbnail'?: { '@_url': string };
}
interface RssMedia {
  '@_url': string;
  '@_medium': string;
  '@_type'?: string;
  '@_isDefault'?: string;
  'media:thumbnail'?: { '@_url': string };
}
interface RssChannel {
  title: string;
  link: string;
  description: string;
  'atom:link': { '@_href': string; '@_rel': string; '@_type': string }[];
  lastBuildDate: string;
  ttl: string;
  image?: { url: string; title: string; link: string };
  item?: RssItem[];
}

/** Well-formed (checked on its own), then parsed. */
function parseRss(xml: string): RssChannel {
  expect(XMLValidator.validate(xml)).toBe(true);
  const doc = parser.parse(xml);
  expect(doc.rss['@_version']).toBe('2.0');
  expect(doc.rss['@_xmlns:media']).toBe('http://search.yahoo.com/mrss/');
  expect(doc.rss['@_xmlns:atom']).toBe('http://www.w3.org/2005/Atom');
  return doc.rss.channel as RssChannel;
}

const rssOf = async (app: App, path: string) => {
  const res = await request(app).get(path).buffer(true).expect(200);
  expect(res.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
  return { res, channel: parseRss(res.text) };
};
const jsonFeedOf = async (app: App, path: string) => {
  const res = await request(app).get(path).buffer(true).expect(200);
  expect(res.headers['content-type']).toBe('application/feed+json; charset=utf-8');
  return { res, feed: JSON.parse(res.text) as JsonFeed };
};

const RFC_822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const HTTP_URL = /^https?:\/\/[^\s<>"]+$/;
const unescapeHtml = (html: string) =>
  html.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" })[name]!);
/** The caption as a reader renders it: the `dir="auto"` paragraph, with its line breaks. */
const captionInHtml = (html: string) => unescapeHtml(/<p dir="auto">(.*?)<\/p>/s.exec(html)?.[1]?.replaceAll('<br>', '\n') ?? '');
const kOf = (id: string) => Number(id) - ACCOUNT.base;

describe('GET /api/feeds/:account/rss.xml', () => {
  it('is RSS 2.0 with the channel fields a reader needs: title, link, description, self link, build date, picture, ttl', async () => {
    const { app } = await setup();
    const { res, channel } = await rssOf(app, '/api/feeds/northshore.coffee/rss.xml');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['cache-control']).toMatch(/^public, max-age=\d+, stale-while-revalidate=3600, stale-if-error=86400$/);
    expect(channel.title).toBe('@northshore.coffee on Instagram');
    expect(channel.link).toBe('https://www.instagram.com/northshore.coffee/');
    expect(channel.description).toBe('Roastery & café <Vancouver>');
    expect(channel['atom:link']).toEqual([
      { '@_href': `${PUBLIC_URL}/api/feeds/northshore.coffee/rss.xml`, '@_rel': 'self', '@_type': 'application/rss+xml' },
      {
        '@_href': expect.stringMatching(/^https:\/\/feeds\.example\.com\/api\/feeds\/northshore\.coffee\/rss\.xml\?after=/),
        '@_rel': 'next',
        '@_type': 'application/rss+xml',
      },
    ]);
    expect(channel.lastBuildDate).toMatch(RFC_822);
    expect(channel.ttl).toBe('60');
    expect(channel.image).toEqual({ url: `${CDN}/v/avatar-${ACCOUNT.id}.jpg?oe=${OE}`, title: channel.title, link: channel.link });
    expect(channel.item).toHaveLength(20);
  });

  it('gives every item a title, the permalink, a guid, an RFC 822 date, the author and a description with the picture', async () => {
    const { app } = await setup();
    const { channel } = await rssOf(app, '/api/feeds/northshore.coffee/rss.xml?limit=12');
    expect(channel.item!.map(item => item.guid['#text'])).toEqual(Array.from({ length: 12 }, (_, k) => idOf(ACCOUNT, k)));
    for (const item of channel.item!) {
      const k = kOf(item.guid['#text']);
      expect(item.guid['@_isPermaLink']).toBe('false');
      expect(item.link).toBe(permalinkOf(idOf(ACCOUNT, k)));
      expect(item.pubDate).toMatch(RFC_822);
      expect(new Date(item.pubDate).getTime()).toBe(T0 - 2 * k * HOUR);
      expect(item['dc:creator']).toBe('North Shore Coffee');
      expect(item.title!.length).toBeGreaterThan(0);
      expect(item.description).toContain(`<img src="${unescapeHtml(item['media:thumbnail']!['@_url']).replaceAll('&', '&amp;')}"`);
      expect(item.description).toContain(`<a href="${permalinkOf(idOf(ACCOUNT, k))}">`);
    }
    const byK = (k: number) => channel.item![k]!;
    expect(byK(0).title).toBe('Post 0 of @northshore.coffee');
    expect(captionInHtml(byK(0).description!)).toBe(`\n  Post 0 of @northshore.coffee  \nSecond line #image`);
    expect(byK(0).category).toEqual(['image']);
    expect(byK(7).title).toBe('Album by @northshore.coffee');
    expect(byK(6).title!.endsWith('…')).toBe(true);
    expect([...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(byK(6).title!)].length).toBeLessThanOrEqual(100);
    expect(LONG_LINE.startsWith(byK(6).title!.slice(0, -1))).toBe(true);
  });

  it('carries media:content and media:thumbnail for every media type: image, video, reel and album', async () => {
    const { app } = await setup();
    const { channel } = await rssOf(app, '/api/feeds/northshore.coffee/rss.xml?limit=4');
    const [image, video, reel, album] = channel.item!.map(item => ({ ...item, id: item.guid['#text'] }));
    expect(image!['media:content']).toEqual([{ '@_url': imageUrlOf(image!.id), '@_medium': 'image', '@_type': 'image/jpeg' }]);
    expect(image!['media:thumbnail']).toEqual({ '@_url': imageUrlOf(image!.id) });
    for (const post of [video!, reel!]) {
      expect(post['media:content']).toEqual([
        { '@_url': videoUrlOf(post.id), '@_medium': 'video', '@_type': 'video/mp4', 'media:thumbnail': { '@_url': posterUrlOf(post.id) } },
      ]);
      expect(post['media:thumbnail']).toEqual({ '@_url': posterUrlOf(post.id) });
    }
    expect(album!['media:content']).toBeUndefined();
    expect(album!['media:group']!['media:content']).toEqual([
      { '@_url': imageUrlOf(`${album!.id}01`), '@_medium': 'image', '@_type': 'image/jpeg', '@_isDefault': 'true' },
      { '@_url': videoUrlOf(`${album!.id}02`), '@_medium': 'video', '@_type': 'video/mp4', 'media:thumbnail': { '@_url': posterUrlOf(`${album!.id}02`) } },
    ]);
    expect(album!['media:thumbnail']).toEqual({ '@_url': imageUrlOf(`${album!.id}01`) });
  });

  it('stays well-formed with a hostile caption: markup, `]]>`, `&`, control characters, a lone surrogate, emoji and RTL text', async () => {
    const { app } = await setup();
    const { res, channel } = await rssOf(app, '/api/feeds/northshore.coffee/rss.xml?limit=5');
    const xml = res.text;
    // No control character XML 1.0 forbids, no CDATA end outside markup, no live markup from the caption.
    expect(xml).not.toMatch(/(?![\t\n\r])\p{Cc}|[\uFFFE\uFFFF]|\p{Cs}/u);
    expect(xml).not.toContain(']]>');
    expect(xml).not.toContain('<script');
    const hostile = channel.item![4]!;
    expect(hostile.title).toBe(HOSTILE_CLEAN.split('\r\n')[0]!.replace(/\s+/g, ' ').trim());
    expect(hostile.description).toContain('&lt;script&gt;');
    expect(hostile.description).not.toContain('<script');
    expect(captionInHtml(hostile.description!)).toBe(HOSTILE_CLEAN.replace('\r\n', '\n'));
    expect(hostile.category).toEqual(['café', '東京']);
  });

  it('answers a merged feed: every account named, PUBLIC_URL as the link, each post by its account, newest first', async () => {
    const { app } = await setup();
    const { channel } = await rssOf(app, '/api/feeds/northshore.coffee,harbour.bakery/rss.xml?limit=6');
    expect(channel.title).toBe('@northshore.coffee and @harbour.bakery on Instagram');
    expect(channel.link).toBe(PUBLIC_URL);
    expect(channel.description).toBe('The latest Instagram posts of @northshore.coffee and @harbour.bakery.');
    expect(channel.image).toBeUndefined();
    expect(channel['atom:link'][0]!['@_href']).toBe(`${PUBLIC_URL}/api/feeds/northshore.coffee,harbour.bakery/rss.xml?limit=6`);
    expect(channel.item!.map(item => item.guid['#text'])).toEqual(['1000', '5000', '1001', '5001', '1002', '5002']);
    expect(channel.item!.map(item => item['dc:creator'])).toEqual([
      'North Shore Coffee',
      '@harbour.bakery',
      'North Shore Coffee',
      '@harbour.bakery',
      'North Shore Coffee',
      '@harbour.bakery',
    ]);
  });
});

describe('GET /api/feeds/:account/feed.json', () => {
  it('is JSON Feed 1.1 with its required fields, absolute http(s) URLs only', async () => {
    const { app } = await setup();
    const { res, feed } = await jsonFeedOf(app, '/api/feeds/northshore.coffee/feed.json');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(feed).toMatchObject({
      version: 'https://jsonfeed.org/version/1.1',
      title: '@northshore.coffee on Instagram',
      home_page_url: 'https://www.instagram.com/northshore.coffee/',
      feed_url: `${PUBLIC_URL}/api/feeds/northshore.coffee/feed.json`,
      description: 'Roastery & café <Vancouver>',
      icon: `${CDN}/v/avatar-${ACCOUNT.id}.jpg?oe=${OE}`,
      authors: [{ name: 'North Shore Coffee', url: 'https://www.instagram.com/northshore.coffee/', avatar: `${CDN}/v/avatar-${ACCOUNT.id}.jpg?oe=${OE}` }],
    });
    expect(feed).not.toHaveProperty('language');
    expect(feed.items).toHaveLength(20);
    for (const item of feed.items) {
      expect(typeof item.id).toBe('string');
      expect(typeof item.content_html === 'string' || typeof item.content_text === 'string').toBe(true);
      expect(new Date(item.date_published).toISOString()).toBe(item.date_published);
      expect(item._instagram).toEqual({ type: typeOf(kOf(item.id)), pinned: false });
      expect(item).not.toHaveProperty('authors');
    }
    const urls: string[] = [];
    JSON.stringify(feed, (key, value) => (typeof value === 'string' && /(^|_)(url|image|icon|favicon|avatar)$/.test(key) ? void urls.push(value) : value));
    expect(urls.length).toBeGreaterThan(40);
    for (const url of urls) expect(url).toMatch(HTTP_URL);
  });

  it('has content_text (the caption), content_html (escaped caption and picture), tags, and attachments for videos and albums', async () => {
    const { app } = await setup();
    const { feed } = await jsonFeedOf(app, '/api/feeds/northshore.coffee/feed.json?limit=8');
    const [image, video, , album, hostile, , , captionless] = feed.items as JsonFeedItem[];
    expect(image!.content_text).toBe(`\n  Post 0 of @northshore.coffee  \nSecond line #image`);
    expect(image!.tags).toEqual(['image']);
    expect(image).not.toHaveProperty('attachments');
    expect(video!.attachments).toEqual([{ url: videoUrlOf(video!.id), mime_type: 'video/mp4' }]);
    expect(album!.attachments).toEqual([
      { url: imageUrlOf(`${album!.id}01`), mime_type: 'image/jpeg' },
      { url: videoUrlOf(`${album!.id}02`), mime_type: 'video/mp4' },
    ]);
    expect(hostile!.content_text).toBe(HOSTILE_CLEAN);
    expect(captionInHtml(hostile!.content_html)).toBe(HOSTILE_CLEAN.replace('\r\n', '\n'));
    expect(hostile!.content_html).not.toContain('<script');
    expect(captionless).not.toHaveProperty('content_text');
    expect(captionless!.title).toBe('Album by @northshore.coffee');
    expect(captionless!.content_html).toContain(`<img src="${imageUrlOf(`${captionless!.id}01`).replaceAll('&', '&amp;')}" alt="Album by @northshore.coffee">`);
  });

  it('pages with next_url to the end, every post once, in order', async () => {
    const { app } = await setup();
    const ids: string[] = [];
    let path: string | undefined = '/api/feeds/northshore.coffee/feed.json?limit=50';
    let pages = 0;
    while (path) {
      const { feed }: { feed: JsonFeed } = await jsonFeedOf(app, path);
      expect(feed.feed_url).toBe(`${PUBLIC_URL}/api/feeds/northshore.coffee/feed.json?limit=50`);
      ids.push(...feed.items.map(item => item.id));
      path = feed.next_url?.slice(PUBLIC_URL.length);
      if (feed.next_url) expect(feed.next_url).toMatch(/^https:\/\/feeds\.example\.com\/api\/feeds\/northshore\.coffee\/feed\.json\?limit=50&after=[\w-]+/);
      if (++pages > 10) throw new Error('paging does not end');
    }
    expect(pages).toBe(3);
    expect(ids).toEqual(Array.from({ length: ACCOUNT.count }, (_, k) => idOf(ACCOUNT, k)));
  });

  it('answers a merged feed with every account as an author, and each post by its own', async () => {
    const { app } = await setup();
    const { feed } = await jsonFeedOf(app, '/api/feeds/northshore.coffee,harbour.bakery/feed.json?limit=4');
    expect(feed.title).toBe('@northshore.coffee and @harbour.bakery on Instagram');
    expect(feed.home_page_url).toBe(PUBLIC_URL);
    expect(feed).not.toHaveProperty('icon');
    expect(feed.authors.map(author => author.name)).toEqual(['North Shore Coffee', '@harbour.bakery']);
    expect(feed.items.map(item => [item.id, item.authors?.[0]?.url])).toEqual([
      ['1000', 'https://www.instagram.com/northshore.coffee/'],
      ['5000', 'https://www.instagram.com/harbour.bakery/'],
      ['1001', 'https://www.instagram.com/northshore.coffee/'],
      ['5001', 'https://www.instagram.com/harbour.bakery/'],
    ]);
  });
});

describe('both formats', () => {
  it("show a feed reader's view (title, link, image, date) that is right for every media type", async () => {
    const { app } = await setup();
    const expected = (k: number) => {
      const id = idOf(ACCOUNT, k);
      const type = typeOf(k);
      const image = type === 'image' ? imageUrlOf(id) : type === 'carousel' ? imageUrlOf(`${id}01`) : posterUrlOf(id);
      const caption = captionOf(ACCOUNT, k);
      const title = caption === undefined ? `${{ image: 'Photo', video: 'Video', reel: 'Reel', carousel: 'Album' }[type]} by @northshore.coffee` : undefined;
      return { type, link: permalinkOf(id), image, date: new Date(T0 - 2 * k * HOUR).toISOString(), ...(title && { title }) };
    };
    const { channel } = await rssOf(app, '/api/feeds/northshore.coffee/rss.xml');
    const { feed } = await jsonFeedOf(app, '/api/feeds/northshore.coffee/feed.json');
    const rssView = channel.item!.map(item => ({
      k: kOf(item.guid['#text']),
      title: item.title!,
      link: item.link!,
      image: /<img src="([^"]+)"/.exec(item.description!)?.[1] && unescapeHtml(/<img src="([^"]+)"/.exec(item.description!)![1]!),
      date: new Date(item.pubDate).toISOString(),
    }));
    const jsonView = feed.items.map(item => ({ k: kOf(item.id), title: item.title, link: item.url, image: item.image, date: item.date_published }));
    const seen = new Set<string>();
    for (const view of [rssView, jsonView]) {
      expect(view).toHaveLength(20);
      for (const { k, title, ...rest } of view) {
        const { type, title: fallback, ...want } = expected(k);
        expect(rest, `post ${k} (${type})`).toEqual(want);
        expect(title, `post ${k} (${type})`).toBe(fallback ?? title);
        expect(title.length).toBeGreaterThan(0);
        seen.add(`${type}${fallback ? ' without caption' : ''}`);
      }
    }
    expect([...seen].sort()).toEqual([
      'carousel',
      'carousel without caption',
      'image',
      'image without caption',
      'reel',
      'reel without caption',
      'video',
      'video without caption',
    ]);
    expect(rssView.map(v => v.title)).toEqual(jsonView.map(v => v.title));
  });

  it('apply the curation: a hidden post is absent, a pinned post comes first, a link is the call to action', async () => {
    const { app } = await setup();
    const link = 'https://shop.example/beans?size=1kg&roast=dark';
    await request(app)
      .put('/api/accounts/northshore.coffee/curation')
      .auth('admin', ADMIN_PASSWORD)
      .send({ hidden: ['1001'], pinned: ['1009'], links: { '1009': { url: link, label: 'Shop <the> beans' } } })
      .expect(200);
    const { channel } = await rssOf(app, '/api/feeds/northshore.coffee/rss.xml?limit=5');
    const { feed } = await jsonFeedOf(app, '/api/feeds/northshore.coffee/feed.json?limit=5');
    expect(channel.item!.map(item => item.guid['#text'])).toEqual(['1009', '1000', '1002', '1003', '1004']);
    expect(feed.items.map(item => item.id)).toEqual(['1009', '1000', '1002', '1003', '1004']);
    expect(feed.items[0]).toMatchObject({ url: permalinkOf('1009'), external_url: link, _instagram: { type: 'video', pinned: true } });
    expect(feed.items[1]).not.toHaveProperty('external_url');
    expect(channel.item![0]!.link).toBe(permalinkOf('1009'));
    const cta = `<p><a href="${link.replace('&', '&amp;')}">Shop &lt;the&gt; beans</a></p>`;
    expect(channel.item![0]!.description).toContain(cta);
    expect(feed.items[0]!.content_html).toContain(cta);
  });

  it('cost no Instagram call beyond the first load, and share the Feed JSON route cache', async () => {
    const { app, instagram } = await setup();
    await request(app).get('/api/feeds/northshore.coffee?limit=12').expect(200);
    const first = instagram.calls.length;
    expect(first).toBeGreaterThan(0);
    const rss = await request(app).get('/api/feeds/northshore.coffee/rss.xml?limit=12').expect(200);
    expect(rss.headers['x-cache']).toBe('hit');
    await jsonFeedOf(app, '/api/feeds/northshore.coffee/feed.json?limit=12');
    await rssOf(app, '/api/feeds/northshore.coffee/rss.xml');
    await jsonFeedOf(app, '/api/feeds/northshore.coffee/feed.json?limit=50');
    expect(instagram.calls.length).toBe(first);

    // The other way round: the documents load the feed once, and the JSON route then costs nothing.
    const other = await setup();
    await rssOf(other.app, '/api/feeds/northshore.coffee/rss.xml?limit=12');
    const loaded = other.instagram.calls.length;
    await request(other.app).get('/api/feeds/northshore.coffee?limit=12').expect(200).expect('x-cache', 'hit');
    await jsonFeedOf(other.app, '/api/feeds/northshore.coffee/feed.json');
    expect(other.instagram.calls.length).toBe(loaded);
  });

  it('answer 304 to a matching If-None-Match, with ETags of their own that change with the curation', async () => {
    const { app } = await setup();
    const json = await request(app).get('/api/feeds/northshore.coffee?limit=20').expect(200);
    const rss = await request(app).get('/api/feeds/northshore.coffee/rss.xml').expect(200);
    const jsonFeed = await request(app).get('/api/feeds/northshore.coffee/feed.json').expect(200);
    const tags = [json.headers.etag, rss.headers.etag, jsonFeed.headers.etag];
    for (const tag of tags) expect(tag).toMatch(/^"[\w-]{20}"$/);
    expect(new Set(tags).size).toBe(3);
    for (const [path, etag] of [
      ['/api/feeds/northshore.coffee/rss.xml', rss.headers.etag],
      ['/api/feeds/northshore.coffee/feed.json', jsonFeed.headers.etag],
    ]) {
      const again = await request(app).get(path!).expect(200);
      expect(again.headers.etag).toBe(etag);
      for (const header of [etag!, `W/${etag}`, `"other", ${etag}`]) {
        const notModified = await request(app).get(path!).set('If-None-Match', header).expect(304);
        expect(notModified.text ?? '').toBe('');
        expect(notModified.headers.etag).toBe(etag);
        expect(notModified.headers['cache-control']).toMatch(/^public, max-age=\d+/);
      }
      // Another limit is another document.
      expect((await request(app).get(`${path}?limit=5`).expect(200)).headers.etag).not.toBe(etag);
    }
    await request(app)
      .put('/api/accounts/northshore.coffee/curation')
      .auth('admin', ADMIN_PASSWORD)
      .send({ hidden: ['1000'] })
      .expect(200);
    await request(app).get('/api/feeds/northshore.coffee/rss.xml').set('If-None-Match', rss.headers.etag!).expect(200);
    await request(app).get('/api/feeds/northshore.coffee/feed.json').set('If-None-Match', jsonFeed.headers.etag!).expect(200);
  });

  it('answer HEAD with the headers and no body', async () => {
    const { app } = await setup();
    const get = await request(app).get('/api/feeds/northshore.coffee/rss.xml').expect(200);
    const head = await request(app).head('/api/feeds/northshore.coffee/rss.xml').expect(200);
    expect(head.headers['content-length']).toBe(get.headers['content-length']);
    expect(head.headers.etag).toBe(get.headers.etag);
    expect(head.text ?? '').toBe('');
  });

  it('send CORS headers per ALLOWED_ORIGINS, on errors too', async () => {
    const open = await setup();
    for (const file of ['rss.xml', 'feed.json']) {
      const res = await request(open.app).get(`/api/feeds/northshore.coffee/${file}`).set('Origin', 'https://anywhere.example').expect(200);
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(res.headers['access-control-expose-headers']).toBe('ETag, X-Cache');
    }
    const { app } = await setup({ ALLOWED_ORIGINS: 'https://shop.example' });
    for (const file of ['rss.xml', 'feed.json']) {
      const allowed = await request(app).get(`/api/feeds/northshore.coffee/${file}`).set('Origin', 'https://shop.example').expect(200);
      expect(allowed.headers['access-control-allow-origin']).toBe('https://shop.example');
      expect(allowed.headers.vary).toMatch(/Origin/);
      const other = await request(app).get(`/api/feeds/northshore.coffee/${file}`).set('Origin', 'https://evil.example').expect(200);
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
      const missing = await request(app).get(`/api/feeds/nobody/${file}`).set('Origin', 'https://shop.example').expect(404);
      expect(missing.headers['access-control-allow-origin']).toBe('https://shop.example');
      const preflight = await request(app).options(`/api/feeds/northshore.coffee/${file}`).set('Origin', 'https://shop.example').expect(204);
      expect(preflight.headers['access-control-allow-origin']).toBe('https://shop.example');
      expect(preflight.headers['access-control-allow-methods']).toBe('GET, HEAD, OPTIONS');
    }
  });

  it.each<[string, string, number, string]>([
    ['an unknown account', '/api/feeds/nobody/{file}', 404, 'account_not_found'],
    ['a limit of 0', '/api/feeds/northshore.coffee/{file}?limit=0', 400, 'invalid_limit'],
    ['a limit of 51', '/api/feeds/northshore.coffee/{file}?limit=51', 400, 'invalid_limit'],
    ['a limit that is not a number', '/api/feeds/northshore.coffee/{file}?limit=1e1', 400, 'invalid_limit'],
    ['a limit given twice', '/api/feeds/northshore.coffee/{file}?limit=5&limit=6', 400, 'invalid_limit'],
    ['a forged cursor', '/api/feeds/northshore.coffee/{file}?after=forged', 400, 'invalid_cursor'],
    ['an empty cursor', '/api/feeds/northshore.coffee/{file}?after=', 400, 'invalid_cursor'],
    ['a malformed account', '/api/feeds/no%20body/{file}', 400, 'invalid_account'],
    ['an account listed twice', '/api/feeds/northshore.coffee,northshore.coffee/{file}', 400, 'invalid_accounts'],
  ])('answer %s with the JSON error envelope', async (_name, template, status, code) => {
    const { app } = await setup();
    for (const file of ['rss.xml', 'feed.json']) {
      const res = await request(app).get(template.replace('{file}', file)).expect(status);
      expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(res.body).toEqual({ error: { code, message: expect.any(String) } });
      expect(res.headers['x-content-type-options']).toBe('nosniff');
    }
  });

  it('count against the rate limit, and answer 429 with CORS', async () => {
    const { app } = await setup({ RATE_LIMIT_PER_MINUTE: '2', ALLOWED_ORIGINS: 'https://shop.example' });
    await request(app).get('/api/feeds/northshore.coffee/rss.xml').expect(200);
    await request(app).get('/api/feeds/northshore.coffee/feed.json').expect(200);
    const res = await request(app).get('/api/feeds/northshore.coffee/rss.xml').set('Origin', 'https://shop.example').expect(429);
    expect(res.body.error.code).toBe('rate_limited');
    expect(res.headers['access-control-allow-origin']).toBe('https://shop.example');
    expect(res.headers['retry-after']).toMatch(/^\d+$/);
  });

  it('are not taken by the Feed JSON route or its fast path, even with the page warm', async () => {
    const { app } = await setup();
    await request(app).get('/api/feeds/northshore.coffee?limit=20').expect(200).expect('content-type', 'application/json; charset=utf-8');
    await request(app).get('/api/feeds/northshore.coffee?limit=20').expect(200).expect('x-cache', 'hit');
    await rssOf(app, '/api/feeds/northshore.coffee/rss.xml?limit=20');
    await jsonFeedOf(app, '/api/feeds/northshore.coffee/feed.json?limit=20');
    const other = await request(app).get('/api/feeds/northshore.coffee/atom.xml').expect(404);
    expect(other.body.error.code).toBe('not_found');
  });

  it('never carry a token, the client secret or an access_token parameter', async () => {
    const { app } = await setup();
    const bodies: string[] = [];
    for (const path of [
      '/api/feeds/northshore.coffee/rss.xml?limit=50',
      '/api/feeds/northshore.coffee/feed.json?limit=50',
      '/api/feeds/northshore.coffee,harbour.bakery/rss.xml',
      '/api/feeds/northshore.coffee,harbour.bakery/feed.json',
      '/api/feeds/nobody/rss.xml',
    ]) {
      const res = await request(app).get(path).buffer(true);
      expect(res.text.length).toBeGreaterThan(100);
      bodies.push(res.text, JSON.stringify(res.headers));
    }
    const { feed } = await jsonFeedOf(app, '/api/feeds/northshore.coffee/feed.json?limit=50');
    const next = await request(app).get(feed.next_url!.slice(PUBLIC_URL.length)).buffer(true).expect(200);
    bodies.push(next.text);
    for (const body of bodies) {
      for (const secret of [ACCOUNT.token, OTHER.token, CLIENT_SECRET, 'access_token', 'IGAA']) expect(body).not.toContain(secret);
    }
  });
});

describe('the renderers', () => {
  const profile = { ...testProfile('northshore.coffee'), profilePictureUrl: 'javascript:alert(1)' };
  const media = (overrides: Partial<Media>): Media => ({
    id: '1',
    type: 'image',
    caption: 'Hello',
    altText: null,
    permalink: 'https://www.instagram.com/p/A/',
    timestamp: '2026-11-28T12:00:00.000Z',
    likeCount: null,
    commentsCount: null,
    mediaUrl: 'https://cdn.example/a.jpg',
    thumbnailUrl: 'https://cdn.example/a.jpg',
    children: [],
    username: 'northshore.coffee',
    hashtags: [],
    mentions: [],
    pinned: false,
    link: null,
    ...overrides,
  });
  const feedOf = (items: Media[]): Feed => ({ account: profile, media: items, paging: { next: null }, fetchedAt: '2026-11-28T12:00:00.000Z', stale: false });
  const links = { site: PUBLIC_URL, self: `${PUBLIC_URL}/api/feeds/northshore.coffee/rss.xml` };

  it("pick the mirror's largest JPEG, and refuse every URL that is not http(s)", () => {
    const mirrored = media({
      id: '2',
      mediaUrl: 'https://feeds.example.com/media/1/2-1080.jpg',
      sources: [
        { width: 320, height: 320, url: 'https://feeds.example.com/media/1/2-320.webp', type: 'image/webp' },
        { width: 1080, height: 1080, url: 'https://feeds.example.com/media/1/2-1080.webp', type: 'image/webp' },
        { width: 640, height: 640, url: 'https://feeds.example.com/media/1/2-640.jpg', type: 'image/jpeg' },
        { width: 1080, height: 1080, url: 'https://feeds.example.com/media/1/2-1080.jpg', type: 'image/jpeg' },
      ],
    });
    const hostile = media({
      id: '3',
      mediaUrl: 'javascript:alert(1)',
      thumbnailUrl: 'data:image/png;base64,AAAA',
      permalink: 'vbscript:x',
      link: { url: 'javascript:alert(2)', label: null },
    });
    const xml = toRss(feedOf([mirrored, hostile]), { ...links, ttlSeconds: 600 });
    const channel = parseRss(xml);
    expect(channel.image).toBeUndefined();
    expect(channel.ttl).toBe('10');
    expect(channel.item![0]!['media:content']).toEqual([
      { '@_url': 'https://feeds.example.com/media/1/2-1080.jpg', '@_medium': 'image', '@_type': 'image/jpeg', '@_width': '1080', '@_height': '1080' },
    ]);
    expect(channel.item![1]!['media:content']).toBeUndefined();
    expect(channel.item![1]!.link).toBe('https://www.instagram.com/northshore.coffee/');
    const json = toJsonFeed(feedOf([mirrored, hostile]), links);
    expect(json.items[0]!.image).toBe('https://feeds.example.com/media/1/2-1080.jpg');
    expect(json.items[1]).not.toHaveProperty('image');
    expect(json.items[1]).not.toHaveProperty('external_url');
    expect(json).not.toHaveProperty('icon');
    for (const text of [xml, JSON.stringify(json)]) expect(text).not.toMatch(/javascript:|vbscript:|data:/);
  });

  it('describe a video Instagram gives no file for (copyrighted audio) by its poster, and an album led by a video by its poster', () => {
    const video = media({ id: '4', type: 'reel', mediaUrl: null, thumbnailUrl: 'https://cdn.example/poster.jpg' });
    const album = media({
      id: '5',
      type: 'carousel',
      mediaUrl: 'https://cdn.example/c1.mp4',
      thumbnailUrl: 'https://cdn.example/c1.jpg',
      children: [{ id: '51', type: 'video', mediaUrl: 'https://cdn.example/c1.mp4', thumbnailUrl: 'https://cdn.example/c1.jpg', altText: null }],
    });
    const channel = parseRss(toRss(feedOf([video, album]), { ...links, ttlSeconds: 3600 }));
    expect(channel.item![0]!['media:content']).toBeUndefined();
    expect(channel.item![0]!['media:thumbnail']).toEqual({ '@_url': 'https://cdn.example/poster.jpg' });
    expect(channel.item![1]!['media:content']).toEqual([
      { '@_url': 'https://cdn.example/c1.mp4', '@_medium': 'video', '@_type': 'video/mp4', 'media:thumbnail': { '@_url': 'https://cdn.example/c1.jpg' } },
    ]);
    expect(channel.item![1]!['media:thumbnail']).toEqual({ '@_url': 'https://cdn.example/c1.jpg' });
  });
});

function testProfile(username: string): Feed['account'] {
  return {
    id: '1',
    username,
    name: null,
    profilePictureUrl: null,
    followersCount: null,
    followsCount: null,
    mediaCount: null,
    biography: null,
    website: null,
    profileUrl: `https://www.instagram.com/${username}/`,
  };
}
