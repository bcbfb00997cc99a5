// Loaded with a dynamic import on first use (or first hover/focus of a tile), so the initial bundle
// stays small; the IIFE build inlines it.
import type { ReactiveController, ReactiveControllerHost, TemplateResult } from 'lit';
import type { Feed, Media } from './contract.js';
import type { Translate } from './strings.js';
import { renderLightbox } from './lightbox-view.js';
import { lockPageScroll } from './scroll-lock.js';

export { lightboxStyles as styles } from './lightbox-styles.js';

/** What the lightbox reads from its element. */
export interface LightboxOptions {
  /** The posts as rendered (after the `types` filter), in tile order. */
  posts(): readonly Media[];
  /** The feed, for the profile of each post's owner. */
  feed(): Feed | undefined;
  locale(): string | undefined;
  /** The element's interface text. */
  strings(): Translate;
  /** Called after closing with the post on screen, so focus can return to its tile. */
  onClose(index: number): void;
}

const FOCUSABLE = 'a[href], button:not([disabled]), video[controls], [tabindex]:not([tabindex="-1"])';

/**
 * The post viewer: a native modal `<dialog>` (top layer, inert background), with its own focus trap
 * because Tab would otherwise leave the dialog for the browser's UI. Esc closes, Left/Right step through
 * posts (Right is next, or in a right-to-left page Left), carousel children page with their own buttons.
 */
export class Lightbox implements ReactiveController {
  /** The post on screen, or -1 when closed. */
  index = -1;
  /** The carousel child on screen. */
  child = 0;
  /** Releases the page scroll lock held while open. */
  private unlockScroll?: () => void;

  constructor(
    private host: ReactiveControllerHost & HTMLElement,
    private options: LightboxOptions,
  ) {
    host.addController(this);
  }

  /** True while the dialog is open. */
  get isOpen(): boolean {
    return this.index >= 0;
  }

  hostDisconnected(): void {
    this.index = -1;
    this.releaseScroll();
  }

  /** Shows post `index` (clamped) and moves focus into the dialog. */
  async open(index: number): Promise<void> {
    const count = this.options.posts().length;
    if (!count) return;
    this.index = Math.min(Math.max(0, index), count - 1);
    this.child = 0;
    this.host.requestUpdate();
    await this.host.updateComplete;
    const dialog = this.dialog;
    // showModal() throws on a detached dialog; the element never throws at its page.
    if (!dialog?.isConnected) return;
    if (!dialog.open) dialog.showModal();
    this.unlockScroll ??= lockPageScroll();
    dialog.querySelector<HTMLElement>('.lightbox__close')?.focus();
  }

  /** Closes the dialog and hands focus back to the element. */
  async close(): Promise<void> {
    if (!this.isOpen) return;
    const index = this.index;
    this.dialog?.close();
    this.releaseScroll();
    this.index = -1;
    this.host.requestUpdate();
    await this.host.updateComplete;
    this.options.onClose(index);
  }

  /** Moves `delta` posts, staying within the loaded posts. */
  step(delta: number): void {
    const next = this.index + delta;
    if (!this.isOpen || next < 0 || next >= this.options.posts().length) return;
    this.index = next;
    this.child = 0;
    this.host.requestUpdate();
  }

  /** Moves `delta` children within the current carousel. */
  page(delta: number): void {
    const count = this.options.posts()[this.index]?.children.length ?? 0;
    const next = this.child + delta;
    if (next < 0 || next >= count) return;
    this.child = next;
    this.host.requestUpdate();
  }

  /** The dialog's template, or `undefined` while closed. */
  render(): TemplateResult | undefined {
    const posts = this.options.posts();
    const media = posts[this.index];
    if (!media) return undefined;
    const feed = this.options.feed();
    // In a merged feed each post shows its own account.
    const profile = feed?.accounts?.find(p => p.username === media.username) ?? feed?.account;
    return renderLightbox({
      media,
      index: this.index,
      count: posts.length,
      child: this.child,
      profile,
      locale: this.options.locale(),
      t: this.options.strings(),
      reducedMotion: matchMedia('(prefers-reduced-motion: reduce)').matches,
      onClose: () => void this.close(),
      onStep: delta => this.step(delta),
      onPage: delta => this.page(delta),
      onKeydown: this.handleKeydown,
    });
  }

  private releaseScroll(): void {
    this.unlockScroll?.();
    this.unlockScroll = undefined;
  }

  private get dialog(): HTMLDialogElement | null | undefined {
    return this.host.shadowRoot?.querySelector('dialog.lightbox');
  }

  private handleKeydown = (event: KeyboardEvent): void => {
    const target = event.composedPath()[0] as HTMLElement;
    if (event.key === 'Escape') {
      // Handled here rather than by the dialog's cancel event, so focus restoration runs in one place.
      event.preventDefault();
      void this.close();
    } else if ((event.key === 'ArrowLeft' || event.key === 'ArrowRight') && target.localName !== 'video') {
      // A focused video uses the arrows to seek. The arrows follow the screen: in right-to-left text, Left is next.
      event.preventDefault();
      const rtl = getComputedStyle(event.currentTarget as Element).direction === 'rtl';
      this.step((event.key === 'ArrowLeft') !== rtl ? -1 : 1);
    } else if (event.key === 'Tab') {
      this.trapFocus(event);
    }
  };

  private trapFocus(event: KeyboardEvent): void {
    const all = [...(this.dialog?.querySelectorAll<HTMLElement>(FOCUSABLE) ?? [])];
    const focusable = all.filter(el => el.getClientRects().length > 0);
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    const active = this.host.shadowRoot?.activeElement;
    if (!first || !last) return;
    if (event.shiftKey && active === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    }
  }
}
