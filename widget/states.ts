import { html, type TemplateResult } from 'lit';
import type { FeedRequestError } from './feed-api.js';
import type { FeedLayout } from './options.js';
import type { ErrorKey, Translate } from './strings.js';

// The errors the widget itself describes (feed-api.ts), in the element's language; a server's own message is shown as sent.
const DETAILS: Record<string, ErrorKey> = { network_error: 'networkError', http_error: 'serverStatus', invalid_response: 'badResponse' };

/**
 * Tile-shaped placeholders, in the list's own layout: in the grid and carousel they take exactly a loaded tile's
 * place. Only the list layout shows a tile's text beside it, so only there they carry bars for caption and counts.
 */
const SKELETON_TILES = {
  media: html`<li part="skeleton" class="feed__item feed__item--skeleton" aria-hidden="true"><span class="feed__media"></span></li>`,
  list: html`<li part="skeleton" class="feed__item feed__item--skeleton" aria-hidden="true">
    <span class="feed__media"></span>
    <div class="feed__overlay">
      <p class="feed__caption"><span class="bar"></span><span class="bar"></span></p>
      <p class="feed__counts"><span class="bar bar--name"></span></p>
    </div>
  </li>`,
};

/** `count` tile placeholders: the skeleton's, and those of tiles not rendered yet. */
export const skeletonTiles = (layout: FeedLayout, count: number): TemplateResult[] =>
  Array(Math.max(count, 0)).fill(SKELETON_TILES[layout === 'list' ? 'list' : 'media']);

/**
 * The header's placeholder while loading, in the box of the header it stands for (styles.ts): a single
 * account's, or with `accounts` over 1 a merged feed's (that many stacked pictures, at most 5). Here,
 * not in header.ts, because it shows before that module has loaded.
 */
export function renderHeaderSkeleton(accounts: number): TemplateResult {
  return accounts > 1
    ? html`<div part="skeleton" class="header header--skeleton" aria-hidden="true">
        <span class="header__avatars">${Array(Math.min(accounts, 5)).fill(html`<span class="header__avatar"></span>`)}</span>
        <p class="header__accounts"><span class="bar"></span></p>
      </div>`
    : html`<div part="skeleton" class="header header--skeleton" aria-hidden="true">
        <span class="header__avatar"></span>
        <div class="header__text">
          <div class="header__title"><span class="bar bar--username"></span><span class="button header__follow"></span></div>
          <span class="bar bar--stats"></span><span class="bar bar--name"></span>
          <p><span class="bar"></span><span class="bar bar--stats"></span></p>
          <span class="bar bar--name"></span>
        </div>
      </div>`;
}

/**
 * The room of the "Load more" row, kept while loading and when there is no next page: an element with
 * `load-more` always ends with that row, so neither the first page nor the last moves what follows it.
 */
export const moreSpace = html`<div class="feed__more" aria-hidden="true"><span class="button feed__more-space">&nbsp;</span></div>`;

/** The error state: what went wrong and a Retry button. */
export function renderError(error: FeedRequestError | undefined, onRetry: () => void, t: Translate): TemplateResult {
  return html`<div part="error" class="feed__error" role="alert">
    <p class="feed__error-title">${t('error')}</p>
    ${error?.message ? html`<p class="feed__error-detail">${errorDetail(error, t)}</p>` : ''}
    <button part="retry" class="button" type="button" @click=${onRetry}>${t('retry')}</button>
  </div>`;
}

function errorDetail(error: FeedRequestError, t: Translate): string {
  const key = DETAILS[error.code];
  return (key && t(key, { status: error.status })) || error.message;
}

/** The "Load more" button, and why the last attempt failed if it did. */
export function renderMore(loading: boolean, error: FeedRequestError | undefined, onClick: () => void, t: Translate): TemplateResult {
  return html`<div class="feed__more">
    ${error ? html`<p part="error" class="feed__more-error" role="alert">${t('moreError')} ${errorDetail(error, t)}</p>` : ''}
    <button part="load-more" class="button button--accent" type="button" aria-disabled=${loading} @click=${onClick}>
      ${t(loading ? 'loading' : error ? 'tryAgain' : 'loadMore')}
    </button>
  </div>`;
}

/** The empty state: the `empty` slot, with a default text. */
export function renderEmpty(t: Translate): TemplateResult {
  return html`<div part="empty" class="feed__empty"><slot name="empty">${t('empty')}</slot></div>`;
}
