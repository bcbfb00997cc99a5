// What a feed reader shows of a curated Feed page, whatever the format: the channel (title, link,
// description, picture, authors) and per post a title, its links, one image, the caption as text and
// as HTML, and the date. rss.ts and json-feed.ts only spell this out. The Feed JSON already carries
// only http(s) URLs; they are checked again here because these documents go to readers that may not
// check, and text loses the characters XML 1.0 cannot carry (control characters, U+FFFE/U+FFFF, lone surrogates).
import type { Feed, Media, MediaType, Profile } from '../../widget/contract.js';
import { imageOf, safeUrl } from './media-files.js';

/** Where a document lives. */
export interface FeedLinks {
  /** PUBLIC_URL, without a trailing slash: a merged feed's home page. */
  site: string;
  /** The document's own absolute URL (its first page; the next page adds `after`). */
  self: string;
}

export interface AuthorView {
  name: string;
  url: string;
  avatar: string | null;
}

export interface ChannelView {
  title: string;
  link: string;
  description: string;
  /** The profile picture (one account only). */
  image: string | null;
  /** Every account of the feed, in the order listed. */
  authors: AuthorView[];
  merged: boolean;
}

export interface PostView {
  id: string;
  type: MediaType;
  title: string;
  /** The permalink. */
  url: string;
  /** The site owner's call to action, with its text. */
  cta: { url: string; label: string } | null;
  /** The image a reader shows: the photo, a video's poster, an album's first picture. */
  image: string | null;
  /** The caption, or '' */
  text: string;
  html: string;
  /** ISO 8601 */
  date: string;
  author: AuthorView;
  tags: string[];
  pinned: boolean;
}

const TYPE_NAMES: Record<MediaType, string> = { image: 'Photo', video: 'Video', reel: 'Reel', carousel: 'Album' };
const VIEW_TEXT: Record<MediaType, string> = {
  image: 'View on Instagram',
  video: 'Watch on Instagram',
  reel: 'Watch on Instagram',
  carousel: 'View on Instagram',
};
const TITLE_MAX = 100;
const LINE_BREAK = /\r\n?|[\n\u2028\u2029]/;
// What XML 1.0 cannot carry (control characters but tab and line breaks, U+FFFE/U+FFFF, lone surrogates),
// and C1 controls and DEL, which it allows but no reader shows. The JSON Feed's HTML goes to the same readers.
const NOT_XML = /(?![\t\n\r])\p{Cc}|[\uFFFE\uFFFF]|\p{Cs}/gu;
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });
const list = new Intl.ListFormat('en', { type: 'conjunction' });

/** `text` without the characters XML 1.0 cannot carry. */
export function cleanText(text: string | null | undefined): string {
  return text ? text.replace(NOT_XML, '') : '';
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, c => HTML_ENTITIES[c]!);
}

const HTML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** The URL of the page after this one: `self` with `after`. */
export function pageUrl(self: string, after: string): string {
  const url = new URL(self);
  url.searchParams.set('after', after);
  return url.href;
}

export function describeChannel(feed: Feed, links: FeedLinks): ChannelView {
  const profiles = feed.accounts && feed.accounts.length > 0 ? feed.accounts : [feed.account];
  const merged = profiles.length > 1;
  const handles = list.format(profiles.map(profile => `@${cleanText(profile.username)}`));
  const account = feed.account;
  return {
    title: `${handles} on Instagram`,
    link: merged ? links.site : (safeUrl(account.profileUrl) ?? links.site),
    description: (!merged && cleanText(account.biography).trim()) || `The latest Instagram posts of ${handles}.`,
    image: merged ? null : safeUrl(account.profilePictureUrl),
    authors: profiles.map(authorOf),
    merged,
  };
}

export function describePost(feed: Feed, media: Media): PostView {
  const username = cleanText(media.username) || feed.account.username;
  const text = cleanText(media.caption);
  const url = safeUrl(media.permalink) ?? profileUrlOf(username);
  const link = media.link && safeUrl(media.link.url);
  const cta = link ? { url: link, label: cleanText(media.link?.label).trim() || 'Learn more' } : null;
  const image = imageOf(media);
  const fallback = `${TYPE_NAMES[media.type]} by @${username}`;
  const alt = cleanText(media.altText).trim() || fallback;
  const html = [
    image && `<p><a href="${escapeHtml(url)}"><img src="${escapeHtml(image)}" alt="${escapeHtml(alt)}"></a></p>`,
    text && `<p dir="auto">${escapeHtml(text).split(LINE_BREAK).join('<br>')}</p>`,
    cta && `<p><a href="${escapeHtml(cta.url)}">${escapeHtml(cta.label)}</a></p>`,
    `<p><a href="${escapeHtml(url)}">${VIEW_TEXT[media.type]}</a></p>`,
  ];
  const profile = (feed.accounts ?? [feed.account]).find(p => p.username.toLowerCase() === username.toLowerCase());
  return {
    id: media.id,
    type: media.type,
    title: titleOf(text) ?? fallback,
    url,
    cta,
    image,
    text,
    html: html.filter(Boolean).join(''),
    date: media.timestamp,
    author: profile ? authorOf(profile) : { name: `@${username}`, url: profileUrlOf(username), avatar: null },
    tags: media.hashtags.map(cleanText).filter(Boolean),
    pinned: media.pinned,
  };
}

/** The caption's first line with any text, at most TITLE_MAX characters (cut between words, never inside an emoji). */
function titleOf(caption: string): string | undefined {
  const line = caption
    .split(LINE_BREAK)
    .map(part => part.replace(/\s+/gu, ' ').trim())
    .find(part => part !== '');
  if (!line) return undefined;
  const parts = Array.from(graphemes.segment(line), segment => segment.segment);
  if (parts.length <= TITLE_MAX) return line;
  const cut = parts.slice(0, TITLE_MAX - 1).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space > cut.length * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

function authorOf(profile: Profile): AuthorView {
  const username = cleanText(profile.username);
  return {
    name: cleanText(profile.name).trim() || `@${username}`,
    url: safeUrl(profile.profileUrl) ?? profileUrlOf(username),
    avatar: safeUrl(profile.profilePictureUrl),
  };
}

function profileUrlOf(username: string): string {
  return `https://www.instagram.com/${encodeURIComponent(username)}/`;
}
