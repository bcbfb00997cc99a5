/**
 * `url` when it is an absolute `http(s)://` URL, else `undefined`. Lit does not sanitize URLs, so a
 * `javascript:` permalink would render as a live link; the server sends only http(s), and this checks
 * again before any href or src. Anchored at the first character: browsers skip leading spaces and
 * control characters before the scheme, so ` javascript:` must fail here, and does.
 */
export const httpUrl = (url: string | null | undefined): string | undefined => (url && /^https?:\/\//i.test(url) ? url : undefined);
