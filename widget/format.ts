// Dates and numbers go through Intl in the element's locale; formatters are cached because a feed
// formats dozens of values per render and constructing Intl objects is comparatively slow.
import type { Media, Profile } from './contract.js';
import type { Translate } from './strings.js';

const numberFormats = new Map<string, Intl.NumberFormat>();
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** `12400` -> `12.4K` (in the given locale). */
export function formatCount(value: number, locale?: string): string {
  const key = locale ?? '';
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 });
    numberFormats.set(key, format);
  }
  return format.format(value);
}

/** An ISO timestamp as a long date, e.g. `January 15, 2025`; '' when unparseable. */
export function formatDate(iso: string, locale?: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const key = locale ?? '';
  let format = dateFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'long' });
    dateFormats.set(key, format);
  }
  return format.format(date);
}

/** The first line-ish of a caption, at most `max` characters, cut at a word boundary. */
export function excerpt(text: string, max = 120): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.slice(0, max - 1);
  return `${cut.slice(0, cut.lastIndexOf(' ') > max / 2 ? cut.lastIndexOf(' ') : cut.length)}…`;
}

/** Instagram's alt text, else a caption excerpt, else "Instagram post by @user on <date>" (the post's owner, in a merged feed). */
export function altText(
  media: Pick<Media, 'altText' | 'caption' | 'timestamp' | 'username'>,
  profile: Profile | undefined,
  locale: string | undefined,
  t: Translate,
): string {
  if (media.altText?.trim()) return media.altText.trim();
  if (media.caption.trim()) return excerpt(media.caption, 140);
  const date = formatDate(media.timestamp, locale);
  // Older servers send no username; the feed's account owns every post there.
  const user = media.username || profile?.username;
  return user ? t(date ? 'postByOn' : 'postBy', { user, date }) : t('post');
}
