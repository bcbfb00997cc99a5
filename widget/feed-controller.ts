import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { Feed, Media } from './contract.js';
import { FeedRequestError, fetchFeed, isAbortError, type FeedRequest } from './feed-api.js';

/** `initial`: nothing to fetch (no account); `pending`: a request is in flight; then `complete` or `error`. */
export type FeedStatus = 'initial' | 'pending' | 'complete' | 'error';

/** What the controller fetches; a change of any field starts over. */
export type FeedArgs = Pick<FeedRequest, 'server' | 'account' | 'limit'>;

/** How the element plugs into the controller. */
export interface FeedControllerOptions {
  /** Read on every host update; fetching starts when the result differs from the last one. */
  args: () => FeedArgs;
  /** After a page was fetched and the host re-rendered; `page` holds the newly added posts. */
  onLoad?: (feed: Feed, page: Media[]) => void;
  /** After a request failed (never for an aborted one) and the host re-rendered. */
  onError?: (error: FeedRequestError) => void;
  /** The page loader; tests may pass their own. */
  fetchFeed?: (request: FeedRequest) => Promise<Feed>;
}

/**
 * Fetches an account's feed for a Lit host, modelled on `@lit/task`: the args are compared on each
 * host update, a newer request aborts the older one, and only the newest request's result is applied.
 * Later pages (`loadMore`) are appended to `value`; a new first request discards them.
 */
export class FeedController implements ReactiveController {
  /** Where the current request stands. */
  status: FeedStatus = 'initial';
  /** All posts fetched so far, with the newest page's profile, paging and `stale` flag. */
  value?: Feed;
  /** Why the last first-page request failed. */
  error?: FeedRequestError;
  /** True while a `loadMore()` request is in flight. */
  loadingMore = false;
  /** Why the last `loadMore()` failed. */
  moreError?: FeedRequestError;

  private key = '';
  /** A first page the host already holds (see `prime`). */
  private primed?: Feed;
  private call = 0;
  private abort?: AbortController;
  /** Set by the reload that replaced a stale cursor, until a later page loads: a second stale cursor is an error. */
  private cursorReset = false;

  constructor(
    private host: ReactiveControllerHost,
    private options: FeedControllerOptions,
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    if (!this.key) this.host.requestUpdate();
  }

  hostUpdate(): void {
    const { server, account, limit } = this.options.args();
    const key = JSON.stringify([server, account, limit]);
    if (key !== this.key) {
      this.key = key;
      void this.run(false);
    }
  }

  hostDisconnected(): void {
    // A detached element keeps no request open; reconnecting it fetches again.
    if (this.status === 'pending' || this.loadingMore) {
      this.abort?.abort();
      this.call++;
      this.key = '';
      this.loadingMore = false;
    }
  }

  /**
   * A first page the host already holds, such as the data a server-rendered feed carries: the next first-page
   * request takes it instead of fetching, within the same host update (no pending state is rendered).
   */
  prime(feed: Feed): void {
    this.primed = this.value = feed;
    this.status = 'complete';
  }

  /** Fetches the first page again; with `keep`, the current posts stay on screen meanwhile. */
  reload({ keep = false } = {}): Promise<void> {
    return this.run(keep);
  }

  /**
   * Appends the next page (`?after=paging.next`); does nothing at the end or while a request runs. When
   * the server no longer accepts the cursor (`expired_cursor`, `invalid_cursor`), it reloads the first
   * page instead, keeping the posts on screen; once only, so a server that refuses every cursor shows an error.
   */
  async loadMore(): Promise<void> {
    const current = this.value;
    const after = current?.paging.next;
    if (!current || !after || this.status !== 'complete' || this.loadingMore) return;
    const call = this.call;
    const abort = (this.abort = new AbortController());
    this.loadingMore = true;
    this.moreError = undefined;
    this.host.requestUpdate();
    try {
      const page = await this.load({ ...this.options.args(), after, signal: abort.signal });
      if (call !== this.call) return;
      // The feed may have gained posts between pages; a repeated id would render a tile twice.
      const seen = new Set(current.media.map(m => m.id));
      const added = page.media.filter(m => !seen.has(m.id));
      this.value = { ...page, media: [...current.media, ...added] };
      this.loadingMore = this.cursorReset = false;
      await this.settle(call, () => this.options.onLoad?.(this.value!, added));
    } catch (error) {
      if (call !== this.call || isAbortError(error)) return;
      this.loadingMore = false;
      this.moreError = toRequestError(error);
      // Cursors expire on the server; starting over beats an error the user can do nothing about.
      if (/_cursor$/.test(this.moreError.code) && !this.cursorReset) return this.run(true, true);
      await this.settle(call, () => this.options.onError?.(this.moreError!));
    }
  }

  private async run(keep: boolean, cursorReset = false): Promise<void> {
    this.abort?.abort();
    const call = ++this.call;
    const args = this.options.args();
    this.loadingMore = false;
    this.cursorReset = cursorReset;
    this.moreError = this.error = undefined;
    const primed = this.primed;
    this.primed = undefined;
    if (primed && args.account) {
      this.value = primed;
      this.status = 'complete';
      return this.settle(call, () => this.options.onLoad?.(primed, primed.media));
    }
    if (!keep) this.value = undefined;
    this.status = args.account ? 'pending' : 'initial';
    this.host.requestUpdate();
    if (!args.account) return;
    const abort = (this.abort = new AbortController());
    try {
      const feed = await this.load({ ...args, signal: abort.signal });
      if (call !== this.call) return;
      this.value = feed;
      this.status = 'complete';
      await this.settle(call, () => this.options.onLoad?.(feed, feed.media));
    } catch (error) {
      if (call !== this.call || isAbortError(error)) return;
      this.error = toRequestError(error);
      this.status = 'error';
      await this.settle(call, () => this.options.onError?.(this.error!));
    }
  }

  private load(request: FeedRequest): Promise<Feed> {
    return (this.options.fetchFeed ?? fetchFeed)(request);
  }

  // Callbacks run after the host rendered the outcome, and only if no newer request replaced it meanwhile.
  private async settle(call: number, callback: () => void): Promise<void> {
    this.host.requestUpdate();
    await this.host.updateComplete;
    if (call === this.call) callback();
  }
}

function toRequestError(error: unknown): FeedRequestError {
  if (error instanceof FeedRequestError) return error;
  return new FeedRequestError(0, 'unknown_error', 'The feed could not be loaded.', { cause: error });
}
