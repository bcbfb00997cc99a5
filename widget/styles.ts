import { css } from 'lit';

// Every --instagram-feed-* property is read where it is used, with its default as the fallback, and never
// declared on :host, so a site can set them on :root. Only private --_* helpers are declared here.
/** The element's CSS, except that of the lazily loaded parts (header.ts, lightbox-styles.ts, scroll-nav.ts; see lazy-part.ts). */
export const styles = css`
  :host { display: block; color-scheme: light dark; }
  :host([hidden]) { display: none; }
  *, ::before, ::after { box-sizing: border-box; }
  p { margin: 0; }

  .feed {
    container: feed / inline-size; font-family: var(--instagram-feed-font, inherit); line-height: 1.45;
    padding: var(--instagram-feed-padding, 16px); border-radius: calc(2 * var(--instagram-feed-radius, 6px));
    color: var(--instagram-feed-color, light-dark(#1f2328, #e8eaed));
    background: var(--instagram-feed-background, light-dark(#fff, #18191b));
  }
  a { color: var(--instagram-feed-accent, light-dark(#0074cc, #4cb5f9)); }
  :focus-visible { outline: 3px solid var(--instagram-feed-accent, light-dark(#0074cc, #4cb5f9)); outline-offset: 2px; }
  .icon {
    flex: none; width: 1.25em; height: 1.25em;
    fill: none; stroke: currentColor; stroke-width: 2; stroke-linecap: round; stroke-linejoin: round;
  }
  .visually-hidden {
    position: absolute; width: 1px; height: 1px; margin: -1px; padding: 0; border: 0;
    overflow: hidden; clip-path: inset(50%); white-space: nowrap;
  }
  .button {
    display: inline-flex; align-items: center; justify-content: center; gap: 6px; min-height: 36px; padding: 0 18px;
    border: 0; border-radius: 8px; font: inherit; font-weight: 600; text-decoration: none; cursor: pointer;
    color: inherit; background: var(--instagram-feed-surface, light-dark(#eff1f3, #262a2f));
  }
  .button--accent {
    color: var(--instagram-feed-accent-text, light-dark(#fff, #000));
    background: var(--instagram-feed-accent, light-dark(#0074cc, #4cb5f9));
  }
  [aria-disabled='true'] { opacity: 0.45; cursor: default; }

  /* Header: every size that decides its height, shared with its skeleton (the rest is in header.ts). The text
     column is one fixed box, whatever the profile holds, so the real header replaces its skeleton in place:
     a title row, then one line each of counts, name and website and two of biography (clamped there). */
  .header { display: flex; align-items: center; gap: 16px 28px; padding-bottom: 20px; }
  .header__avatar {
    flex: none; display: grid; place-items: center; width: 88px; height: 88px; border-radius: 50%; object-fit: cover;
    font-size: 2em; text-transform: uppercase; background: var(--instagram-feed-surface, light-dark(#eff1f3, #262a2f));
  }
  .header__text {
    flex: auto; min-width: 0; display: grid; grid-template-columns: minmax(0, 1fr); align-content: center; gap: 6px;
    height: calc(max(32px, 1.8125em) + 5lh + 24px);
  }
  .header__title { display: flex; align-items: center; gap: 16px; height: max(32px, 1.8125em); }
  .header__follow { flex: none; min-height: 32px; padding: 0 16px; }
  .header__avatars { flex: none; display: flex; }
  .header__avatars .header__avatar { width: 56px; height: 56px; margin-inline-start: -16px; }
  .header__avatars .header__avatar:first-child { margin-inline-start: 0; }
  /* Two lines, centred, scrolled beyond that (the padding keeps the links' focus rings inside the clip) */
  .header__accounts {
    flex: auto; display: grid; align-content: center; align-content: safe center;
    font-size: 1.125em; height: 2lh; overflow-y: auto; padding: 5px; margin: -5px;
  }
  @container feed (max-width: 480px) {
    .header { gap: 16px; }
    .header__avatar { width: 64px; height: 64px; }
    .header__avatars .header__avatar { width: 44px; height: 44px; }
  }
  @container feed (max-width: 360px) {
    .header { flex-direction: column; align-items: flex-start; }
    .header__text, .header__accounts { width: 100%; }
  }

  /* Lists: the column count is the attribute, else the custom property, else 4; tiles never get narrower than 110px. */
  .feed__list {
    --_cols: var(--_columns, var(--instagram-feed-columns, 4));
    --_track: max(110px, (100% - (var(--_cols) - 1) * var(--instagram-feed-gap, 8px)) / var(--_cols));
    margin: 0; padding: 0; list-style: none;
    gap: var(--instagram-feed-gap, 8px);
  }
  .feed__list--grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(var(--_track), 1fr)); }
  .feed__list--carousel {
    display: grid; grid-auto-flow: column; grid-auto-columns: var(--_track);
    overflow-x: auto; overscroll-behavior-x: contain; scroll-snap-type: x mandatory; scrollbar-width: none;
  }
  .feed__list--carousel > li { scroll-snap-align: start; }
  .feed__list--masonry { column-count: var(--_cols); column-width: 150px; column-gap: var(--instagram-feed-gap, 8px); }
  .feed__list--masonry > li { break-inside: avoid; margin-bottom: var(--instagram-feed-gap, 8px); }
  .feed__list--list { display: grid; row-gap: calc(2 * var(--instagram-feed-gap, 8px)); }
  .feed__list--list > li { display: grid; grid-template-columns: minmax(0, 2fr) minmax(0, 3fr); gap: 8px 20px; align-items: start; }
  @container feed (max-width: 480px) {
    .feed__list--list > li { grid-template-columns: minmax(0, 1fr); }
  }

  /* Tiles */
  .feed__item { position: relative; min-width: 0; }
  .feed__tile {
    display: block; width: 100%; padding: 0; border: 0; border-radius: var(--instagram-feed-radius, 6px);
    font: inherit; color: inherit; background: none; text-decoration: none; cursor: pointer;
  }
  /* A media box's size is its aspect ratio's, never its content's: strict containment keeps what happens inside
     (an image arriving, fading in) from laying out and painting the rest of the feed again. On the 100-tile
     bench page, a third less of the main thread's time while the images load. */
  .feed__media {
    position: relative; display: block; overflow: hidden; aspect-ratio: var(--_ratio, 1); contain: strict;
    border-radius: var(--instagram-feed-radius, 6px); background-size: cover;
    background-color: var(--instagram-feed-surface, light-dark(#eff1f3, #262a2f));
  }
  .feed--grid .feed__media, .feed--carousel .feed__media { aspect-ratio: var(--instagram-feed-aspect-ratio, 1); }
  .picture__img { position: absolute; inset: 0; width: 100%; height: 100%; object-fit: cover; opacity: 0; transition: opacity 0.3s ease, transform 0.3s ease; }
  /* A server-rendered feed's images are on screen when the element takes it over: they stay, no fade */
  .picture__img.is-loaded, .feed--server .picture__img { opacity: 1; }
  .picture__img.is-broken { display: none; }
  .feed__tile:hover .picture__img.is-loaded { transform: scale(1.03); }
  .feed__badge, .feed__pin {
    position: absolute; top: 8px; inset-inline-end: 8px; display: flex; font-size: 1.125rem;
    color: var(--instagram-feed-overlay-text, #fff); filter: drop-shadow(0 0 3px rgb(0 0 0 / 0.55));
  }
  .feed__pin { inset-inline: 8px auto; }
  .feed__unavailable {
    position: absolute; inset: 0; display: grid; place-content: center; justify-items: center; gap: 6px; padding: 8px;
    font-size: 0.8125em; font-weight: 600; text-align: center; color: var(--instagram-feed-muted-color, light-dark(#65676b, #a8abaf));
  }
  .feed__unavailable .icon { width: 32px; height: 32px; }
  .feed__overlay {
    position: absolute; inset: 0; display: flex; flex-direction: column; justify-content: center; align-items: center; gap: 10px;
    padding: 12px; border-radius: var(--instagram-feed-radius, 6px); pointer-events: none; opacity: 0; transition: opacity 0.2s ease;
    font-size: 0.875em; text-align: center; overflow: hidden;
    color: var(--instagram-feed-overlay-text, #fff); background: var(--instagram-feed-overlay, rgb(0 0 0 / 0.55));
  }
  .feed__item:hover .feed__overlay, .feed__item:focus-within .feed__overlay { opacity: 1; }
  .feed__caption { display: -webkit-box; -webkit-box-orient: vertical; -webkit-line-clamp: 3; overflow: hidden; overflow-wrap: anywhere; }
  .feed__counts { display: flex; flex-wrap: wrap; justify-content: center; gap: 6px 16px; font-weight: 600; }
  .feed__counts > * { display: inline-flex; align-items: center; gap: 5px; }
  .feed--list .feed__overlay {
    position: static; align-items: start; justify-content: start; padding: 4px 0; opacity: 1; text-align: start;
    font-size: 1em; color: inherit; background: none;
  }
  .feed--list .feed__caption { -webkit-line-clamp: 6; }
  .feed--list .feed__counts { justify-content: start; color: var(--instagram-feed-muted-color, light-dark(#65676b, #a8abaf)); }
  .feed--list time { font-weight: 400; }
  /* States */
  .bar { display: inline-block; width: 100%; max-width: 24em; height: 0.9em; border-radius: 4px; vertical-align: middle; background: var(--instagram-feed-surface, light-dark(#eff1f3, #262a2f)); }
  .bar--username { width: 9em; }
  .bar--stats { width: 16em; max-width: 100%; }
  .bar--name { width: 7em; }
  .header--skeleton .header__follow { width: 88px; }
  .header--skeleton .bar { display: block; margin-block: calc((1lh - 0.9em) / 2); }
  /* The list pulses as one while loading, not each of its (up to 100) tiles */
  .header--skeleton, .feed__list[aria-hidden] { animation: pulse 1.6s ease-in-out infinite; }
  @keyframes pulse { 50% { opacity: 0.55; } }
  .feed__error, .feed__empty {
    display: grid; justify-items: center; gap: 8px; padding: 40px 16px; text-align: center;
    border-radius: var(--instagram-feed-radius, 6px); background: var(--instagram-feed-surface, light-dark(#eff1f3, #262a2f));
  }
  .feed__error-title { font-weight: 600; }
  .feed__error-detail, .feed__more-error { color: var(--instagram-feed-muted-color, light-dark(#65676b, #a8abaf)); font-size: 0.875em; }
  .feed__error .button { margin-top: 8px; background: var(--instagram-feed-background, light-dark(#fff, #18191b)); }
  .feed__more { display: grid; justify-items: center; gap: 8px; margin-top: 24px; }
  .feed__more-space { visibility: hidden; }

  @media (prefers-reduced-motion: reduce) {
    *, ::before, ::after { transition: none !important; animation: none !important; }
    .feed__tile:hover .picture__img.is-loaded { transform: none; }
  }
`;
