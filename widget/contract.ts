// Feed JSON, contract v1 with the second round's additions (all additive): what GET /api/feeds/:account
// and the merged GET /api/feeds/a,b,c answer. The server imports these types type-only, so the widget
// and the server cannot drift apart. Change only together with DESIGN.md.

/** The account a feed belongs to. */
export interface Profile {
  id: string;
  username: string;
  name: string | null;
  profilePictureUrl: string | null;
  followersCount: number | null;
  followsCount: number | null;
  mediaCount: number | null;
  biography: string | null;
  website: string | null;
  /** https://www.instagram.com/<username>/ */
  profileUrl: string;
}

export type MediaType = 'image' | 'video' | 'reel' | 'carousel';

/** A resized copy of an image on the companion server (media mirror). */
export interface MediaSource {
  width: number;
  height: number;
  url: string;
  /** MIME type, e.g. `image/webp` or `image/jpeg`. */
  type: string;
}

/** Fields the media mirror adds once it has re-hosted an image; absent before. */
export interface MirrorFields {
  width?: number;
  height?: number;
  /** Dominant color, `#rrggbb`. */
  color?: string;
  /** A tiny image hash painted until the image loads. */
  placeholder?: string;
  sources?: MediaSource[];
}

export interface MediaChild extends MirrorFields {
  id: string;
  type: 'image' | 'video';
  mediaUrl: string | null;
  thumbnailUrl: string | null;
  altText: string | null;
}

export interface Media extends MirrorFields {
  id: string;
  type: MediaType;
  /** '' when absent. */
  caption: string;
  altText: string | null;
  permalink: string;
  /** ISO 8601 UTC, e.g. 2025-01-15T10:30:00.000Z */
  timestamp: string;
  /** null when hidden by the owner or absent. */
  likeCount: number | null;
  commentsCount: number | null;
  /** null when Instagram omits it (copyrighted audio, ...). */
  mediaUrl: string | null;
  /** Video poster; for images the image itself. */
  thumbnailUrl: string | null;
  /** Carousel items; [] otherwise. */
  children: MediaChild[];
  /** The owner's username (in a merged feed, which account the post is from). */
  username: string;
  /** Hashtags of the caption without `#`, lower-cased, in order of first use. */
  hashtags: string[];
  /** Usernames mentioned in the caption without `@`, lower-cased. */
  mentions: string[];
  /** Pinned by the site owner: shown first, on the first page. */
  pinned: boolean;
  /** A call to action set by the site owner (`https:` only); `label` null for the default text. */
  link: MediaLink | null;
  /** Only with `?all=1` (admins, the moderation screen): whether visitors see the post. */
  hidden?: boolean;
  /** Only with `?all=1`: why visitors do not see it. */
  hiddenReason?: 'hidden' | 'excluded' | 'not_included' | null;
}

export interface MediaLink {
  url: string;
  label: string | null;
}

export interface Feed {
  /** The account; in a merged feed the first one listed. */
  account: Profile;
  /** Merged feeds only: every account, in the order listed. */
  accounts?: Profile[];
  /** Newest first. */
  media: Media[];
  /** `next` is an opaque cursor for `?after=`; null at the end. */
  paging: { next: string | null };
  /** ISO 8601: when the server last fetched from Instagram. */
  fetchedAt: string;
  /** true when Instagram failed and the last good copy is served. */
  stale: boolean;
}

/** Every error response of the companion server. */
export interface ErrorEnvelope {
  /** `field`: the input at fault, when one is (e.g. `pinned[2]` of a curation document). */
  error: { code: string; message: string; field?: string };
}
