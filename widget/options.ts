// Attribute values arrive from hand-written HTML, so every parser here falls back to the documented
// default instead of throwing (relative-time-element's getters do the same).
import type { MediaType } from './contract.js';

/** The layouts `<instagram-feed>` can render. */
export const LAYOUTS = ['grid', 'carousel', 'masonry', 'list'] as const;

/** One of {@link LAYOUTS}. */
export type FeedLayout = (typeof LAYOUTS)[number];

/** Every media type, in the contract's order. */
export const MEDIA_TYPES: readonly MediaType[] = ['image', 'video', 'reel', 'carousel'];

/** Posts per request when `limit` is absent or invalid. */
export const DEFAULT_LIMIT = 12;

/** What a tile opens: `lightbox` (the post viewer), or with `cta` the post's call-to-action link when it has one. */
export type TileLink = 'lightbox' | 'cta';

/** `cta` when asked for, else `lightbox`. */
export function toTileLink(value: unknown): TileLink {
  return value === 'cta' ? value : 'lightbox';
}

/** A comma separated list of accounts (a merged feed) with spaces and empty names dropped: ` a, b,` gives `a,b`. */
export function toAccount(value: string | null | undefined): string {
  return (value ?? '')
    .split(',')
    .map(name => name.trim())
    .filter(Boolean)
    .join();
}

/** `value` when it names a layout, else `grid`. */
export function toLayout(value: unknown): FeedLayout {
  return (LAYOUTS as readonly unknown[]).includes(value) ? (value as FeedLayout) : 'grid';
}

/** An integer in 1..100 (the server's range), else {@link DEFAULT_LIMIT}. */
export function toLimit(value: unknown): number {
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= 100 ? n : DEFAULT_LIMIT;
}

/** An integer in 1..12, else `undefined` (responsive columns). */
export function toColumns(value: unknown): number | undefined {
  const n = Number(value);
  return value != null && value !== '' && Number.isInteger(n) && n >= 1 && n <= 12 ? n : undefined;
}

/** The media types named in a comma or space separated list; all types when none is valid. */
export function toTypes(value: string | undefined): ReadonlySet<MediaType> {
  const named = (value ?? '')
    .toLowerCase()
    .split(/[\s,]+/)
    .filter((t): t is MediaType => (MEDIA_TYPES as readonly string[]).includes(t));
  return new Set(named.length ? named : MEDIA_TYPES);
}

/** `load-more`: `auto` for infinite scroll (the button stays), `true` for the button alone. */
export type LoadMore = boolean | 'auto';

/** The `load-more` attribute: absent is `false`, `auto` is `auto`, any other value `true`. */
export const toLoadMore = (value: string | null): LoadMore => (value === 'auto' ? value : value !== null);

/**
 * A well-formed BCP 47 tag, canonical, else `undefined` (the browser's default). A tag ICU has no data for
 * formats in the browser's default too. (Not `supportedLocalesOf`: its first call loads ICU's locale data.)
 */
export function toLocale(value: string | null | undefined): string | undefined {
  if (!value) return undefined;
  try {
    return Intl.getCanonicalLocales(value)[0];
  } catch {
    return undefined;
  }
}

/** The http(s) origin of `url`, or '' (bundlers may rewrite `import.meta.url` to a `file:` URL). */
export function originOf(url: string | null | undefined): string {
  try {
    const parsed = new URL(url ?? '');
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.origin : '';
  } catch {
    return '';
  }
}
