import type { TemplateResult } from 'lit';
import type { Media } from '../contract.js';
import { icon } from '../icons.js';
import { httpUrl } from '../safe-url.js';
import { renderCover } from './box.js';
import { ratioOf, visualOf, type Visual } from './picture.js';
import type { TileContext } from './tile.js';

/** A carousel (album) tile: the first child as cover and a stack badge; all children page in the lightbox. */
export function renderCarousel(media: Media, ctx: TileContext): TemplateResult {
  const first = media.children[0];
  const own = httpUrl(media.mediaUrl ?? media.thumbnailUrl);
  // Older servers or partial responses may lack children; the album's own URL is Instagram's first-child copy.
  const visual: Visual | undefined = (first && visualOf(first)) ?? (own ? { ...media, src: own } : undefined);
  return renderCover(media, visual, ratioOf(first?.width ? first : media), icon('carousel'), ctx);
}
