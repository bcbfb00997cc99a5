import { html, type TemplateResult } from 'lit';
import type { FeedRequestError } from './feed-api.js';
import type { FeedLayout } from './options.js';

/** Tile-shaped placeholders in the list's own layout, so loaded tiles take exactly their place. */
export function renderSkeleton(layout: FeedLayout, count: number, listStyle: string): TemplateResult {
  return html`<ul class="feed__list feed__list--${layout}" .style=${listStyle} aria-hidden="true">
    ${Array.from(
      { length: count },
      () => html`<li part="skeleton" class="feed__item feed__item--skeleton">
        <span class="feed__media"></span>
        <div class="feed__overlay"><p class="feed__caption"><span class="bar"></span></p></div>
      </li>`,
    )}
  </ul>`;
}

/**
 * The header's placeholder while loading: the box sizes of a header with name, two lines of bio and a
 * website. Here, not in header.ts, because it shows before that module has loaded.
 */
export function renderHeaderSkeleton(): TemplateResult {
  return html`<div part="skeleton" class="header header--skeleton" aria-hidden="true">
    <span class="header__avatar"></span>
    <div class="header__text">
      <div class="header__title">
        <span class="bar bar--username"></span><span class="button header__follow">&nbsp;</span>
      </div>
      <p><span class="bar bar--stats"></span></p>
      <p><span class="bar bar--name"></span></p>
      <p><span class="bar"></span><br /><span class="bar bar--stats"></span></p>
      <p><span class="bar bar--name"></span></p>
    </div>
  </div>`;
}

/** The error state: what went wrong and a Retry button. */
export function renderError(error: FeedRequestError | undefined, onRetry: () => void): TemplateResult {
  return html`<div part="error" class="feed__error" role="alert">
    <p class="feed__error-title">Instagram posts could not be loaded.</p>
    ${error?.message ? html`<p class="feed__error-detail">${error.message}</p>` : ''}
    <button part="retry" class="button" type="button" @click=${onRetry}>Retry</button>
  </div>`;
}

/** The "Load more" button, and why the last attempt failed if it did. */
export function renderMore(loading: boolean, error: FeedRequestError | undefined, onClick: () => void): TemplateResult {
  return html`<div class="feed__more">
    ${error ? html`<p part="error" class="feed__more-error" role="alert">More posts could not be loaded. ${error.message}</p>` : ''}
    <button part="load-more" class="button button--accent" type="button" aria-disabled=${loading} @click=${onClick}>
      ${loading ? 'Loading…' : error ? 'Try again' : 'Load more'}
    </button>
  </div>`;
}

/** The empty state: the `empty` slot, with a default text. */
export function renderEmpty(): TemplateResult {
  return html`<div part="empty" class="feed__empty"><slot name="empty">No posts yet.</slot></div>`;
}
