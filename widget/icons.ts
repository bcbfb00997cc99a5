import { html, svg, type SVGTemplateResult, type TemplateResult } from 'lit';

const PATHS = {
  play: svg`<path d="M8 5.5v13l10.5-6.5z" fill="currentColor" stroke="none"/>`,
  reel: svg`<rect x="3" y="3" width="18" height="18" rx="4.5"/><path d="M3 8.5h18M8.5 3l3 5.5M14.5 3l3 5.5"/><path d="M10 12v5l4.2-2.5z" fill="currentColor"/>`,
  carousel: svg`<rect x="7.5" y="3" width="13.5" height="13.5" rx="2.5"/><path d="M16.5 21H6a3 3 0 0 1-3-3V7.5"/>`,
  heart: svg`<path d="M12 20.2s-8-4.6-8-10.4A4.3 4.3 0 0 1 12 7.3a4.3 4.3 0 0 1 8 2.5c0 5.8-8 10.4-8 10.4z" fill="currentColor"/>`,
  comment: svg`<path d="M20.7 16.3A9 9 0 1 0 17 19.8L21.3 21z" fill="currentColor"/>`,
  pin: svg`<path d="M9 3h6M10 3v5l-3 4h10l-3-4V3M12 12v9" fill="currentColor"/>`,
  instagram: svg`<rect x="3" y="3" width="18" height="18" rx="5"/><circle cx="12" cy="12" r="4.2"/><circle cx="17.3" cy="6.7" r="1.1" fill="currentColor" stroke="none"/>`,
} satisfies Record<string, SVGTemplateResult>;

/** Names of the built-in icons. */
export type IconName = keyof typeof PATHS;

/**
 * A decorative 24×24 line icon in `currentColor`; the control around it carries the accessible name.
 * Lazily loaded modules pass their own paths (chevrons, close), which keeps those out of the first bundle.
 */
export function icon(name: IconName | SVGTemplateResult): TemplateResult {
  return html`<svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">${typeof name === 'string' ? PATHS[name] : name}</svg>`;
}
