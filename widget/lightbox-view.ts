import { html, nothing, svg, type TemplateResult } from 'lit';
import type { Media, MediaChild, MediaLink, Profile } from './contract.js';
import { altText, formatCount, formatDate } from './format.js';
import { icon } from './icons.js';
import { boxStyle, renderUnavailable } from './media/box.js';
import { ratioOf, renderPicture, visualOf } from './media/picture.js';
// Through feed-view.js, which has loaded before any lightbox opens: the bundler then keeps the modules the
// viewer shares with the tiles in that chunk, instead of splitting them off into a third one.
import { typeLabel } from './feed-view.js';
import { external, httpsUrl, httpUrl } from './safe-url.js';
import type { Translate } from './strings.js';

/** Everything the lightbox template shows, and the callbacks its controls call. */
export interface LightboxView {
  media: Media;
  index: number;
  count: number;
  child: number;
  profile?: Profile;
  locale?: string;
  t: Translate;
  reducedMotion: boolean;
  onClose(): void;
  onStep(delta: number): void;
  onPage(delta: number): void;
  onKeydown(event: KeyboardEvent): void;
}

const ICONS = {
  prev: svg`<path d="M15 18l-6-6 6-6"/>`,
  next: svg`<path d="M9 6l6 6-6 6"/>`,
  close: svg`<path d="M6 6l12 12M18 6L6 18"/>`,
};
const LIGHTBOX_SIZES = '(max-width: 720px) 100vw, 760px';
// A mention or hashtag, not preceded by a word character (so e-mail addresses stay plain text).
const TOKEN = /((?<![\p{L}\p{N}_])[#@][\p{L}\p{N}_](?:[\p{L}\p{N}_.]*[\p{L}\p{N}_])?)/u;

/** The post viewer dialog: media (with carousel paging), caption, counts, date, call to action and a link to Instagram. */
export function renderLightbox(view: LightboxView): TemplateResult {
  const { media, index, count, profile, locale, t } = view;
  const type = typeLabel(media, t);
  // A click on the dialog itself, not on anything inside it, is a click on the backdrop.
  const onBackdrop = (event: MouseEvent) => event.target === event.currentTarget && view.onClose();
  // Esc is handled on keydown; this catches other ways a browser cancels a dialog (a back gesture).
  const onCancel = (event: Event) => {
    event.preventDefault();
    view.onClose();
  };
  return html`<dialog
    part="lightbox"
    class="lightbox"
    aria-label=${profile ? t('postLabel', { type, user: profile.username }) : type}
    @keydown=${view.onKeydown}
    @click=${onBackdrop}
    @cancel=${onCancel}
  >
    <div class="lightbox__panel">
      ${renderStage(view)}
      <div part="lightbox-caption" class="lightbox__aside">
        ${profile ? external('lightbox-username', 'lightbox__user', profile.profileUrl, html`<bdi>@${profile.username}</bdi>`) : nothing}
        ${media.caption ? html`<p class="lightbox__caption"><bdi>${linkify(media.caption)}</bdi></p>` : nothing}
        <p class="lightbox__meta">
          ${renderCount('likes', 'heart', media.likeCount, view)}
          ${renderCount('comments', 'comment', media.commentsCount, view)}
          <time part="date" datetime=${media.timestamp}>${formatDate(media.timestamp, locale)}</time>
        </p>
        ${renderCallToAction(media.link, t)}
        ${external('lightbox-link', 'lightbox__link button', media.permalink, html`${icon('instagram')}${t('viewOnInstagram')}`)}
      </div>
    </div>
    <p class="lightbox__status visually-hidden" aria-live="polite">${t('postOf', { index: index + 1, count })}</p>
    ${navButton('lightbox-prev', t('previousPost'), 'prev', index === 0, () => view.onStep(-1))}
    ${navButton('lightbox-next', t('nextPost'), 'next', index === count - 1, () => view.onStep(1))}
    <button part="lightbox-close" class="lightbox__close" type="button" aria-label=${t('close')} @click=${view.onClose}>
      ${icon(ICONS.close)}
    </button>
  </dialog>`;
}

function renderStage(view: LightboxView): TemplateResult {
  const { media, child, reducedMotion, t } = view;
  const children = media.children;
  const item: Media | MediaChild = children[child] ?? media;
  const ratio = ratioOf(item, media.type === 'reel' ? '9 / 16' : '1');
  // The counter's "1 / 5" is left to right on every page: on a right-to-left one it would read "5 / 1".
  return html`<div part="lightbox-media" class="lightbox__media" .style=${boxStyle(ratio)}>
    ${renderItem(item, view, reducedMotion)}
    ${
      children.length > 1
        ? html`<div class="lightbox__pager">
          ${navButton('lightbox-slide-prev', t('previousItem'), 'prev', child === 0, () => view.onPage(-1))}
          <span part="lightbox-counter" class="lightbox__counter"
            ><span aria-hidden="true" dir="ltr">${child + 1} / ${children.length}</span
            ><span class="visually-hidden" aria-live="polite">${t('itemOf', { index: child + 1, count: children.length })}</span></span
          >
          ${navButton('lightbox-slide-next', t('nextItem'), 'next', child === children.length - 1, () => view.onPage(1))}
        </div>`
        : nothing
    }
  </div>`;
}

function renderItem(item: Media | MediaChild, view: LightboxView, reducedMotion: boolean): TemplateResult {
  const isVideo = item.type === 'video' || item.type === 'reel';
  const visual = visualOf(item);
  const alt = altText({ ...view.media, altText: item.altText }, view.profile, view.locale, view.t);
  const src = httpUrl(item.mediaUrl);
  if (isVideo && src) {
    // Autoplay only muted (browsers block sound) and never for users who asked for less motion.
    return html`<video
      class="lightbox__video"
      src=${src}
      poster=${visual?.src ?? nothing}
      aria-label=${alt}
      controls
      playsinline
      preload="metadata"
      .muted=${!reducedMotion}
      ?autoplay=${!reducedMotion}
    ></video>`;
  }
  // The stand-in sits under the picture: it shows while the image loads and stays if the image is broken.
  const picture = visual ? renderPicture(visual, alt, LIGHTBOX_SIZES, markBroken, false) : nothing;
  return html`${renderUnavailable()}${picture}`;
}

type Direction = 'prev' | 'next';

function navButton(part: string, label: string, name: Direction, disabled: boolean, onClick: () => void): TemplateResult {
  // aria-disabled rather than disabled: a disabled button would drop the keyboard focus it holds.
  return html`<button
    part=${part}
    class="lightbox__nav lightbox__nav--${name}"
    type="button"
    aria-label=${label}
    aria-disabled=${disabled}
    @click=${() => !disabled && onClick()}
  >
    ${icon(ICONS[name])}
  </button>`;
}

// The site owner's link for the post (https only), with its label or the default text.
function renderCallToAction(link: MediaLink | null, t: Translate): unknown {
  const url = httpsUrl(link?.url);
  return url ? external('link', 'lightbox__cta button button--accent', url, link?.label?.trim() || t('learnMore')) : nothing;
}

function renderCount(part: 'likes' | 'comments', name: 'heart' | 'comment', count: number | null, { t, locale }: LightboxView): unknown {
  if (count == null) return nothing;
  return html`<span part=${part}>${icon(name)}${t(part, { n: count, count: formatCount(count, locale) })}</span>`;
}

function linkify(caption: string): unknown[] {
  return caption.split(TOKEN).map((text, i) => {
    if (i % 2 === 0) return text;
    const name = encodeURIComponent(text.slice(1));
    const path = text.startsWith('#') ? `explore/tags/${name}` : name;
    return html`<a href="https://www.instagram.com/${path}/" target="_blank" rel="noopener noreferrer">${text}</a>`;
  });
}

function markBroken(event: Event): void {
  (event.currentTarget as HTMLElement).classList.add('is-broken');
}
