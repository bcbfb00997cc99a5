import type { TemplateResult } from 'lit';
import type { Media } from '../contract.js';
import { icon } from '../icons.js';
import { renderCover } from './box.js';
import { ratioOf, visualOf } from './picture.js';
import type { TileContext } from './tile.js';

/** A reel tile: a 9:16 poster (cropped to the grid's tile shape in grid and carousel layouts) with a reel badge. */
export function renderReel(media: Media, ctx: TileContext): TemplateResult {
  return renderCover(media, visualOf(media), ratioOf(media, '9 / 16'), icon('reel'), ctx);
}
