import type { TemplateResult } from 'lit';
import type { Media } from '../contract.js';
import { icon } from '../icons.js';
import { renderCover } from './box.js';
import { ratioOf, visualOf } from './picture.js';
import type { TileContext } from './tile.js';

/** A video tile: the poster frame with a play badge; the video itself only plays in the lightbox. */
export function renderVideo(media: Media, ctx: TileContext): TemplateResult {
  return renderCover(media, visualOf(media), ratioOf(media), icon('play'), ctx);
}
