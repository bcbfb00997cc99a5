import { describe, expect, it } from 'vitest';
import { toAccountProfile } from '../../server/accounts/profile.js';
import type { AccountProfile } from '../../server/accounts/types.js';
import { earliestUrlExpiry, toFeedMedia, toFeedProfile, toIsoTimestamp, toMediaType } from '../../server/feed/map.js';
import { httpUrl } from '../../server/instagram/coerce.js';

// Shapes as recorded from graph.instagram.com (INSTAGRAM-API.md §3, §7).
const image = {
  id: '17895695668004550',
  caption: 'Morning pour-over ☕\n#coffee @friend',
  media_type: 'IMAGE',
  media_product_type: 'FEED',
  media_url: 'https://scontent-gmp1-1.cdninstagram.com/v/t51.2885-15/1.jpg?_nc_ht=x&oh=00_ab&oe=6A1B2C3D',
  permalink: 'https://www.instagram.com/p/CxYz/',
  timestamp: '2025-01-15T10:30:00+0000',
  like_count: 12,
  comments_count: 3,
  alt_text: 'A cup of coffee on a wooden table',
};

describe('toMediaType', () => {
  it('maps IMAGE, VIDEO, reels in both spellings and albums', () => {
    expect(toMediaType({ media_type: 'IMAGE' })).toBe('image');
    expect(toMediaType({ media_type: 'VIDEO' })).toBe('video');
    expect(toMediaType({ media_type: 'VIDEO', media_product_type: 'FEED' })).toBe('video');
    expect(toMediaType({ media_type: 'VIDEO', media_product_type: 'REELS' })).toBe('reel');
    expect(toMediaType({ media_type: 'REELS' })).toBe('reel');
    expect(toMediaType({ media_type: 'CAROUSEL_ALBUM' })).toBe('carousel');
    expect(toMediaType({ media_type: 'STORY' })).toBeUndefined();
    expect(toMediaType({})).toBeUndefined();
  });
});

describe('toIsoTimestamp', () => {
  it('turns Instagram timestamps into ISO 8601 UTC regardless of offset', () => {
    expect(toIsoTimestamp('2019-09-26T22:36:43+0000')).toBe('2019-09-26T22:36:43.000Z');
    expect(toIsoTimestamp('2019-09-26T22:36:43+0200')).toBe('2019-09-26T20:36:43.000Z');
    expect(toIsoTimestamp('nonsense')).toBeNull();
    expect(toIsoTimestamp(undefined)).toBeNull();
  });
});

