import { html, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { Media, MediaChild, MediaSource } from '../contract.js';
import { httpUrl } from '../safe-url.js';

/** An image to paint, with the mirror's optional size, color and resized variants. */
export type Visual = Pick<MediaChild, 'width' | 'height' | 'color' | 'placeholder' | 'sources'> & { src: string };

/** A `<picture>`: resized variants as `<source>`s (AVIF, then WebP, then the rest), the original as fallback. */
export function renderPicture(visual: Visual, alt: string, sizes: string, onError: (event: Event) => void, lazy = true): TemplateResult {
  const sources = sourceSets(visual.sources).map(([type, srcset]) => html`<source type=${type} srcset=${srcset} sizes=${sizes} />`);
  // `loading` is static, not a binding: Chromium honours `sizes="auto"` only if the <img> is already
  // lazy when the <source>s appear, and Lit commits the sources before the img's bindings. Bound, it
  // made 286 px tiles download the 1080 px variant.
  return lazy
    ? html`<picture class="picture">${sources}<img class="picture__img" loading="lazy" decoding="async" src=${visual.src} alt=${alt}
          width=${ifDefined(visual.width)} height=${ifDefined(visual.height)} @load=${markLoaded} @error=${onError} /></picture>`
    : html`<picture class="picture">${sources}<img class="picture__img" loading="eager" decoding="async" src=${visual.src} alt=${alt}
          width=${ifDefined(visual.width)} height=${ifDefined(visual.height)} @load=${markLoaded} @error=${onError} /></picture>`;
}

/** `width / height` when both are known, else `fallback`. */
export function ratioOf(item: Pick<Media, 'width' | 'height'>, fallback = '1'): string {
  const { width, height } = item;
  return width && height && width > 0 && height > 0 ? `${+width} / ${+height}` : fallback;
}

/** The image that stands for a post or carousel child: the photo itself, or a video's poster. */
export function visualOf(item: Media | MediaChild): Visual | undefined {
  const isImage = item.type === 'image';
  const src = httpUrl(isImage ? (item.mediaUrl ?? item.thumbnailUrl) : item.thumbnailUrl);
  return src ? { ...item, src } : undefined;
}

/** `sizes` for tiles: `auto` lets lazy images pick by their laid-out width; the rest is for older browsers. */
export const TILE_SIZES = 'auto, (max-width: 480px) 50vw, 320px';

const TYPE_ORDER = ['image/avif', 'image/webp'];

function sourceSets(sources: MediaSource[] | undefined): [string, string][] {
  const byType = new Map<string, string[]>();
  for (const s of (sources ?? []).filter(s => httpUrl(s.url)).sort((a, b) => a.width - b.width)) {
    byType.set(s.type, [...(byType.get(s.type) ?? []), `${s.url} ${s.width}w`]);
  }
  const rank = (type: string) => TYPE_ORDER.indexOf(type) + 1 || TYPE_ORDER.length + 1;
  return [...byType].sort(([a], [b]) => rank(a) - rank(b)).map(([type, set]) => [type, set.join(', ')]);
}

function markLoaded(event: Event): void {
  const img = event.currentTarget as HTMLElement;
  img.classList.add('is-loaded');
  img.classList.remove('is-broken');
}
