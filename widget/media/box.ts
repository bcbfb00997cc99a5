import { html, nothing, type TemplateResult } from 'lit';
import type { Media } from '../contract.js';
import { altText } from '../format.js';
import { icon } from '../icons.js';
import { renderPicture, TILE_SIZES, type Visual } from './picture.js';
import type { TileContext } from './tile.js';

/** A tile's media box with its cover image, or the stand-in once that image has failed to load. */
export function renderCover(media: Media, visual: Visual | undefined, ratio: string, badge: TemplateResult | undefined, ctx: TileContext): TemplateResult {
  const alt = altText(media, ctx.profile, ctx.locale, ctx.t);
  const onError = () => ctx.onImageError(media);
  const content = visual && !ctx.isBroken(media) ? renderPicture(visual, alt, TILE_SIZES, onError) : renderUnavailable();
  return renderMediaBox(visual, ratio, content, badge);
}

/** The `part="media"` box: reserves the aspect ratio and paints `color` until the image has loaded. */
export function renderMediaBox(visual: Visual | undefined, ratio: string, content: unknown, badge?: TemplateResult): TemplateResult {
  const badgeBox = badge ? html`<span part="badge" class="feed__badge">${badge}</span>` : nothing;
  return html`<span part="media" class="feed__media" .style=${boxStyle(ratio, visual)}>${content}${badgeBox}</span>`;
}

/**
 * Inline style for a media box: its aspect ratio and the mirror's color and placeholder. Set through
 * the CSSOM (`.style`), which a strict Content-Security-Policy allows, unlike a style attribute; values
 * from the feed are validated because they end up inside CSS.
 */
export function boxStyle(ratio: string, visual?: Pick<Visual, 'color' | 'placeholder'>): string {
  const { color = '', placeholder = '' } = visual ?? {};
  const background = /^#[\da-f]{3,8}$/i.test(color) ? `background-color:${color};` : '';
  const image = /^data:image\/[\w.+-]+;base64,[\w+/=]+$/.test(placeholder) ? `background-image:url(${placeholder});` : '';
  return `--_ratio:${ratio};${background}${image}`;
}

/** Stand-in for a post with nothing to show (or a broken image): the Instagram glyph and an optional label. */
export function renderUnavailable(label?: string): TemplateResult {
  const text = label ? html`<span>${label}</span>` : nothing;
  return html`<span class="feed__unavailable">${icon('instagram')}${text}</span>`;
}
