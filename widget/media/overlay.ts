import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { Media } from '../contract.js';
import { excerpt, formatCount, formatDate } from '../format.js';
import { icon } from '../icons.js';
import type { TileContext } from './tile.js';

/** The caption excerpt, likes and comments over a tile (on hover or focus), or beside it in the list layout. */
export function renderOverlay(media: Media, ctx: TileContext): TemplateResult {
  const isList = ctx.layout === 'list';
  const caption = ctx.captions ? excerpt(media.caption, isList ? 300 : 100) : '';
  const { likeCount: likes, commentsCount: comments } = media;
  // The tile's name already reads the caption when there is no alt text; don't read it twice.
  const hideCaption = media.altText ? undefined : 'true';
  return html`<div part="overlay" class="feed__overlay">
    ${caption ? html`<p part="caption" class="feed__caption" aria-hidden=${ifDefined(hideCaption)}>${caption}</p>` : nothing}
    <p class="feed__counts">
      ${renderCount('likes', 'heart', likes, ctx.locale)}${renderCount('comments', 'comment', comments, ctx.locale)}
      ${isList ? html`<time part="date" datetime=${media.timestamp}>${formatDate(media.timestamp, ctx.locale)}</time>` : nothing}
    </p>
  </div>`;
}

// The icon stands for the noun visually; screen readers get the noun as text.
function renderCount(part: 'likes' | 'comments', name: 'heart' | 'comment', count: number | null, locale?: string): unknown {
  if (count == null) return nothing;
  const noun = count === 1 ? part.slice(0, -1) : part;
  return html`<span part=${part}>${icon(name)}${formatCount(count, locale)}<span class="visually-hidden"> ${noun}</span></span>`;
}
