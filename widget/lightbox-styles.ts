// The lightbox's CSS travels in the lazily loaded lightbox chunk, so the first paint doesn't pay for it
// (lightbox.ts exports it as `styles`; see lazy-part.ts).
// Shared pieces (buttons, icons, .picture__img, .feed__unavailable, reduced motion) are in styles.ts.
import { css } from 'lit';

/** The lightbox's CSS: the dialog covers the viewport; the panel holds media and caption side by side. */
export const lightboxStyles = css`
  .lightbox__nav, .lightbox__close {
    display: grid; place-items: center; width: 40px; height: 40px; padding: 0; border: 0; border-radius: 50%; cursor: pointer;
    color: #111; background: rgb(255 255 255 / 0.94); box-shadow: 0 1px 6px rgb(0 0 0 / 0.3);
  }
  .lightbox {
    font-family: var(--instagram-feed-font, inherit);
    line-height: 1.45;
    color: var(--instagram-feed-color, light-dark(#1f2328, #e8eaed));
    position: fixed; inset: 0; width: 100%; height: 100%; max-width: none; max-height: none; margin: 0; padding: 16px 72px;
    border: 0; background: transparent; overflow: hidden;
  }
  .lightbox[open] { display: grid; place-items: center; animation: fade 0.15s ease-out; }
  .lightbox::backdrop { background: var(--instagram-feed-backdrop, rgb(0 0 0 / 0.85)); }
  @keyframes fade { from { opacity: 0; } }
  .lightbox__panel {
    display: grid; grid-template-columns: auto minmax(260px, 340px); overflow: hidden; border-radius: 12px;
    background: var(--instagram-feed-lightbox-background, light-dark(#fff, #1c1e21));
  }
  .lightbox__media {
    position: relative; display: grid; place-items: center; background-color: #000;
    height: min(820px, 100dvh - 32px, (100vw - 484px) / (var(--_ratio))); aspect-ratio: var(--_ratio); max-width: calc(100vw - 484px);
  }
  .lightbox__media .picture__img { object-fit: contain; }
  .lightbox__media .feed__unavailable { color: #aaa; }
  .lightbox__video { position: absolute; inset: 0; width: 100%; height: 100%; }
  .lightbox__pager { position: absolute; top: 12px; display: flex; align-items: center; gap: 10px; }
  .lightbox__pager .lightbox__nav { width: 32px; height: 32px; }
  .lightbox__counter { padding: 2px 10px; border-radius: 999px; font-size: 0.8125em; font-weight: 600; color: #fff; background: rgb(0 0 0 / 0.6); }
  .lightbox__aside { display: flex; flex-direction: column; gap: 14px; height: 0; min-height: 100%; padding: 20px; overflow-y: auto; }
  .lightbox__user { font-weight: 600; color: inherit; text-decoration: none; }
  .lightbox__caption { white-space: pre-line; overflow-wrap: anywhere; }
  .lightbox__caption a { text-decoration: none; }
  .lightbox__meta { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 16px; font-size: 0.875em; color: var(--instagram-feed-muted-color, light-dark(#65676b, #a8abaf)); }
  .lightbox__meta > * { display: inline-flex; align-items: center; gap: 5px; }
  .lightbox__link, .lightbox__cta { margin-top: auto; }
  .lightbox__cta + .lightbox__link { margin-top: 0; }
  .lightbox > .lightbox__nav { position: absolute; top: 50%; translate: 0 -50%; }
  .lightbox > .lightbox__nav--prev { inset-inline-start: 16px; }
  .lightbox > .lightbox__nav--next { inset-inline-end: 16px; }
  .lightbox__close { position: absolute; top: 16px; inset-inline-end: 16px; }
  /* Right to left, "previous" is on the right and points right */
  .lightbox__nav:dir(rtl) .icon { scale: -1 1; }
  @media (max-width: 720px) {
    .lightbox { padding: 0; }
    .lightbox__panel { grid-template-columns: minmax(0, 1fr); grid-template-rows: auto minmax(0, 1fr); width: 100%; height: 100%; border-radius: 0; }
    .lightbox__media { width: 100%; height: auto; max-width: none; max-height: 62dvh; }
    .lightbox__aside { height: auto; min-height: 0; }
    .lightbox > .lightbox__nav { top: 31dvh; width: 36px; height: 36px; }
    .lightbox > .lightbox__nav--prev { inset-inline-start: 8px; }
    .lightbox > .lightbox__nav--next { inset-inline-end: 8px; }
    .lightbox__close { top: 8px; inset-inline-end: 8px; }
  }
  @media (prefers-reduced-motion: reduce) {
    .lightbox[open] { animation: none; }
  }
`;