describe('toFeedMedia', () => {
  it('maps an image with every field', () => {
    expect(toFeedMedia([image], 'northshore.coffee').media).toEqual([
      {
        id: '17895695668004550',
        type: 'image',
        caption: 'Morning pour-over ☕\n#coffee @friend',
        altText: 'A cup of coffee on a wooden table',
        permalink: 'https://www.instagram.com/p/CxYz/',
        timestamp: '2025-01-15T10:30:00.000Z',
        likeCount: 12,
        commentsCount: 3,
        mediaUrl: image.media_url,
        thumbnailUrl: image.media_url,
        children: [],
        username: 'northshore.coffee',
        hashtags: ['coffee'],
        mentions: ['friend'],
        pinned: false,
        link: null,
      },
    ]);
  });

  it('handles the awkward ones: hidden likes, no caption, no alt text, omitted media_url on a reel', () => {
    const [reel] = toFeedMedia(
      [
        {
          id: '2',
          media_type: 'VIDEO',
          media_product_type: 'REELS',
          thumbnail_url: 'https://scontent.cdninstagram.com/poster.jpg',
          permalink: 'https://www.instagram.com/reel/Abc/',
          timestamp: '2025-02-01T00:00:00+0000',
          comments_count: 0,
        },
      ],
      'northshore.coffee',
    ).media;
    expect(reel).toMatchObject({
      type: 'reel',
      caption: '',
      altText: null,
      likeCount: null,
      commentsCount: 0,
      mediaUrl: null,
      thumbnailUrl: 'https://scontent.cdninstagram.com/poster.jpg',
    });
  });

  it('maps a video with its poster', () => {
    const [video] = toFeedMedia(
      [
        {
          id: '3',
          media_type: 'VIDEO',
          media_url: 'https://video.cdninstagram.com/v.mp4',
          thumbnail_url: 'https://x/p.jpg',
          timestamp: '2025-02-01T00:00:00+0000',
          permalink: 'https://www.instagram.com/p/V/',
        },
      ],
      'northshore.coffee',
    ).media;
    expect(video).toMatchObject({ type: 'video', mediaUrl: 'https://video.cdninstagram.com/v.mp4', thumbnailUrl: 'https://x/p.jpg' });
  });

  it('maps a carousel mixing images and video, with the first child as cover', () => {
    const [album] = toFeedMedia(
      [
        {
          id: '4',
          media_type: 'CAROUSEL_ALBUM',
          media_url: 'https://x/c1.jpg',
          permalink: 'https://www.instagram.com/p/C/',
          timestamp: '2025-03-01T12:00:00+0000',
          children: {
            data: [
              { id: '41', media_type: 'IMAGE', media_url: 'https://x/c1.jpg', alt_text: 'first' },
              { id: '42', media_type: 'VIDEO', media_url: 'https://x/c2.mp4', thumbnail_url: 'https://x/c2.jpg' },
              { id: '43', media_type: 'STRANGE' },
            ],
          },
        },
      ],
      'northshore.coffee',
    ).media;
    expect(album).toMatchObject({ type: 'carousel', mediaUrl: 'https://x/c1.jpg', thumbnailUrl: 'https://x/c1.jpg' });
    expect(album!.children).toEqual([
      { id: '41', type: 'image', mediaUrl: 'https://x/c1.jpg', thumbnailUrl: 'https://x/c1.jpg', altText: 'first' },
      { id: '42', type: 'video', mediaUrl: 'https://x/c2.mp4', thumbnailUrl: 'https://x/c2.jpg', altText: null },
    ]);
  });

  it('uses the first child when an album comes without media_url', () => {
    const [album] = toFeedMedia(
      [
        {
          id: '5',
          media_type: 'CAROUSEL_ALBUM',
          timestamp: '2025-03-01T12:00:00+0000',
          shortcode: 'Alb5',
          children: { data: [{ id: '51', media_type: 'IMAGE', media_url: 'https://x/a.jpg' }] },
        },
      ],
      'northshore.coffee',
    ).media;
    expect(album!.mediaUrl).toBe('https://x/a.jpg');
  });

  it('skips unknown media types and reports them, keeping the rest', () => {
    const result = toFeedMedia([{ id: '9', media_type: 'STORY', timestamp: '2025-01-01T00:00:00+0000' }, image, { media_type: 'IMAGE' }], 'northshore.coffee');
    expect(result.media.map(m => m.id)).toEqual(['17895695668004550']);
    expect(result.skipped).toEqual([
      { id: '9', type: 'STORY', reason: 'type' },
      { id: '?', type: 'IMAGE', reason: 'id' },
    ]);
  });
});

// Lit does not sanitize URLs: whatever reaches an href or src is live, so only http(s) may leave the server.
const UNSAFE_URLS = [
  'javascript:alert(1)',
  'JaVaScRiPt:alert(1)',
  ' javascript:alert(1)',
  '\x01\x1f javascript:alert(1)',
  '\tjava\nscript:alert(1)',
  'javascript://www.instagram.com/%0Aalert(1)',
  'data:text/html,<script>alert(1)</script>',
  'data:image/svg+xml,<svg onload=alert(1)>',
  'vbscript:msgbox(1)',
  'javascript:alert(1)//https://ok.example/',
  'file:///etc/passwd',
  'ftp://example.com/a.jpg',
  '/p/relative/',
  'p/relative/',
  '?x=1',
  '//evil.example/a.jpg',
  'https://',
  'not a url',
  '',
];

describe('httpUrl', () => {
  it.each(UNSAFE_URLS)('refuses %j', value => {
    expect(httpUrl(value)).toBeNull();
  });

  it.each([
    'https://www.instagram.com/p/CxYz/',
    'http://example.com/shop',
    'HTTPS://EXAMPLE.COM/',
    'https://scontent.cdninstagram.com/v/1.jpg?_nc_ht=x&oh=00_ab&oe=6A1B2C3D',
  ])('keeps %j as it is', value => {
    expect(httpUrl(value)).toBe(value);
  });

  it('hands on the parsed form of an http(s) URL the parser had to clean up', () => {
    expect(httpUrl(' \x01https://example.com/a')).toBe('https://example.com/a');
    expect(httpUrl('https:example.com')).toBe('https://example.com/');
  });

  it('refuses what is not a string', () => {
    for (const value of [undefined, null, 1, {}, ['https://x.example/']]) expect(httpUrl(value)).toBeNull();
  });
});

