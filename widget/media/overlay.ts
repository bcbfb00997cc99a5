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
    ${caption ? html`<p part="caption" class="feed__caption" aria-hidden=${ifDefined(hideCaption)}><bdi>${caption}</bdi></p>` : nothing}
    <p class="feed__counts">
      ${renderCount('likes', 'heart', likes, ctx)}${renderCount('comments', 'comment', comments, ctx)}
      ${isList ? html`<time part="date" datetime=${media.timestamp}>${formatDate(media.timestamp, ctx.locale)}</time>` : nothing}
    </p>
  </div>`;
}

// The icon stands for the noun visually; screen readers get the message's words as text around the number.
function renderCount(part: 'likes' | 'comments', name: 'heart' | 'comment', count: number | null, ctx: TileContext): unknown {
  if (count == null) return nothing;
  const words = ctx.t.parts(part, { n: count, count: formatCount(count, ctx.locale) });
  return html`<span part=${part}>${icon(name)}${words.map((text, i) => (i % 2 ? text : text && html`<span class="visually-hidden">${text}</span>`))}</span>`;
}
