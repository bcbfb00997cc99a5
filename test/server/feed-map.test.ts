import { describe, expect, it } from 'vitest';
import { earliestUrlExpiry, toFeedMedia, toIsoTimestamp, toMediaType } from '../../server/feed/map.js';

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
    expect(toFeedMedia([image]).media).toEqual([
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
      },
    ]);
  });

  it('handles the awkward ones: hidden likes, no caption, no alt text, omitted media_url on a reel', () => {
    const [reel] = toFeedMedia([
      {
        id: '2',
        media_type: 'VIDEO',
        media_product_type: 'REELS',
        thumbnail_url: 'https://scontent.cdninstagram.com/poster.jpg',
        permalink: 'https://www.instagram.com/reel/Abc/',
        timestamp: '2025-02-01T00:00:00+0000',
        comments_count: 0,
      },
    ]).media;
    expect(reel).toMatchObject({ type: 'reel', caption: '', altText: null, likeCount: null, commentsCount: 0, mediaUrl: null, thumbnailUrl: 'https://scontent.cdninstagram.com/poster.jpg' });
  });

  it('maps a video with its poster', () => {
    const [video] = toFeedMedia([{ id: '3', media_type: 'VIDEO', media_url: 'https://video.cdninstagram.com/v.mp4', thumbnail_url: 'https://x/p.jpg', timestamp: '2025-02-01T00:00:00+0000', permalink: 'https://www.instagram.com/p/V/' }]).media;
    expect(video).toMatchObject({ type: 'video', mediaUrl: 'https://video.cdninstagram.com/v.mp4', thumbnailUrl: 'https://x/p.jpg' });
  });

  it('maps a carousel mixing images and video, with the first child as cover', () => {
    const [album] = toFeedMedia([
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
    ]).media;
    expect(album).toMatchObject({ type: 'carousel', mediaUrl: 'https://x/c1.jpg', thumbnailUrl: 'https://x/c1.jpg' });
    expect(album!.children).toEqual([
      { id: '41', type: 'image', mediaUrl: 'https://x/c1.jpg', thumbnailUrl: 'https://x/c1.jpg', altText: 'first' },
      { id: '42', type: 'video', mediaUrl: 'https://x/c2.mp4', thumbnailUrl: 'https://x/c2.jpg', altText: null },
    ]);
  });

  it('uses the first child when an album comes without media_url', () => {
    const [album] = toFeedMedia([{ id: '5', media_type: 'CAROUSEL_ALBUM', timestamp: '2025-03-01T12:00:00+0000', children: { data: [{ id: '51', media_type: 'IMAGE', media_url: 'https://x/a.jpg' }] } }]).media;
    expect(album!.mediaUrl).toBe('https://x/a.jpg');
  });

  it('skips unknown media types and reports them, keeping the rest', () => {
    const result = toFeedMedia([{ id: '9', media_type: 'STORY', timestamp: '2025-01-01T00:00:00+0000' }, image, { media_type: 'IMAGE' }]);
    expect(result.media.map(m => m.id)).toEqual(['17895695668004550']);
    expect(result.skipped).toEqual([{ id: '9', type: 'STORY' }, { id: '?', type: 'IMAGE' }]);
  });
});

describe('earliestUrlExpiry', () => {
  it('reads the hex oe= of every URL and returns the earliest', () => {
    const media = toFeedMedia([image, { ...image, id: '2', media_url: 'https://x/2.jpg?oe=69AA3F6F&oh=1' }]).media;
    expect(earliestUrlExpiry(media)).toBe(1772765039 * 1000);
    expect(earliestUrlExpiry([])).toBeNull();
  });
});
