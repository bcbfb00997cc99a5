import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { Media, MediaType, Profile } from '../contract.js';
import { altText } from '../format.js';
import type { FeedLayout } from '../options.js';
import { icon } from '../icons.js';
import { httpsUrl, httpUrl } from '../safe-url.js';
import type { Translate } from '../strings.js';
import { renderMediaBox, renderUnavailable } from './box.js';
import { renderCarousel } from './carousel.js';
import { renderImage } from './image.js';
import { renderOverlay } from './overlay.js';
import { ratioOf } from './picture.js';
import { renderReel } from './reel.js';
import { renderVideo } from './video.js';

/** What the element hands every tile renderer; renderers keep no state of their own. */
export interface TileContext {
  profile?: Profile;
  locale?: string;
  /** The element's interface text. */
  t: Translate;
  layout: FeedLayout;
  /** Show the caption excerpt in the overlay. */
  captions: boolean;
  /** Tiles open the lightbox (a button) rather than Instagram (a link). */
  lightbox: boolean;
  /** Tiles of posts with a call to action link to it (`tile-link="cta"`). */
  cta: boolean;
  isBroken(media: Media): boolean;
  onImageError(media: Media): void;
  onActivate(media: Media, index: number, event: Event): void;
}

const RENDERERS: Record<MediaType, (media: Media, ctx: TileContext) => TemplateResult> = {
  image: renderImage,
  video: renderVideo,
  reel: renderReel,
  carousel: renderCarousel,
};

/** Spoken before a tile's alt text, so the type shown by the badge is not only visual. */
export function typeLabel(media: Media, t: Translate): string {
  const count = media.children.length;
  return t(({ image: 'photo', video: 'video', reel: 'reel', carousel: count ? 'albumOf' : 'album' } as const)[media.type], { count });
}

/** True when a post has any image to show (its own, a poster, or a carousel child's). */
export function hasVisual(media: Media): boolean {
  return !!(media.mediaUrl || media.thumbnailUrl || media.children.some(c => c.mediaUrl || c.thumbnailUrl));
}

/** One `<li part="item item--TYPE">`: the activatable tile and its overlay (caption excerpt, likes, comments). */
export function renderTile(media: Media, index: number, ctx: TileContext): TemplateResult | typeof nothing {
  const render = RENDERERS[media.type];
  if (!render) return nothing;
  const visible = hasVisual(media);
  const onClick = (event: Event) => ctx.onActivate(media, index, event);
  const cta = ctx.cta ? httpsUrl(media.link?.url) : undefined;
  // A call to action leads the tile's name, so it says where the link goes. With no image the alt text has
  // no <img> to live on, so it joins the name.
  const { t } = ctx;
  const action = cta ? `${media.link?.label?.trim() || t('learnMore')}, ` : '';
  const label = `${action}${typeLabel(media, t)}: ${visible ? '' : `${altText(media, ctx.profile, ctx.locale, t)}. `}`;
  const box = visible ? render(media, ctx) : renderMediaBox(undefined, ratioOf(media), renderUnavailable(t('viewOnInstagram')));
  const pin = media.pinned ? html`<span part="pin" class="feed__pin">${icon('pin')}<span class="visually-hidden">${t('pinned')}</span></span>` : nothing;
  // The pin follows the media box so that it paints over the image (and under the overlay), as badges do.
  const content = html`<span class="visually-hidden">${label}</span>${box}${pin}`;
  // A call to action, or no lightbox, or nothing to show in it: the tile is a plain link (to the post on Instagram).
  const tile =
    !cta && ctx.lightbox && visible
      ? html`<button type="button" class="feed__tile" data-index=${index} aria-haspopup="dialog" @click=${onClick}>
          ${content}
        </button>`
      : html`<a class="feed__tile" data-index=${index} href=${ifDefined(cta ?? httpUrl(media.permalink))} target="_blank" rel="noopener noreferrer"
          @click=${onClick}>${content}</a>`;
  return html`<li part="item item--${media.type}" class="feed__item">${tile}${renderOverlay(media, ctx)}</li>`;
}