describe('URLs from Instagram', () => {
  const base = { id: '1', media_type: 'IMAGE', timestamp: '2025-01-15T10:30:00+0000', permalink: 'https://www.instagram.com/p/Abc/' };

  it.each(UNSAFE_URLS)('nulls media URLs (post, poster, children) that are %j', bad => {
    const [photo, video, album] = toFeedMedia(
      [
        { ...base, id: '1', media_url: bad },
        { ...base, id: '2', media_type: 'VIDEO', media_url: bad, thumbnail_url: bad },
        {
          ...base,
          id: '3',
          media_type: 'CAROUSEL_ALBUM',
          media_url: bad,
          children: {
            data: [
              { id: '31', media_type: 'IMAGE', media_url: bad },
              { id: '32', media_type: 'VIDEO', media_url: bad, thumbnail_url: bad },
            ],
          },
        },
      ],
      'northshore.coffee',
    ).media;
    expect(photo).toMatchObject({ mediaUrl: null, thumbnailUrl: null });
    expect(video).toMatchObject({ mediaUrl: null, thumbnailUrl: null });
    expect(album).toMatchObject({ mediaUrl: null, thumbnailUrl: null });
    expect(album!.children).toMatchObject([
      { id: '31', mediaUrl: null, thumbnailUrl: null },
      { id: '32', mediaUrl: null, thumbnailUrl: null },
    ]);
  });

  it.each(UNSAFE_URLS)('builds the permalink from a safe shortcode when Instagram sent %j', bad => {
    const { media, skipped } = toFeedMedia([{ ...base, permalink: bad, shortcode: 'C-x_9' }], 'northshore.coffee');
    expect(media.map(m => m.permalink)).toEqual(['https://www.instagram.com/p/C-x_9/']);
    expect(skipped).toEqual([]);
  });

  it.each(UNSAFE_URLS)('skips the post when the permalink is %j and the shortcode is not a safe token', bad => {
    const items = [
      { ...base, id: 'a', permalink: bad },
      { ...base, id: 'b', permalink: bad, shortcode: '../../evil' },
      { ...base, id: 'c', permalink: bad, shortcode: 'javascript:alert(1)' },
      { ...base, id: 'd', permalink: bad, shortcode: '' },
      { ...base, id: 'ok' },
    ];
    const { media, skipped } = toFeedMedia(items, 'northshore.coffee');
    expect(media.map(m => m.id)).toEqual(['ok']);
    expect(skipped).toEqual(['a', 'b', 'c', 'd'].map(id => ({ id, type: 'IMAGE', reason: 'permalink' })));
  });

  it('keeps valid http and https media URLs and permalinks', () => {
    const [post] = toFeedMedia([{ ...base, permalink: 'http://instagram.com/p/Abc/', media_url: 'http://cdn.example/a.jpg' }], 'northshore.coffee').media;
    expect(post).toMatchObject({ permalink: 'http://instagram.com/p/Abc/', mediaUrl: 'http://cdn.example/a.jpg', thumbnailUrl: 'http://cdn.example/a.jpg' });
  });

  it.each(UNSAFE_URLS)('nulls a profile picture and website that are %j, in both profile mappings', bad => {
    const kept = toAccountProfile({ username: 'acme', profile_picture_url: bad, website: bad });
    expect(kept).toMatchObject({ profilePictureUrl: null, website: null });
    // A profile stored before URLs were checked on the way in is checked again on the way out.
    const stored: AccountProfile = { ...kept, profilePictureUrl: bad, website: bad };
    expect(toFeedProfile('1', stored)).toMatchObject({ profilePictureUrl: null, website: null, profileUrl: 'https://www.instagram.com/acme/' });
  });

  it('keeps a valid profile picture and website, and builds profileUrl from the username', () => {
    const kept = toAccountProfile({ username: 'a/b?c', profile_picture_url: 'https://cdn.example/p.jpg', website: 'http://acme.example' });
    expect(kept).toMatchObject({ profilePictureUrl: 'https://cdn.example/p.jpg', website: 'http://acme.example' });
    expect(toFeedProfile('1', kept)).toMatchObject({
      profilePictureUrl: 'https://cdn.example/p.jpg',
      website: 'http://acme.example',
      profileUrl: 'https://www.instagram.com/a%2Fb%3Fc/',
    });
  });
});

describe('earliestUrlExpiry', () => {
  it('reads the hex oe= of every URL and returns the earliest', () => {
    const media = toFeedMedia([image, { ...image, id: '2', media_url: 'https://x/2.jpg?oe=69AA3F6F&oh=1' }], 'northshore.coffee').media;
    expect(earliestUrlExpiry(media)).toBe(1772765039 * 1000);
    expect(earliestUrlExpiry([])).toBeNull();
  });
});
