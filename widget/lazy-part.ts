// Parts that a page shows late or never (the header, which needs the feed; the lightbox; the carousel
// buttons) are separate chunks, imported when needed, so the first paint doesn't pay for them. Each such
// module exports its CSS as `styles`, which joins the styles Lit adopted once the module has arrived.
// Such modules write `value ?? nothing` rather than import lit/directives/*: that import makes rolldown
// move Lit out of the initial chunk into one of its own (vite.config.ts fails the build when it does).
import type { CSSResult, ReactiveElement } from 'lit';

/** What a lazily loaded part's module exports besides its code. */
export interface PartModule {
  /** The part's CSS. */
  styles: CSSResult;
}

/**
 * Adds `module.styles` to `host`'s shadow root next to the styles Lit adopted there (with a `<style>`
 * where sheets can't be adopted; adding them again does nothing), renders `host` again, and returns `module`.
 */
export function adoptPart<T extends PartModule>(host: ReactiveElement, module: T): T {
  const root = host.renderRoot as ShadowRoot;
  const { styleSheet: sheet, cssText } = module.styles;
  if (sheet) {
    if (!root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  } else if (![...root.querySelectorAll('style')].some(style => style.textContent === cssText)) {
    const style = document.createElement('style');
    style.textContent = cssText;
    root.append(style);
  }
  host.requestUpdate();
  return module;
}
