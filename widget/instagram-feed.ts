// <instagram-feed>: its properties, lifecycle, render shell and events. Over 250 lines on purpose: the
// element's public API (JSDoc read by custom-elements.json) stays in one class; renderers, the
// controller, the lightbox and styles live in their own modules.
import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { Feed, Media } from './contract.js';
import { InstagramFeedErrorEvent, InstagramFeedLoadEvent, InstagramFeedSelectEvent } from './events.js';
import { FeedController } from './feed-controller.js';
import { renderHeader, renderHeaderSkeleton } from './header.js';
import type { Lightbox } from './lightbox.js';
import { renderTile, type TileContext } from './media/tile.js';
import { DEFAULT_LIMIT, toColumns, toLayout, toLimit, toLocale, toTypes, type FeedLayout } from './options.js';
import type { ScrollNav } from './scroll-nav.js';
import { renderEmpty, renderError, renderMore, renderSkeleton } from './states.js';
import { styles } from './styles.js';

/**
 * @summary Shows a connected account's recent Instagram posts from the companion server.
 * @tag instagram-feed
 *
 * @slot empty - Shown when the account has no posts (default: "No posts yet.").
 *
 * @fires {InstagramFeedLoadEvent} instagram-feed-load - Posts were fetched and rendered (first page, "Load more", reload).
 * @fires {InstagramFeedErrorEvent} instagram-feed-error - Fetching failed; `status` is the HTTP status, or 0 for a network failure.
 * @fires {InstagramFeedSelectEvent} instagram-feed-select - The user activated a post; cancelable to keep the lightbox closed or stay on the page.
 *
 * @csspart base - The outer wrapper.
 * @csspart header - The profile header.
 * @csspart avatar - The profile picture.
 * @csspart username - The username, a link to the profile.
 * @csspart name - The display name.
 * @csspart bio - The biography.
 * @csspart website - The profile's website link.
 * @csspart stats - The post, follower and following counts.
 * @csspart follow-button - The Follow link.
 * @csspart list - The list of posts.
 * @csspart item - Every post tile; also `item--image`, `item--video`, `item--reel` or `item--carousel`.
 * @csspart media - The box that holds a tile's image.
 * @csspart badge - The video, reel or carousel badge on a tile.
 * @csspart overlay - The caption excerpt and counts shown on hover or focus (below the media in the list layout).
 * @csspart caption - A tile's caption excerpt.
 * @csspart likes - A like count (tiles and lightbox).
 * @csspart comments - A comment count (tiles and lightbox).
 * @csspart date - A post's date (list layout and lightbox).
 * @csspart carousel-prev - The carousel layout's "previous" button.
 * @csspart carousel-next - The carousel layout's "next" button.
 * @csspart load-more - The "Load more" button.
 * @csspart error - The error message (also shown when "Load more" fails).
 * @csspart retry - The Retry button in the error state.
 * @csspart empty - The empty-state container.
 * @csspart skeleton - A placeholder shown while loading (header and tiles).
 * @csspart lightbox - The post viewer dialog.
 * @csspart lightbox-media - The viewer's image or video area.
 * @csspart lightbox-caption - The viewer's side panel: user, caption, counts, date, link.
 * @csspart lightbox-username - The username link in the viewer.
 * @csspart lightbox-link - The viewer's "View on Instagram" link.
 * @csspart lightbox-close - The viewer's close button.
 * @csspart lightbox-prev - The viewer's "previous post" button.
 * @csspart lightbox-next - The viewer's "next post" button.
 * @csspart lightbox-slide-prev - The "previous item" button of a carousel post.
 * @csspart lightbox-slide-next - The "next item" button of a carousel post.
 * @csspart lightbox-counter - The "2 / 5" counter of a carousel post.
 *
 * @cssprop [--instagram-feed-columns=4] - Most columns in the grid, masonry and carousel layouts (fewer when narrow).
 * @cssprop [--instagram-feed-gap=8px] - Space between tiles.
 * @cssprop [--instagram-feed-radius=6px] - Corner radius of tiles (the element's own corners are twice that).
 * @cssprop [--instagram-feed-aspect-ratio=1] - Tile shape in the grid and carousel layouts, e.g. `4 / 5`.
 * @cssprop [--instagram-feed-font=inherit] - Font family.
 * @cssprop [--instagram-feed-color=light-dark(#1f2328, #f0f2f5)] - Text color.
 * @cssprop [--instagram-feed-muted-color=light-dark(#65676b, #a8abaf)] - Secondary text color.
 * @cssprop [--instagram-feed-background=light-dark(#fff, #18191b)] - Background of the whole element.
 * @cssprop [--instagram-feed-padding=16px] - Space between the element's edge and its content.
 * @cssprop [--instagram-feed-surface=light-dark(#eff1f3, #262a2f)] - Placeholders, skeletons and secondary buttons.
 * @cssprop [--instagram-feed-accent=#0095f6] - Follow and Load more buttons, links, focus rings.
 * @cssprop [--instagram-feed-accent-text=#fff] - Text on accent-colored buttons.
 * @cssprop [--instagram-feed-overlay=rgb(0 0 0 / 0.55)] - Tile hover overlay.
 * @cssprop [--instagram-feed-overlay-text=#fff] - Text on the overlay and badges.
 * @cssprop [--instagram-feed-backdrop=rgb(0 0 0 / 0.85)] - Behind the lightbox.
 * @cssprop [--instagram-feed-lightbox-background=light-dark(#fff, #1c1e21)] - The lightbox's side panel.
 */
