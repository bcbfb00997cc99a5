import type { TemplateResult } from 'lit';
import type { Media } from '../contract.js';
import { renderCover } from './box.js';
import { ratioOf, visualOf } from './picture.js';
import type { TileContext } from './tile.js';

/** A photo tile: the image itself, no badge. */
export function renderImage(media: Media, ctx: TileContext): TemplateResult {
  return renderCover(media, visualOf(media), ratioOf(media), undefined, ctx);
}
