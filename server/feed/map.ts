// Graph media -> Feed JSON v1 (widget/contract.ts). Instagram omits fields freely, so every field is
// optional on the way in and normalised on the way out: '' for a missing caption, null for hidden
// likes or a copyrighted media_url, ISO 8601 UTC timestamps. Unknown media types are skipped.
// Every URL that leaves here is http(s) (httpUrl): the widget puts them into href/src, and Lit does not
// sanitize URLs, so a `javascript:` permalink would render as a live link.
import type { AccountProfile } from '../accounts/types.js';
import { count, httpUrl, text } from '../instagram/coerce.js';
import type { GraphChild, GraphMedia } from '../instagram/types.js';
import type { Media, MediaChild, MediaType, Profile } from '../../widget/contract.js';
import { hashtagsOf, mentionsOf } from '../curation/caption.js';

export function toMediaType(media: GraphMedia): MediaType | undefined {
  const type = media.media_type?.toUpperCase();
  const product = media.media_product_type?.toUpperCase();
  if (type === 'REELS' || (type === 'VIDEO' && product === 'REELS')) return 'reel';
  if (type === 'VIDEO') return 'video';
  if (type === 'IMAGE') return 'image';
  if (type === 'CAROUSEL_ALBUM' || type === 'CAROUSEL') return 'carousel';
  return undefined;
}

/** `2019-09-26T22:36:43+0000` -> `2019-09-26T22:36:43.000Z`; null when unparseable. */
export function toIsoTimestamp(value: string | undefined): string | null {
  if (!value) return null;
  const normalised = value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  const time = Date.parse(normalised);
  return Number.isNaN(time) ? null : new Date(time).toISOString();
}

// Instagram shortcodes are base64url tokens; anything else must not be spliced into a URL.
const SHORTCODE = /^[A-Za-z0-9_-]{1,64}$/;

/** The post's permalink, else one built from its shortcode, else null (the post is then skipped). */
function toPermalink(item: GraphMedia): string | null {
  const permalink = httpUrl(item.permalink);
  if (permalink) return permalink;
  return typeof item.shortcode === 'string' && SHORTCODE.test(item.shortcode) ? `https://www.instagram.com/p/${item.shortcode}/` : null;
}

function toChild(child: GraphChild): MediaChild | undefined {
  const type = child.media_type?.toUpperCase();
  if (!child.id || (type !== 'IMAGE' && type !== 'VIDEO')) return undefined;
  const mediaUrl = httpUrl(child.media_url);
  return {
    id: String(child.id),
    type: type === 'VIDEO' ? 'video' : 'image',
    mediaUrl,
    thumbnailUrl: type === 'VIDEO' ? httpUrl(child.thumbnail_url) : mediaUrl,
    altText: text(child.alt_text),
  };
}

export interface MapResult {
  media: Media[];
  /** Posts that were skipped and why (`type`: unknown media type), for one log line per sync. */
  skipped: { id: string; type: string; reason: 'id' | 'type' | 'timestamp' | 'permalink' }[];
}

/** Graph media of the account `username` -> Feed JSON. `pinned` and `link` are the curation's, set per page (feed/curated-page.ts). */
export function toFeedMedia(items: GraphMedia[], username: string): MapResult {
  const media: Media[] = [];
  const skipped: MapResult['skipped'] = [];
  for (const item of items) {
    const type = toMediaType(item);
    const timestamp = toIsoTimestamp(item.timestamp);
    const permalink = toPermalink(item);
    if (!item.id || !type || !timestamp || !permalink) {
      const reason = !item.id ? 'id' : !type ? 'type' : !timestamp ? 'timestamp' : 'permalink';
      skipped.push({ id: String(item.id ?? '?'), type: String(item.media_type ?? 'missing'), reason });
      continue;
    }
    const children = type === 'carousel' ? (item.children?.data ?? []).map(toChild).filter((c): c is MediaChild => c !== undefined) : [];
    const mediaUrl = httpUrl(item.media_url) ?? (type === 'carousel' ? (children[0]?.mediaUrl ?? null) : null);
    const isVideo = type === 'video' || type === 'reel';
    const caption = typeof item.caption === 'string' ? item.caption : '';
    media.push({
      id: String(item.id),
      type,
      caption,
      altText: text(item.alt_text),
      permalink,
      timestamp,
      likeCount: count(item.like_count),
      commentsCount: count(item.comments_count),
      mediaUrl,
      thumbnailUrl: isVideo ? httpUrl(item.thumbnail_url) : type === 'carousel' ? (children[0]?.thumbnailUrl ?? mediaUrl) : mediaUrl,
      children,
      username,
      hashtags: hashtagsOf(caption),
      mentions: mentionsOf(caption),
      pinned: false,
      link: null,
    });
  }
  return { media, skipped };
}

/** A post saved before hashtags, mentions and curation existed (a last-good copy on disk), brought up to date. */
export function upgradeMedia(media: Media, username: string): Media {
  if (Array.isArray(media.hashtags) && typeof media.username === 'string') return media;
  return { ...media, username, hashtags: hashtagsOf(media.caption), mentions: mentionsOf(media.caption), pinned: false, link: null };
}

export function toFeedProfile(id: string, profile: AccountProfile): Profile {
  return {
    id,
    username: profile.username,
    name: profile.name,
    // Checked again here: profiles stored before URLs were checked on the way in may hold anything.
    profilePictureUrl: httpUrl(profile.profilePictureUrl),
    followersCount: profile.followersCount,
    followsCount: profile.followsCount,
    mediaCount: profile.mediaCount,
    biography: profile.biography,
    website: httpUrl(profile.website),
    profileUrl: `https://www.instagram.com/${encodeURIComponent(profile.username)}/`,
  };
}

/** Earliest `oe=` (hex epoch seconds) among the media URLs: when Instagram's CDN will start answering 403. */
export function earliestUrlExpiry(media: Media[]): number | null {
  let earliest: number | null = null;
  const visit = (url: string | null) => {
    if (!url) return;
    const match = /[?&]oe=([0-9a-fA-F]{6,12})(?:&|$)/.exec(url);
    if (!match) return;
    const ms = parseInt(match[1]!, 16) * 1000;
    if (earliest === null || ms < earliest) earliest = ms;
  };
  for (const item of media) {
    visit(item.mediaUrl);
    visit(item.thumbnailUrl);
    for (const child of item.children) {
      visit(child.mediaUrl);
      visit(child.thumbnailUrl);
    }
  }
  return earliest;
}
