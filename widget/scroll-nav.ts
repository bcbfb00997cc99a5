import { css, html, svg, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';

/** The buttons' CSS, loaded with them: only the carousel layout downloads it. */
export const styles = css`
  .feed__scroller { position: relative; }
  .feed__nav {
    position: absolute; top: 50%; translate: 0 -50%; display: grid; place-items: center; width: 40px; height: 40px;
    padding: 0; border: 0; border-radius: 50%; cursor: pointer;
    color: #111; background: rgb(255 255 255 / 0.94); box-shadow: 0 1px 6px rgb(0 0 0 / 0.3);
  }
  .feed__nav--prev { left: 8px; }
  .feed__nav--next { right: 8px; }
`;

// Drawn here rather than through icons.ts, which lives in the tiles' chunk: this one then needs no other.
const CHEVRONS = { prev: svg`<path d="M15 18l-6-6 6-6"/>`, next: svg`<path d="M9 6l6 6-6 6"/>` };

/**
 * Previous/next buttons for the `carousel` layout's scroll-snap track. It tracks whether the track sits
 * at either end; measuring happens in a frame callback so it never schedules an update from an update.
 */
export class ScrollNav implements ReactiveController {
  private atStart = true;
  private atEnd = true;
  private observed?: HTMLElement;
  private observer?: ResizeObserver;

  constructor(
    private host: ReactiveControllerHost,
    private track: () => HTMLElement | null | undefined,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    const track = this.track();
    if (track && track !== this.observed) {
      this.observer ??= new ResizeObserver(() => this.measure());
      this.observer.disconnect();
      this.observer.observe((this.observed = track));
    }
    if (track) requestAnimationFrame(() => this.measure());
  }

  hostDisconnected(): void {
    this.observer?.disconnect();
    this.observed = undefined;
  }

  /** Bound to the track's `scroll` event. */
  handleScroll = (): void => this.measure();

  /** The two buttons, placed over the track by the element's `.feed__scroller`, which holds both. */
  render(): TemplateResult {
    return html`${this.button('carousel-prev', 'Previous posts', -1, this.atStart)}${this.button('carousel-next', 'Next posts', 1, this.atEnd)}`;
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
      <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" focusable="false">${CHEVRONS[name]}</svg>
    </button>`;
  }

  private scroll(direction: 1 | -1): void {
    const track = this.track();
    if (!track) return;
    const sign = getComputedStyle(track).direction === 'rtl' ? -1 : 1;
    const behavior = matchMedia('(prefers-reduced-motion: reduce)').matches ? 'auto' : 'smooth';
    track.scrollBy({ left: direction * sign * track.clientWidth * 0.9, behavior });
  }

  private measure(): void {
    const track = this.track();
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
