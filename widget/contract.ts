// Feed JSON, contract v1: what GET /api/feeds/:account answers. The server imports these types
// type-only, so the widget and the server cannot drift apart. Change only together with DESIGN.md.

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
}

export interface Feed {
  account: Profile;
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
  error: { code: string; message: string };
}
