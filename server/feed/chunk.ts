// A chunk: one page of Instagram media as fetched (CHUNK_SIZE posts), with the times that decide when
// it is refreshed. Visitors' pages are slices of one or more chunks (see page.ts).
import type { Media } from '../../widget/contract.js';
import { earliestUrlExpiry } from './map.js';

export const CHUNK_SIZE = 50;
const URL_EXPIRY_MARGIN_MS = 3600_000;
const REFRESH_LEAD_MS = 5_000;

export interface Chunk {
  media: Media[];
  /** Instagram's cursor for the chunk after this one; null at the end. */
  igNext: string | null;
  fetchedAt: number;
  /** min(fetchedAt + TTL, earliest CDN URL expiry - 1 h), but at least a minute. */
  freshUntil: number;
  /** When a background refresh starts. */
  refreshAt: number;
  urlsExpireAt: number | null;
  /** Set when the latest refresh attempt failed; the copy is then served as stale. */
  failedAt: number | null;
  lastViewedAt: number;
  /** 0 for an account's first chunk, 1 for the one after it, ... (decides whether its images are mirrored). */
  depth: number;
  /** Keys of this chunk's rendered pages in the feed memory, dropped with the chunk (memory.ts). */
  pageKeys: Set<string>;
}

export function makeChunk(media: Media[], igNext: string | null, fetchedAt: number, ttlMs: number, depth = 0): Chunk {
  const urlsExpireAt = earliestUrlExpiry(media);
  const byUrls = urlsExpireAt === null ? Infinity : urlsExpireAt - URL_EXPIRY_MARGIN_MS;
  // URLs about to expire shorten freshness, but never below a minute: Instagram may hand out such URLs.
  const freshUntil = Math.min(fetchedAt + ttlMs, Math.max(byUrls, fetchedAt + 60_000));
  return {
    media,
    igNext,
    fetchedAt,
    freshUntil,
    // Late enough to cost about one call per TTL, early enough that a slow Instagram rarely lets it lapse;
    // even then visitors get the previous copy at once, so the lead only bounds staleness, not waiting.
    refreshAt: freshUntil - Math.min(0.2 * (freshUntil - fetchedAt), REFRESH_LEAD_MS),
    urlsExpireAt,
    failedAt: null,
    lastViewedAt: fetchedAt,
    depth,
    pageKeys: new Set(),
  };
}
