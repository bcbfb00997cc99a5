// <instagram-feed>: its properties, lifecycle, render shell and events. Over 300 lines with its JSDoc (the
// public API that custom-elements.json is built from) on purpose: it stays in one class; renderers, the
// controller, the lightbox and styles live in their own modules.
import { adoptStyles, isServer, LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import type { Feed, Media } from './contract.js';
import { InstagramFeedErrorEvent, InstagramFeedLoadEvent, InstagramFeedSelectEvent } from './events.js';
import { fetchFeed } from './feed-api.js';
import { FeedController } from './feed-controller.js';
import { adoptPart } from './lazy-part.js';
import type { Lightbox } from './lightbox.js';
import type { TileContext } from './media/tile.js';
import {
  DEFAULT_LIMIT,
  toAccount,
  toColumns,
  toLayout,
  toLimit,
  toLoadMore,
  toLocale,
  toTileLink,
  toTypes,
  type FeedLayout,
  type LoadMore,
  type TileLink,
} from './options.js';
import type { ScrollNav } from './scroll-nav.js';
import { moreSpace, renderEmpty, renderError, renderHeaderSkeleton, renderMore, skeletonTiles } from './states.js';
import { addEnglish, languageOf, loadStrings, type Strings, tables, type Translate, translator } from './strings.js';
import { styles } from './styles.js';

/**
 * How long rendering one chunk of tiles should take: Lit's share, which the element measures; the browser's style and
 * layout of the chunk follow in the frame and take up to twice as long. With 5 (and at most 8 tiles a chunk), the
 * 100-tile bench page's longest task after the response is ~14 ms of CPU (17 with 8 and 16; test/bench/trace.ts).
 */
const CHUNK_MS = 5;

/** Settles once the page's first compact number and long date are formatted (see `warmIntl`). */
let intlWarm: Promise<unknown> | undefined;

/**
 * The page's first Intl format loads the browser's locale data: about 22 ms of the main thread on this project's
 * bench machine (30-90 ms on a busy one), in one piece if a number format pays for it. It comes in smaller pieces:
 * a comparison of strings (a collator) loads about half of it, a locale's likely subtags most of the rest, then a
 * compact number and a long date take 4 ms each. Done in four tasks of their own while the request is out, the
 * first page applied after them, so that no task of them runs long and the header's and the tiles' formats take
 * under a millisecond. (A worker could do it off the main thread, as V8 shares that data between threads. Tried on
 * two cores: the first page waited for it (a median paint of 1,073 ms against 793 in the same hour, on a noisy
 * machine) with no fewer long tasks, and pages would need `worker-src blob:` in their Content Security Policy.)
 */
const warmIntl = (): Promise<unknown> =>
  [
    () => 'a'.localeCompare('b'),
    () => new Intl.Locale('en').maximize(),
    () => new Intl.NumberFormat(undefined, { notation: 'compact' }).format(1),
    () => new Intl.DateTimeFormat(undefined, { dateStyle: 'long' }).format(0),
  ].reduce<Promise<unknown>>((done, step) => done.then(() => new Promise(resolve => setTimeout(() => resolve(step())))), Promise.resolve());

/** The Feed JSON a server-rendered element carries (see `createRenderRoot`), if it is there and well formed. */
function serverFeed(el: HTMLElement): Feed | undefined {
  const text = el.querySelector(':scope > script[type="application/json"]')?.textContent;
  try {
    const feed = text ? (JSON.parse(text) as Feed) : undefined;
    return feed?.account && Array.isArray(feed.media) && feed.paging ? feed : undefined;
  } catch {
    return undefined;
  }
}

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
 * @csspart avatar - The profile picture; in a merged feed's header, each account's picture (a link to its profile).
 * @csspart avatars - A merged feed's stacked account pictures (at most 5, then a "+N" disc).
 * @csspart username - The username, a link to the profile; in a merged feed's header, each account's name.
 * @csspart accounts - A merged feed's account names ("@a, @b, and @c").
 * @csspart name - The display name.
 * @csspart bio - The biography.
 * @csspart website - The profile's website link.
 * @csspart stats - The post, follower and following counts.
 * @csspart follow-button - The Follow link.
 * @csspart list - The list of posts.
 * @csspart item - Every post tile; also `item--image`, `item--video`, `item--reel` or `item--carousel`.
 * @csspart media - The box that holds a tile's image.
 * @csspart badge - The video, reel or carousel badge on a tile.
 * @csspart pin - The pin badge on a pinned post's tile (read out as "Pinned"); styled like `badge`.
 * @csspart overlay - The caption excerpt and counts shown on hover or focus (below the media in the list layout).
 * @csspart caption - A tile's caption excerpt.
 * @csspart likes - A like count (tiles and lightbox).
 * @csspart comments - A comment count (tiles and lightbox).
 * @csspart date - A post's date (list layout and lightbox).
 * @csspart carousel-prev - The carousel layout's "previous" button.
 * @csspart carousel-next - The carousel layout's "next" button.
 * @csspart carousel-autoplay - With `autoplay`, the carousel's button that stops and restarts it.
 * @csspart load-more - The "Load more" button.
 * @csspart error - The error message (also shown when "Load more" fails).
 * @csspart retry - The Retry button in the error state.
 * @csspart empty - The empty-state container.
 * @csspart skeleton - A placeholder shown while loading (header and tiles).
 * @csspart lightbox - The post viewer dialog.
 * @csspart lightbox-media - The viewer's image or video area.
 * @csspart lightbox-caption - The viewer's side panel: user, caption, counts, date, link.
 * @csspart lightbox-username - The username link in the viewer.
 * @csspart link - A post's call to action in the viewer, an accent button: its label, else "Learn more".
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
 * @cssprop [--instagram-feed-color=light-dark(#1f2328, #e8eaed)] - Text color.
 * @cssprop [--instagram-feed-muted-color=light-dark(#65676b, #a8abaf)] - Secondary text color.
 * @cssprop [--instagram-feed-background=light-dark(#fff, #18191b)] - Background of the whole element.
 * @cssprop [--instagram-feed-padding=16px] - Space between the element's edge and its content.
 * @cssprop [--instagram-feed-surface=light-dark(#eff1f3, #262a2f)] - Placeholders, skeletons and secondary buttons.
 * @cssprop [--instagram-feed-accent=light-dark(#0074cc, #4cb5f9)] - Follow and Load more buttons, links, focus rings.
 * @cssprop [--instagram-feed-accent-text=light-dark(#fff, #000)] - Text on accent-colored buttons.
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
    loadMore: { attribute: 'load-more', converter: toLoadMore },
    noHeader: { type: Boolean, attribute: 'no-header' },
    noCaptions: { type: Boolean, attribute: 'no-captions' },
    noLightbox: { type: Boolean, attribute: 'no-lightbox' },
    tileLink: { attribute: 'tile-link' },
    locale: {},
    strings: { type: Object },
    autoplay: {},
  };

  /** Server used when `server` is not set; the define module sets it to the origin the script came from. */
  static defaultServer = '';

  /** Username (or Instagram user id) of a connected account; 2 to 10 of them, comma separated, show one merged feed. */
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

  /**
   * Shows a "Load more" button while the server has more posts; with `auto` (`load-more="auto"`) the next page
   * also loads by itself when the end of the list scrolls into view (the button stays, for the keyboard).
   */
  loadMore: LoadMore = false;

  /** Hides the profile header. */
  noHeader = false;

  /** Hides caption excerpts on tiles. */
  noCaptions = false;

  /** Tiles link to Instagram instead of opening the lightbox. */
  noLightbox = false;

  /** What a tile opens: `lightbox`, or with `cta` the post's call-to-action link when it has one (others keep the lightbox). */
  tileLink: TileLink = 'lightbox';

  /**
   * BCP 47 locale of the interface text, dates and counts; defaults to the nearest `lang` attribute, then the
   * page's, then the browser's. Text in languages without a table (see README) is English.
   */
  locale = '';

  /** Replacements for interface text by key, e.g. `{"follow": "Shop our feed"}`; the attribute takes JSON. */
  strings?: Strings;

  /**
   * The carousel layout advances by itself every this many seconds (`autoplay` alone: 5; at least 1), pausing
   * on hover, on focus and off screen, with a button to stop it; never with reduced motion.
   */
  autoplay?: string | number | null;

  private feed = new FeedController(this, {
    args: () => ({
      server: this.server || InstagramFeedElement.defaultServer || location.origin,
      account: toAccount(this.account),
      limit: toLimit(this.limit),
    }),
    // A page is applied once the module that renders it is there too (and the locale data, see `warmIntl`), so that
    // the skeleton gives way to the header and then the posts, never to half a page. So is the table of the element's
    // language, so the first text shown is in that language.
    fetchFeed: async request => {
      const strings = this.stringsLoad;
      try {
        return (await Promise.all([fetchFeed(request), this.viewLoad, strings]))[0];
      } catch (error) {
        await strings;
        throw error;
      }
    },
    onLoad: (feed, added) => this.handleLoad(feed, added),
    onError: error => this.dispatchEvent(new InstagramFeedErrorEvent(error.status, error.code, error.message)),
  });

  private view?: typeof import('./feed-view.js');
  private viewLoad?: Promise<unknown>;
  // A server-rendered feed's shadow root that the element takes over (see createRenderRoot): its nodes until the
  // first render replaces them, and whether the images shown in it are shown at once (see render).
  private serverNodes?: ChildNode[];
  private tookOver = false;
  private nav?: ScrollNav;
  private lightbox?: Lightbox;
  // A page renders in steps, skeleton tiles holding the place of the posts not rendered yet, so that no task runs
  // long and the box never changes: the header first, then the posts in order, a chunk per frame sized to take
  // about CHUNK_MS, the first of two posts: their templates are new, so it costs the most per post. (A server-rendered
  // feed that the element takes over shows the posts in view at once instead.) `shown` is how many posts render, -1
  // until the page is there.
  private shown = -1;
  private rendered = 0;
  private chunkSize = 2;
  private chunk?: Promise<void>;
  private renderStart = 0;
  // A tile's template stays as long as what it shows does: each chunk, and any other update, renders only new tiles.
  private tiles = new WeakMap<Media, [string, unknown]>();
  private broken = new Set<string>();
  private retriedBroken = false;
  private announcement = '';
  private t: Translate = translator('en');
  private stringsKey = '';
  private stringsLoad?: Promise<unknown>;
  private stringsLang = '';
  // load-more="auto": watches the list's last tile (the sentinel); which tile, for which cursor and length.
  private sentinel?: IntersectionObserver;
  private watchedTile?: Element | null;
  private watched = '';

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
      const { Lightbox } = adoptPart(this, await import('./lightbox.js'));
      this.lightbox ??= new Lightbox(this, {
        posts: () => this.posts,
        feed: () => this.feed.value,
        locale: () => this.resolvedLocale,
        strings: () => this.t,
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
    // `closest` is missing in server-side rendering's DOM shim: the `locale` attribute decides there.
    return toLocale(this.locale || this.closest?.('[lang]')?.getAttribute('lang'));
  }

  /** The language of the interface text: a table's language subtag, or `en`. */
  private get language(): string {
    // A server renders in the `locale` given, never in its own machine's language.
    const page = isServer ? '' : document.documentElement.lang || navigator.language;
    return languageOf(this.locale || this.closest?.('[lang]')?.getAttribute('lang') || page);
  }

  /** Starts loading the table of `lang` unless it is here (a server has every table). */
  private loadStrings(lang = this.language): void {
    if (tables[lang] || isServer || lang === this.stringsLang) return;
    this.stringsLang = lang;
    this.stringsLoad = loadStrings(lang);
    void this.stringsLoad.then(() => this.requestUpdate());
  }

  /**
   * A feed rendered on the server (/api/feeds/:account/html, widget/ssr.ts) arrives as this element with a
   * declarative shadow root and its Feed JSON in a `script[type="application/json"]` child. The element starts
   * from that data without fetching, and keeps the server's shadow root on screen until the tiles' module has
   * loaded; its first render then replaces the server's nodes in the same task, with the same feed in the same
   * boxes, so nothing flashes or moves. (Lit would otherwise call attachShadow, which empties a declarative root.)
   */
  protected override createRenderRoot(): HTMLElement | DocumentFragment {
    const feed = isServer ? undefined : serverFeed(this);
    if (!feed) return super.createRenderRoot();
    this.feed.prime(feed);
    this.loadView();
    this.loadStrings();
    // Without a root (the fragment was inserted by a script, where declarative shadow DOM does not apply), the
    // data still saves the request: the element renders it once the tiles' module is there, like a fetched page.
    const root = this.shadowRoot;
    this.serverNodes = root ? [...root.childNodes] : [];
    if (!root) return super.createRenderRoot();
    // The element's styles join the root when its render replaces the server's nodes (see update): adopted now, they
    // would come after the server's <style> in the cascade and undo the header's rules over its skeleton's.
    this.tookOver = true;
    return root;
  }

  // biome-ignore lint/suspicious/noConfusingVoidType: ReactiveElement's own signature
  protected override scheduleUpdate(): void | Promise<unknown> {
    if (!this.serverNodes) return super.scheduleUpdate();
    // If the module cannot load, the server's rendering stays: a static feed beats an error.
    return Promise.all([this.viewLoad, this.stringsLoad]).then(
      () => super.scheduleUpdate(),
      () => {},
    );
  }

  protected override update(changed: PropertyValues<this>): void {
    if (this.serverNodes && this.tookOver) {
      // The server's <style> goes with its nodes: the element's styles come in, before the parts' (the header's
      // and the tiles') that were adopted meanwhile, as in a root the element made itself.
      const root = this.renderRoot as ShadowRoot;
      // A copy: the property is a live array, which the adoption below refills.
      const parts = [...root.adoptedStyleSheets];
      adoptStyles(root, (this.constructor as typeof LitElement).elementStyles);
      root.adoptedStyleSheets = [...root.adoptedStyleSheets, ...parts];
    }
    for (const node of this.serverNodes ?? []) node.remove();
    this.serverNodes = undefined;
    super.update(changed);
  }

  private loadView(): void {
    intlWarm ??= warmIntl();
    this.viewLoad ??= Promise.all([import('./feed-view.js'), intlWarm]).then(([module]) => {
      addEnglish(module.viewStrings);
      this.view = adoptPart(this, module);
    });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // Invalid values fall back to the defaults, so reading the property tells what is rendered.
    if (changed.has('layout')) this.layout = toLayout(this.layout);
    if (changed.has('limit')) this.limit = toLimit(this.limit);
    if (changed.has('columns')) this.columns = toColumns(this.columns);
    if (changed.has('tileLink')) this.tileLink = toTileLink(this.tileLink);
    const lang = this.language;
    this.loadStrings(lang);
    // A new translator (and so new tiles) when the language, its table's arrival or the overrides change.
    const stringsKey = `${lang},${!!tables[lang]},${JSON.stringify(this.strings ?? null)}`;
    if (stringsKey !== this.stringsKey) {
      this.stringsKey = stringsKey;
      this.t = translator(lang, this.strings);
    }
    if (changed.has('account') || changed.has('server')) {
      this.broken.clear();
      this.retriedBroken = false;
      this.announcement = '';
      void this.lightbox?.close();
    }
    // The header's and the tiles' module loads alongside the first request (see feed-view.ts). A page is
    // nothing without its tiles: if the module fails to load, so does the request. (ssr.ts gives it up front.)
    if (this.account && !isServer) this.loadView();
    this.renderStart = performance.now();
    if (!this.feed.value) this.shown = -1;
    // Masonry fills its columns top to bottom, so tiles added later would move those above them: it renders all at once.
    // So does server-side rendering, which has no later frames.
    else if (this.shown < 0) this.shown = isServer || this.layout === 'masonry' ? Infinity : this.tookOver ? Math.max(this.chunkSize, this.inView()) : 0;
    // Only the carousel layout has scroll buttons, so only it loads their code.
    if (this.layout === 'carousel' && !this.nav && !isServer) {
      void import('./scroll-nav.js').then(module => {
        this.nav ??= new (adoptPart(this, module).ScrollNav)(this, {
          track: () => this.renderRoot.querySelector<HTMLElement>('.feed--carousel .feed__list'),
          autoplay: () => this.layout === 'carousel' && this.autoplay,
        });
      });
    }
  }

  protected override render(): TemplateResult {
    const { status, value, loadingMore } = this.feed;
    // The attribute's column count wins over --instagram-feed-columns (styles.ts reads --_columns first).
    const listStyle = this.columns ? `--_columns:${this.columns}` : '';
    const skeleton = status === 'pending' ? renderHeaderSkeleton(toAccount(this.account).split(',').length) : nothing;
    const header = this.noHeader ? nothing : value && this.view ? this.view.renderHeader(value, this.resolvedLocale, this.t) : skeleton;
    let body: unknown = nothing;
    if (value && !this.posts.length) body = renderEmpty(this.t);
    else if (value || status === 'pending') body = this.renderPosts(value, listStyle);
    else if (status === 'error') body = renderError(this.feed.error, this.handleRetry, this.t);
    else return html``;
    return html`<div part="base" class="feed feed--${this.layout} ${this.tookOver ? 'feed--server' : ''}" aria-busy=${status === 'pending' || loadingMore}>
        ${header}${body}
        <p class="visually-hidden" role="status">${this.announcement}</p>
      </div>
      ${this.lightbox?.render() ?? nothing}`;
  }

  /**
   * The list, and the "Load more" row with `load-more`. Without `feed` (loading) it holds `limit` skeleton tiles;
   * the same template then shows the posts, so Lit keeps the skeleton tiles that still stand for posts not
   * rendered yet (see `shown`) instead of building the list anew.
   */
  private renderPosts(feed: Feed | undefined, listStyle: string): TemplateResult {
    const { layout, limit } = this;
    let items = skeletonTiles(layout, limit);
    if (feed) {
      const ctx: TileContext = {
        profile: feed.account,
        locale: this.resolvedLocale,
        t: this.t,
        layout,
        captions: !this.noCaptions,
        lightbox: !this.noLightbox,
        cta: this.tileLink === 'cta',
        isBroken: media => this.broken.has(media.id),
        onImageError: this.handleImageError,
        onActivate: this.handleActivate,
      };
      const { posts } = this;
      const key = [layout, ctx.captions, ctx.lightbox, ctx.cta, ctx.locale, this.stringsKey].join();
      const renderTile = this.view?.renderTile;
      const shown = renderTile ? Math.max(0, this.shown) : 0;
      items = posts.slice(0, shown).map((media, index) => {
        const deps = `${key},${index},${this.broken.has(media.id)}`;
        let tile = this.tiles.get(media);
        if (tile?.[0] !== deps) this.tiles.set(media, (tile = [deps, renderTile!(media, index, ctx)]));
        return tile[1] as TemplateResult;
      });
      items.push(...skeletonTiles(layout, posts.length - shown));
    }
    const list = html`<ul
      part=${feed ? 'list' : nothing}
      class="feed__list feed__list--${layout}"
      .style=${listStyle}
      aria-hidden=${feed ? nothing : 'true'}
      aria-label=${feed ? this.t('feedLabel', { accounts: (feed.accounts ?? [feed.account]).map(p => `@${p.username}`).join(', ') }) : nothing}
      @scroll=${this.nav?.handleScroll}
      @pointerover=${this.preloadLightbox}
      @focusin=${this.preloadLightbox}
    >
      ${items}
    </ul>`;
    const { loadingMore, moreError } = this.feed;
    const more = !this.loadMore ? nothing : feed?.paging.next ? renderMore(loadingMore, moreError, this.handleLoadMore, this.t) : moreSpace;
    const buttons = feed && this.nav?.render(this.t);
    return html`${layout === 'carousel' ? html`<div class="feed__scroller">${list}${buttons}</div>` : list}${more}`;
  }

  protected override updated(): void {
    this.watchEnd();
    const { shown, rendered } = this;
    this.rendered = shown;
    if (shown < 0 || shown >= this.posts.length || this.chunk) return;
    // Sized by how long the tiles this update added took: fewer per chunk on a slow or busy device, more on a fast one.
    if (shown > rendered && rendered >= 0)
      this.chunkSize = Math.max(2, Math.min(8, Math.round(((shown - rendered) * CHUNK_MS) / (performance.now() - this.renderStart))));
    // After the next frame, so that each frame lays out one chunk; a hidden page has no frames, hence the timeout.
    this.chunk = new Promise(resolve => {
      requestAnimationFrame(() => setTimeout(resolve));
      setTimeout(resolve, 100);
    }).then(() => {
      this.chunk = undefined;
      this.shown += this.chunkSize;
      this.requestUpdate();
    });
  }

  // Resolves once the last chunk has rendered too, so `instagram-feed-load` still means every tile is there.
  protected override async getUpdateComplete(): Promise<boolean> {
    let complete = await super.getUpdateComplete();
    while (this.chunk) {
      await this.chunk;
      complete = await super.getUpdateComplete();
    }
    return complete;
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.sentinel?.disconnect();
    this.watchedTile = undefined;
  }

  /**
   * With `load-more="auto"`, watches the list's last tile: when it comes within 400 px of the viewport (or,
   * in the carousel, into the track's view), the next page loads. Watching a new tile (a skeleton's place is
   * taken by its tile's own element), or the same one for a new cursor, reports at once, so pages load until
   * the list reaches past the viewport. After a failure it waits for the button ("Try again").
   */
  private watchEnd(): void {
    const next = this.loadMore === 'auto' && !this.feed.moreError ? this.feed.value?.paging.next : undefined;
    const last = next ? this.renderRoot.querySelector('.feed__list > :last-child') : null;
    const watched = `${next},${this.posts.length}`;
    if (last === this.watchedTile && watched === this.watched) return;
    this.watchedTile = last;
    this.watched = watched;
    this.sentinel?.disconnect();
    if (!last) return;
    this.sentinel ??= new IntersectionObserver(entries => entries.some(entry => entry.isIntersecting) && void this.feed.loadMore(), {
      rootMargin: '0px 0px 400px',
    });
    this.sentinel.observe(last);
  }

  /** How many tiles (skeleton or server-rendered), from the first, reach into the viewport. */
  private inView(): number {
    let count = 0;
    for (const tile of this.renderRoot.querySelectorAll('.feed__item')) {
      const box = tile.getBoundingClientRect();
      if (box.top >= innerHeight || box.left >= innerWidth) break;
      count++;
    }
    return count;
  }

  private tileAt(index: number): HTMLElement | null {
    return this.renderRoot.querySelector<HTMLElement>(`.feed__tile[data-index="${index}"]`);
  }

  private handleLoad(feed: Feed, added: Media[]): void {
    if (added !== feed.media) {
      this.announcement = this.t('loaded', { n: added.length, count: added.length.toLocaleString(this.resolvedLocale) });
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
