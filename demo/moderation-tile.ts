// One post on the moderation screen: thumbnail, state, caption excerpt, and its controls (hide, pin,
// move the pin, call-to-action link). Built once per post and updated in place, so focus stays put.
import type { Media } from '../widget/contract.js';
import { type HiddenReason, REASONS, thumbnailOf } from './curation.js';
import { el, isHttpUrl } from './dom.js';

export interface TileState {
  reason: HiddenReason | undefined;
  /** Position among the pins shown, -1 when not pinned. */
  pin: number;
  pins: number;
  link: { url: string; label: string | null } | undefined;
  /** The server's messages about this post's link fields. */
  errors: { url?: string | undefined; label?: string | undefined };
}

export interface TileActions {
  hide(id: string, hidden: boolean): void;
  pin(id: string, pinned: boolean): void;
  move(id: string, by: -1 | 1): void;
  drop(id: string, onto: string): void;
  link(id: string, url: string, label: string): void;
}

const TYPES: Record<Media['type'], string> = { image: 'Photo', video: 'Video', reel: 'Reel', carousel: 'Album' };

export class PostTile {
  readonly element: HTMLLIElement;
  /** How the buttons name the post, built once: formatting dates on every keystroke made typing lag. */
  readonly #name: string;
  #last = '';
  readonly #parts;

