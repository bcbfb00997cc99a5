import { css, html, nothing, svg, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { Translate } from './strings.js';

/** The buttons' CSS, loaded with them: only the carousel layout downloads it. */
export const styles = css`
  .feed__scroller { position: relative; }
  .feed__nav {
    position: absolute; top: 50%; translate: 0 -50%; display: grid; place-items: center; width: 40px; height: 40px;
    padding: 0; border: 0; border-radius: 50%; cursor: pointer;
    color: #111; background: rgb(255 255 255 / 0.94); box-shadow: 0 1px 6px rgb(0 0 0 / 0.3);
  }
  .feed__nav--prev { inset-inline-start: 8px; }
  .feed__nav--next { inset-inline-end: 8px; }
  .feed__nav--autoplay { top: auto; bottom: 8px; inset-inline-end: 8px; translate: none; width: 32px; height: 32px; }
  .feed__nav--autoplay .icon { width: 1em; height: 1em; }
  /* Right to left, the track starts on the right: "previous" sits there and points right */
  .feed__nav--prev:dir(rtl) .icon, .feed__nav--next:dir(rtl) .icon { scale: -1 1; }
`;

// Drawn here rather than through icons.ts, which lives in the tiles' chunk: this one then needs no other.
const ICONS = {
  prev: svg`<path d="M15 18l-6-6 6-6"/>`,
  next: svg`<path d="M9 6l6 6-6 6"/>`,
  stop: svg`<path d="M8 5v14M16 5v14" stroke-width="3"/>`,
  start: svg`<path d="M7 4.5v15L19.5 12z" fill="currentColor"/>`,
};

/** Milliseconds between the carousel's automatic advances for an `autoplay` value in seconds: absent or false 0 (none), invalid 5 s, at least 1 s. */
function toInterval(value: unknown): number {
  if (value == null || value === false) return 0;
  const seconds = Number(value);
  return value !== '' && value !== true && Number.isFinite(seconds) && seconds > 0 ? Math.max(1, seconds) * 1000 : 5000;
}

/** What the element tells the carousel's controller. */
export interface ScrollNavOptions {
  /** The scroll-snap track. */
  track(): HTMLElement | null | undefined;
  /** The `autoplay` value: seconds between automatic advances, or none. */
  autoplay(): unknown;
}

/**
 * Previous/next buttons for the `carousel` layout's scroll-snap track, and its `autoplay`. It tracks whether
 * the track sits at either end; measuring happens in a frame callback so it never schedules an update from
 * an update. Autoplay advances a page of tiles at a time, back to the start after the last, and holds while
 * the pointer is over the element, focus is inside it (the lightbox included), the element is off screen or
 * the page hidden; it never runs for users who asked for reduced motion. A third button stops it until pressed
 * again (WCAG 2.2.2: moving content that starts by itself can be stopped).
 */
export class ScrollNav implements ReactiveController {
  private atStart = true;
  private atEnd = true;
  private observed?: HTMLElement;
  private observer?: ResizeObserver;
  private timer?: ReturnType<typeof setInterval>;
  private timerInterval = 0;
  private hovered = false;
  private stopped = false;
  private focused = false;
  private onScreen = false;
  private visibility?: IntersectionObserver;
  private motion = matchMedia('(prefers-reduced-motion: reduce)');

  constructor(
    private host: ReactiveControllerHost & HTMLElement,
    private options: ScrollNavOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    const { host } = this;
    for (const type of ['pointerenter', 'pointerleave', 'focusin', 'focusout']) host.addEventListener(type, this.handlePause);
    document.addEventListener('visibilitychange', this.sync);
    this.motion.addEventListener('change', this.handleMotion);
    this.visibility = new IntersectionObserver(entries => {
      this.onScreen = entries[entries.length - 1]!.isIntersecting;
      this.sync();
    });
    this.visibility.observe(host);
  }

  hostUpdated(): void {
    const track = this.options.track();
    if (track && track !== this.observed) {
      this.observer ??= new ResizeObserver(() => this.measure());
      this.observer.disconnect();
      this.observer.observe((this.observed = track));
    }
    if (track) requestAnimationFrame(() => this.measure());
    this.sync();
  }

  hostDisconnected(): void {
    const { host } = this;
    this.observer?.disconnect();
    this.observed = undefined;
    for (const type of ['pointerenter', 'pointerleave', 'focusin', 'focusout']) host.removeEventListener(type, this.handlePause);
    document.removeEventListener('visibilitychange', this.sync);
    this.motion.removeEventListener('change', this.handleMotion);
    this.visibility?.disconnect();
    this.onScreen = false;
    this.sync();
  }

  /** Bound to the track's `scroll` event. */
  handleScroll = (): void => this.measure();

  /** The two buttons, placed over the track by the element's `.feed__scroller`, which holds both. */
  render(t: Translate): TemplateResult {
    const { stopped } = this;
    // Only offered where autoplay can run; the motion preference is read again when it changes (sync).
    const toggle =
      toInterval(this.options.autoplay()) && !this.motion.matches
        ? html`<button
            part="carousel-autoplay"
            class="feed__nav feed__nav--autoplay"
            type="button"
            aria-label=${t(stopped ? 'startAutoplay' : 'stopAutoplay')}
            @click=${this.handleToggle}
          >
            <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">${ICONS[stopped ? 'start' : 'stop']}</svg>
          </button>`
        : nothing;
    return html`${this.button('carousel-prev', t('previousPosts'), -1, this.atStart)}${this.button('carousel-next', t('nextPosts'), 1, this.atEnd)}${toggle}`;
  }

  private button(part: string, label: string, direction: 1 | -1, disabled: boolean): TemplateResult {
    const name = direction < 0 ? 'prev' : 'next';
    // aria-disabled keeps keyboard focus on the button when the track reaches its end.
    return html`<button
      part=${part}
      class="feed__nav feed__nav--${name}"
      type="button"
      aria-label=${label}
      aria-disabled=${disabled}
      @click=${() => !disabled && this.scroll(direction)}
    >
      <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">${ICONS[name]}</svg>
    </button>`;
  }

  private scroll(direction: 1 | -1): void {
    const track = this.options.track();
    if (!track) return;
    // Right to left, the track's start is its right end and scrollLeft runs from 0 down.
    const sign = getComputedStyle(track).direction === 'rtl' ? -1 : 1;
    const behavior = this.motion.matches ? 'auto' : 'smooth';
    track.scrollBy({ left: direction * sign * track.clientWidth * 0.9, behavior });
  }

  /** One automatic step: the next page of tiles, or back to the first after the last. */
  private advance = (): void => {
    const track = this.options.track();
    if (!track) return;
    this.measure();
    if (this.atEnd) track.scrollTo({ left: 0, behavior: 'smooth' });
    else this.scroll(1);
  };

  private handleToggle = (): void => {
    this.stopped = !this.stopped;
    this.sync();
    this.host.requestUpdate();
  };

  private handlePause = (event: Event): void => {
    if (event.type.startsWith('pointer')) this.hovered = event.type === 'pointerenter';
    // Moving focus within the element is a focusout then a focusin; leaving it is a focusout alone.
    else this.focused = event.type === 'focusin';
    this.sync();
  };

  // The stop button shows only while autoplay may run.
  private handleMotion = (): void => {
    this.sync();
    this.host.requestUpdate();
  };

  // Starts or stops the autoplay timer to match the conditions; a resumed carousel waits a whole interval.
  private sync = (): void => {
    const interval = toInterval(this.options.autoplay());
    const run = interval > 0 && !this.stopped && this.onScreen && !this.hovered && !this.focused && !document.hidden && !this.motion.matches;
    if (run && interval === this.timerInterval) return;
    clearInterval(this.timer);
    this.timer = run ? setInterval(this.advance, interval) : undefined;
    this.timerInterval = run ? interval : 0;
  };

  private measure(): void {
    const track = this.options.track();
    if (!track) return;
    const offset = Math.abs(track.scrollLeft);
    const atStart = offset <= 1;
    const atEnd = offset + track.clientWidth >= track.scrollWidth - 1;
    if (atStart !== this.atStart || atEnd !== this.atEnd) {
      this.atStart = atStart;
      this.atEnd = atEnd;
      this.host.requestUpdate();
    }
  }
}
