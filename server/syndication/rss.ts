// A curated Feed page as RSS 2.0 with Media RSS (media:content, media:thumbnail, media:group for
// albums), Atom's self and next links (RFC 5005 paging) and dc:creator. Every text and attribute is
// escaped here, `>` too, so no `]]>` ever stands in the document, and describe.ts has already removed
// the characters XML 1.0 forbids.
import type { Feed, Media } from '../../widget/contract.js';
import { cleanText, describeChannel, describePost, type FeedLinks, pageUrl } from './describe.js';
import { filesOf, type MediaFile } from './media-files.js';

export interface RssOptions extends FeedLinks {
  /** FEED_TTL_SECONDS: how long a reader may wait before asking again. */
  ttlSeconds: number;
}

type Attributes = Record<string, string | number | undefined>;

export function escapeXml(text: string): string {
  return cleanText(text).replace(/[&<>"']/g, c => XML_ENTITIES[c]!);
}

const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** One element: `children` are already XML; a string child is text. */
function element(name: string, attributes: Attributes, ...children: (string | undefined)[]): string {
  const attrs = Object.entries(attributes)
    .filter(([, value]) => value !== undefined)
    .map(([key, value]) => ` ${key}="${escapeXml(String(value))}"`)
    .join('');
  const content = children.filter(child => child !== undefined).join('');
  return content === '' ? `<${name}${attrs}/>` : `<${name}${attrs}>${content}</${name}>`;
}

const text = (name: string, value: string) => element(name, {}, escapeXml(value));

/** RFC 822 (as RFC 1123 writes it): `Sat, 28 Nov 2026 12:00:00 GMT`. */
const rfc822 = (iso: string) => new Date(iso).toUTCString();

export function toRss(feed: Feed, options: RssOptions): string {
  const channel = describeChannel(feed, options);
  const head = [
    text('title', channel.title),
    text('link', channel.link),
    text('description', channel.description),
    element('atom:link', { href: options.self, rel: 'self', type: 'application/rss+xml' }),
    feed.paging.next ? element('atom:link', { href: pageUrl(options.self, feed.paging.next), rel: 'next', type: 'application/rss+xml' }) : undefined,
    text('lastBuildDate', rfc822(feed.fetchedAt)),
    text('generator', 'instagram-feed'),
    text('ttl', String(Math.max(1, Math.round(options.ttlSeconds / 60)))),
    channel.image ? element('image', {}, text('url', channel.image), text('title', channel.title), text('link', channel.link)) : undefined,
  ];
  const items = feed.media.map(media => item(feed, media));
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:dc="http://purl.org/dc/elements/1.1/">' +
    element('channel', {}, ...head, ...items) +
    '</rss>\n'
  );
}

function item(feed: Feed, media: Media): string {
  const post = describePost(feed, media);
  return element(
    'item',
    {},
    text('title', post.title),
    text('link', post.url),
    element('guid', { isPermaLink: 'false' }, escapeXml(post.id)),
    text('pubDate', rfc822(post.date)),
    text('dc:creator', post.author.name),
    ...post.tags.map(tag => text('category', tag)),
    text('description', post.html),
    mediaOf(media),
    post.image ? element('media:thumbnail', { url: post.image }) : undefined,
  );
}

/** media:content for each file of the post; an album's in a media:group, its first the default. */
function mediaOf(media: Media): string | undefined {
  const files = filesOf(media);
  if (media.type !== 'carousel' || files.length < 2) return files.map(file => content(file)).join('') || undefined;
  return element('media:group', {}, ...files.map((file, i) => content(file, i === 0)));
}

function content(file: MediaFile, isDefault = false): string {
  const { url, medium, type, width, height, poster } = file;
  const attributes: Attributes = { url, medium, type, width, height, isDefault: isDefault ? 'true' : undefined };
  return element('media:content', attributes, poster ? element('media:thumbnail', { url: poster }) : undefined);
}