  constructor(media: Media, actions: TileActions) {
    const id = media.id;
    const name = (this.#name = postName(media));
    const button = (action: string, text: string, label: string, onClick: () => void) => {
      const b = el('button', { type: 'button', className: 'button button--small', 'data-action': action, 'aria-label': `${label} ${name}` }, text);
      b.addEventListener('click', () => {
        if (b.getAttribute('aria-disabled') !== 'true') onClick();
      });
      return b;
    };
    const thumbnail = thumbnailOf(media);
    const fieldId = `link-${id.replace(/\W/g, '')}`;
    const url = el('input', {
      type: 'url',
      id: `${fieldId}-url`,
      inputMode: 'url',
      placeholder: 'https://shop.example.com/…',
      'aria-describedby': `${fieldId}-url-error`,
    });
    const label = el('input', { type: 'text', id: `${fieldId}-label`, maxLength: 60, placeholder: 'Shop now', 'aria-describedby': `${fieldId}-label-error` });
    const urlError = el('p', { className: 'field-error', id: `${fieldId}-url-error`, hidden: true });
    const labelError = el('p', { className: 'field-error', id: `${fieldId}-label-error`, hidden: true });
    const onLinkInput = () => actions.link(id, url.value.trim(), label.value.trim());
    url.addEventListener('input', onLinkInput);
    label.addEventListener('input', onLinkInput);
    const editor = el(
      'div',
      { className: 'mod-post__link', id: `${fieldId}-editor`, hidden: true },
      el('label', { htmlFor: url.id }, 'Link (https:)'),
      url,
      urlError,
      el('label', { htmlFor: label.id }, 'Button text (optional)'),
      label,
      labelError,
    );
    const linkToggle = button('link', 'Link', 'Link for', () => this.#openEditor(editor.hidden));
    linkToggle.setAttribute('aria-expanded', 'false');
    linkToggle.setAttribute('aria-controls', editor.id);
    this.#parts = {
      state: el('p', { className: 'mod-post__state' }),
      pinBadge: el('span', { className: 'mod-post__pin', hidden: true }),
      order: el('div', { className: 'mod-post__order', hidden: true }),
      position: el('span', { className: 'mod-post__position' }),
      linkLine: el('p', { className: 'mod-post__linked', hidden: true }),
      hide: button('hide', 'Hide', 'Hide', () => actions.hide(id, this.element.dataset.hidden !== 'hidden')),
      pin: button('pin', 'Pin', 'Pin', () => actions.pin(id, this.element.dataset.pinned !== 'true')),
      up: button('up', '↑', 'Move pin up:', () => actions.move(id, -1)),
      down: button('down', '↓', 'Move pin down:', () => actions.move(id, 1)),
      linkToggle,
      editor,
      url,
      label,
      errors: { url: urlError, label: labelError },
    };
    const p = this.#parts;
    p.order.append(p.position, p.up, p.down);
    this.element = el(
      'li',
      { className: 'mod-post', 'data-id': id },
      el(
        'div',
        { className: 'mod-post__media' },
        isHttpUrl(thumbnail)
          ? el('img', { src: thumbnail, alt: media.altText ?? '', loading: 'lazy', decoding: 'async', width: 240, height: 240 })
          : el('span', { className: 'mod-post__none' }, 'No preview'),
        el('span', { className: 'mod-post__type' }, TYPES[media.type] ?? media.type),
        p.pinBadge,
      ),
      p.state,
      el('p', { className: media.caption ? 'mod-post__caption' : 'mod-post__caption muted' }, media.caption || 'No caption'),
      el('p', { className: 'mod-post__meta' }, `${media.username ? `@${media.username} · ` : ''}${dateOf(media)}`),
      p.linkLine,
      p.order,
      el('div', { className: 'mod-post__actions' }, p.hide, p.pin, p.linkToggle),
      p.editor,
    );
    this.element.addEventListener('dragstart', event => {
      event.dataTransfer?.setData('text/x-igfeed-post', id);
      if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
    });
    this.element.addEventListener('dragover', event => {
      if (this.element.dataset.pinned === 'true' && event.dataTransfer?.types.includes('text/x-igfeed-post')) event.preventDefault();
    });
    this.element.addEventListener('drop', event => {
      const dragged = event.dataTransfer?.getData('text/x-igfeed-post');
      if (!dragged || dragged === id) return;
      event.preventDefault();
      actions.drop(dragged, id);
    });
  }

  update(state: TileState): void {
    // Every edit redraws every tile; untouched DOM keeps a keystroke from relaying out the whole grid.
    const key = JSON.stringify(state);
    if (key === this.#last) return;
    this.#last = key;
    const p = this.#parts;
    const pinned = state.pin >= 0;
    this.element.dataset.hidden = state.reason ?? '';
    this.element.dataset.pinned = String(pinned);
    this.element.draggable = pinned;
    p.state.textContent = state.reason ? REASONS[state.reason] : 'Visible';
    p.hide.textContent = state.reason === 'hidden' ? 'Unhide' : 'Hide';
    p.hide.setAttribute('aria-label', `${p.hide.textContent} ${this.#name}`);
    p.pin.textContent = pinned ? 'Unpin' : 'Pin';
    p.pin.setAttribute('aria-label', `${p.pin.textContent} ${this.#name}`);
    p.pinBadge.hidden = !pinned;
    p.pinBadge.textContent = `Pinned ${state.pin + 1}`;
    p.order.hidden = !pinned;
    p.position.textContent = `Position ${state.pin + 1} of ${state.pins}`;
    // aria-disabled, not disabled: the focused arrow stays focusable when the pin reaches the end.
    p.up.setAttribute('aria-disabled', String(state.pin <= 0));
    p.down.setAttribute('aria-disabled', String(state.pin >= state.pins - 1));
    p.linkLine.hidden = !state.link;
    p.linkLine.textContent = state.link ? `Link: ${state.link.label ?? 'Shop now'} → ${hostOf(state.link.url)}` : '';
    p.linkToggle.textContent = state.link ? 'Edit link' : 'Add link';
    p.linkToggle.setAttribute('aria-label', `${p.linkToggle.textContent} for ${this.#name}`);
    for (const field of ['url', 'label'] as const) {
      const message = state.errors[field];
      p[field].setAttribute('aria-invalid', String(!!message));
      p.errors[field].textContent = message ?? '';
      p.errors[field].hidden = !message;
    }
    if (state.errors.url || state.errors.label) this.#openEditor(true);
  }

  /** Opens the link editor and focuses the field the server named. */
  focusError(field: 'url' | 'label'): void {
    this.#openEditor(true);
    this.#parts[field].focus();
  }

  /** Fills the link fields from the saved document (after loading or saving). */
  setLink(link: { url: string; label: string | null } | undefined): void {
    this.#parts.url.value = link?.url ?? '';
    this.#parts.label.value = link?.label ?? '';
  }

  #openEditor(open: boolean): void {
    this.#parts.editor.hidden = !open;
    this.#parts.linkToggle.setAttribute('aria-expanded', String(open));
    this.element.classList.toggle('mod-post--editing', open);
  }
}

const DATE = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', year: 'numeric' });

function dateOf(media: Media): string {
  const date = new Date(media.timestamp);
  return Number.isNaN(date.getTime()) ? '' : DATE.format(date);
}

/** How buttons name their post: the date and the caption's first words (captions are not unique, dates nearly). */
function postName(media: Media): string {
  const words = media.caption.replace(/\s+/g, ' ').trim();
  const excerpt = words.length > 40 ? `${words.slice(0, 40).trimEnd()}…` : words;
  return `post of ${dateOf(media)}${excerpt ? `, “${excerpt}”` : ''}`;
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}
