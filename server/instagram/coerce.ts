// Instagram omits and mistypes fields freely: everything read from its JSON goes through these, so
// every mapper applies the same rules. null means "not there" (or not usable) everywhere.

/** A non-empty string, else null. */
export function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** A finite number, else null (codes, counts Instagram may send as anything). */
export function finite(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** A finite number of zero or more, else null (likes and comments: hidden ones are absent). */
export function count(value: unknown): number | null {
  const number = finite(value);
  return number !== null && number >= 0 ? number : null;
}

/**
 * `value` when it is an absolute `http:`/`https:` URL, else null. Parsed with the URL parser rather than
 * a prefix test, so `JaVaScRiPt:`, `data:`, relative and scheme-relative (`//host`) URLs are refused.
 * The parser forgives leading spaces and control characters (as browsers do); such a value is handed on
 * in its parsed form, so what we send starts with `http(s)://` literally.
 */
export function httpUrl(value: unknown): string | null {
  if (typeof value !== 'string' || value === '') return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  return /^https?:\/\//i.test(value) ? value : url.href;
}
