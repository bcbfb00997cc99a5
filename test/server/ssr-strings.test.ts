// The server-side renderer (widget/ssr.ts, which `npm run build:ssr` builds into dist/ssr/ssr.js) speaks the
// element's languages in its one synchronous pass: English without `locale`, a table's language with one,
// and a site owner's `strings` over both.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Feed } from '../../widget/contract.js';

type Render = (feed: Feed, attributes: Record<string, string | true>, children: string) => string;

// From its sources, since `npm test` runs these tests before the build. A variable path: the root tsconfig has
// no DOM types to check widget code with.
const SSR_SOURCE = '../../widget/ssr.js';
let render: Render;

const profile = {
  id: '1',
  username: 'acme',
  name: 'Acme',
  profilePictureUrl: null,
  followersCount: 1200,
  followsCount: 3,
  mediaCount: 2,
  biography: null,
  website: null,
  profileUrl: 'https://www.instagram.com/acme/',
};
const feed: Feed = {
  account: profile,
  media: [
    {
      id: 'p1',
      type: 'image',
      caption: 'Hello',
      altText: null,
      permalink: 'https://www.instagram.com/p/p1/',
      timestamp: '2025-01-15T10:30:00.000Z',
      likeCount: 1,
      commentsCount: 2,
      mediaUrl: 'https://cdn.example/p1.jpg',
      thumbnailUrl: null,
      children: [],
      username: 'acme',
      hashtags: [],
      mentions: [],
      pinned: true,
      link: null,
    },
  ],
  paging: { next: 'c2' },
  fetchedAt: '2025-01-16T08:00:00.000Z',
  stale: false,
};

beforeAll(async () => {
  const module = (await import(SSR_SOURCE)) as { renderFeedElement: Render };
  // Without Lit's hydration markers, which the element does not use (server/render/fragment.ts drops them too).
  render = (...args) =>
    module
      .renderFeedElement(...args)
      .replace(/<!--.*?-->|<\?>/g, '')
      .replace(/\s+>/g, '>');
});

describe('server-side rendering of <instagram-feed>', () => {
  it('renders English without a locale', () => {
    const html = render(feed, { account: 'acme', 'load-more': true }, '');
    expect(html).toContain('>Follow</a>');
    expect(html).toContain('aria-label="Instagram posts by @acme"');
    expect(html).toContain('Load more');
    expect(html).toMatch(/<strong>2<\/strong>\s*posts/);
  });

  it('renders in the language of `locale`, plurals included, in the same pass', () => {
    const html = render(feed, { account: 'acme', locale: 'de', 'load-more': true }, '');
    expect(html).toContain('>Folgen</a>');
    expect(html).toContain('aria-label="Instagram-Beiträge von @acme"');
    expect(html).toContain('Mehr laden');
    expect(html).toContain('Angeheftet');
    expect(html).toMatch(/<strong>2<\/strong>\s*Beiträge/);
    expect(render(feed, { account: 'acme', locale: 'ar' }, '')).toContain('>متابعة</a>');
  });

  it('takes a site owner\'s `strings`, and `load-more="auto"`', () => {
    const html = render(feed, { account: 'acme', locale: 'fr', strings: '{"follow":"Shop our feed"}', 'load-more': 'auto' }, '');
    expect(html).toContain('>Shop our feed</a>');
    expect(html).toContain('load-more="auto"');
    expect(html).toContain('Charger plus');
  });
});