export class InstagramFeedElement extends LitElement {
  static override styles = styles;

  // Declared here rather than with @property(): lit/decorators.js would cost ~0.4 kB gzipped of the 14 kB budget.
  static override properties = {
    account: {},
    server: {},
    layout: {},
    columns: { type: Number },
    limit: { type: Number },
    types: {},
    loadMore: { type: Boolean, attribute: 'load-more' },
    noHeader: { type: Boolean, attribute: 'no-header' },
    noCaptions: { type: Boolean, attribute: 'no-captions' },
    noLightbox: { type: Boolean, attribute: 'no-lightbox' },
    locale: {},
  };

  /** Server used when `server` is not set; the define module sets it to the origin the script came from. */
  static defaultServer = '';

  /** Username (or Instagram user id) of a connected account. */
  account = '';

  /** Base URL of the companion server. Defaults to the origin the script was loaded from. */
  server = '';

  /** `grid`, `carousel` (a scroll-snap slider), `masonry` or `list`; anything else means `grid`. */
  layout: FeedLayout = 'grid';

  /** Most columns on wide containers (1-12); unset means responsive (up to 4). */
  columns?: number;

  /** Posts per request (1-100). */
  limit = DEFAULT_LIMIT;

  /** Media types to show, comma separated: `image,video,reel,carousel`. Empty shows all. */
  types = '';

  /** Shows a "Load more" button while the server has more posts. */
  loadMore = false;

  /** Hides the profile header. */
  noHeader = false;

  /** Hides caption excerpts on tiles. */
  noCaptions = false;

  /** Tiles link to Instagram instead of opening the lightbox. */
  noLightbox = false;

  /** BCP 47 locale for dates and counts; defaults to the nearest `lang` attribute, then the browser's. */
  locale = '';

  private feed = new FeedController(this, {
    args: () => ({
      server: this.server || InstagramFeedElement.defaultServer || location.origin,
      account: this.account.trim(),
      limit: toLimit(this.limit),
    }),
    onLoad: (feed, added) => this.handleLoad(feed, added),
    onError: error => this.dispatchEvent(new InstagramFeedErrorEvent(error.status, error.code, error.message)),
  });

  private nav?: ScrollNav;
  private lightbox?: Lightbox;
  private broken = new Set<string>();
  private retriedBroken = false;
  private announcement = '';

  /** Fetches the feed again from the first page. */
  reload(): Promise<void> {
    return this.feed.reload();
  }

  /** Appends the next page of posts, as the "Load more" button does. */
  loadNextPage(): Promise<void> {
    return this.feed.loadMore();
  }

  /** Opens the lightbox on the rendered post at `index`. Fires no `instagram-feed-select`. */
  async openLightbox(index: number): Promise<void> {
    if (!this.posts.length) return;
    if (!this.lightbox) {
      const { Lightbox } = await import('./lightbox.js');
      this.lightbox ??= new Lightbox(this, {
        posts: () => this.posts,
        profile: () => this.feed.value?.account,
        locale: () => this.resolvedLocale,
        onClose: i => this.tileAt(i)?.focus(),
      });
    }
    await this.lightbox.open(index);
  }

  /** Closes the lightbox, if open, and returns focus to the tile of the post it showed. */
  async closeLightbox(): Promise<void> {
    await this.lightbox?.close();
  }

  /** The posts that pass the `types` filter, in feed order. */
  private get posts(): Media[] {
    const types = toTypes(this.types);
    return this.feed.value?.media.filter(m => types.has(m.type)) ?? [];
  }

