import { html, nothing, type TemplateResult } from 'lit';

/**
 * `url` when it is an absolute `http(s)://` URL, else `undefined`. Lit does not sanitize URLs, so a
 * `javascript:` permalink would render as a live link; the server sends only http(s), and this checks
 * again before any href or src. Anchored at the first character: browsers skip leading spaces and
 * control characters before the scheme, so ` javascript:` must fail here, and does.
 */
export const httpUrl = (url: string | null | undefined): string | undefined => (url && /^https?:\/\//i.test(url) ? url : undefined);

/** `url` when it is an absolute `https://` URL, else `undefined`: calls to action (`Media.link`) are https only. */
export const httpsUrl = (url: string | null | undefined): string | undefined => (url && /^https:\/\//i.test(url) ? url : undefined);

/** A link that opens in a new tab, as every link to Instagram or the profile's website does; no href unless `href` is http(s). */
export function external(part: string, className: string, href: string, content: unknown, label?: string): TemplateResult {
  return html`<a
    part=${part}
    class=${className}
    href=${httpUrl(href) ?? nothing}
    target="_blank"
    rel="noopener noreferrer"
    aria-label=${label ?? nothing}
    >${content}</a
  >`;
}