  private get resolvedLocale(): string | undefined {
    return toLocale(this.locale || this.closest('[lang]')?.getAttribute('lang'));
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Invalid values fall back to the defaults, so reading the property tells what is rendered.
    if (changed.has('layout')) this.layout = toLayout(this.layout);
    if (changed.has('limit')) this.limit = toLimit(this.limit);
    if (changed.has('columns')) this.columns = toColumns(this.columns);
    if (changed.has('account') || changed.has('server')) {
      this.broken.clear();
      this.retriedBroken = false;
      this.announcement = '';
      void this.lightbox?.close();
    }
    // Only the carousel layout has scroll buttons, so only it loads their code.
    if (this.layout === 'carousel' && !this.nav) {
      void import('./scroll-nav.js').then(({ ScrollNav }) => {
        this.nav ??= new ScrollNav(this, () => this.renderRoot.querySelector<HTMLElement>('.feed--carousel .feed__list'));
        this.requestUpdate();
      });
    }
  }

  protected override render(): TemplateResult {
    const { status, value, loadingMore } = this.feed;
    // The attribute's column count wins over --instagram-feed-columns (styles.ts reads --_columns first).
    const listStyle = this.columns ? `--_columns:${this.columns}` : '';
    const skeleton = status === 'pending' ? renderHeaderSkeleton() : nothing;
    const header = value ? renderHeader(value.account, this.resolvedLocale) : skeleton;
    let body: unknown = nothing;
    if (value) body = this.posts.length ? this.renderPosts(value, listStyle) : renderEmpty();
    else if (status === 'pending') body = renderSkeleton(this.layout, this.limit, listStyle);
    else if (status === 'error') body = renderError(this.feed.error, this.handleRetry);
    else return html``;
    return html`<div part="base" class="feed feed--${this.layout}" aria-busy=${status === 'pending' || loadingMore}>
        ${this.noHeader ? nothing : header}${body}
        <p class="visually-hidden" role="status">${this.announcement}</p>
      </div>
      ${this.lightbox?.render() ?? nothing}`;
  }

  private renderPosts(feed: Feed, listStyle: string): TemplateResult {
    const ctx: TileContext = {
      profile: feed.account,
      locale: this.resolvedLocale,
      layout: this.layout,
      captions: !this.noCaptions,
      lightbox: !this.noLightbox,
      isBroken: media => this.broken.has(media.id),
      onImageError: this.handleImageError,
      onActivate: this.handleActivate,
    };
    const list = html`<ul
      part="list"
      class="feed__list feed__list--${ctx.layout}"
      .style=${listStyle}
      aria-label="Instagram posts by @${feed.account.username}"
      @scroll=${this.nav?.handleScroll}
      @pointerover=${this.preloadLightbox}
      @focusin=${this.preloadLightbox}
    >
      ${this.posts.map((media, index) => renderTile(media, index, ctx))}
    </ul>`;
    const { loadingMore, moreError } = this.feed;
    const more = this.loadMore && feed.paging.next ? renderMore(loadingMore, moreError, this.handleLoadMore) : nothing;
    return html`${this.nav && ctx.layout === 'carousel' ? this.nav.render(list) : list}${more}`;
  }

  private tileAt(index: number): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>(`.feed__tile[data-index="${index}"]`);
  }

  private handleLoad(feed: Feed, added: Media[]): void {
    if (added !== feed.media) {
      this.announcement = `${added.length} more ${added.length === 1 ? 'post' : 'posts'} loaded`;
      this.requestUpdate();
    }
    // Built apart from dispatchEvent(): the manifest analyzer would take the first argument for the event name.
    const event = new InstagramFeedLoadEvent(feed, added);
    this.dispatchEvent(event);
  }

  private handleRetry = (): void => void this.feed.reload();
  private handleLoadMore = async (): Promise<void> => {
    if (this.feed.loadingMore) return;
    const firstNew = this.posts.length;
    await this.feed.loadMore();
    // On the last page the button disappears and focus would fall back to <body>: continue at the first new post.
    if (!this.shadowRoot?.activeElement) this.tileAt(firstNew)?.focus();
  };

  private handleActivate = (media: Media, index: number, event: Event): void => {
    if (!this.dispatchEvent(new InstagramFeedSelectEvent(media, index))) {
      event.preventDefault();
      return;
    }
    if ((event.currentTarget as Element).localName === 'button') void this.openLightbox(index);
  };

  // Expired CDN URLs break every image at once: refetch the feed once for fresh URLs, and show a
  // stand-in for anything still broken after that.
  private handleImageError = (media: Media): void => {
    if (this.broken.has(media.id)) return;
    this.broken.add(media.id);
    this.requestUpdate();
    if (this.retriedBroken) return;
    this.retriedBroken = true;
    void this.feed.reload({ keep: true }).then(() => {
      this.broken.clear();
      this.requestUpdate();
    });
  };

  private preloadLightbox = (): void => {
    if (!this.noLightbox && !this.lightbox) void import('./lightbox.js');
  };
}
