// Serves feed pages from memory and keeps them fresh without letting visitor traffic reach Instagram.
//
// Instagram is read in chunks of CHUNK_SIZE posts (chunk-source.ts: fetching, refreshing, backoff); a
// visitor's page (`limit`, `after`) is a slice of one or more chunks. Pages are rendered once and kept
// with their chunk in a byte-bounded LRU (memory.ts), keyed by position, staleness verdict and the
// media mirror's version; pages spanning chunks are not kept, and a kept page is rendered again after
// PAGE_REISSUE_MS so that the cursor in it is never old (cursor.ts). The first chunk of every account
// is also kept on disk.
import type { Account, AccountStore } from '../accounts/types.js';
import { AccountNotFoundError } from '../accounts/account-not-found.js';
import type { InstagramClient } from '../instagram/client.js';
import type { Logger } from '../runtime/logger.js';
import type { WriteError } from '../runtime/write-status.js';
import type { MediaMirror, MirrorStatus } from '../mirror/types.js';
import type { Notifier } from '../runtime/notifier.js';
import type { Chunk } from './chunk.js';
import { chunkKey, pageKey } from './keys.js';
import { ChunkSource, type SyncOptions } from './chunk-source.js';
import { CursorCodec } from './cursor.js';
import { CursorRejectedError } from './cursor-rejected.js';
import { toFeedProfile } from './map.js';
import { slicePage } from './page.js';
import { renderFeed, type RenderedFeed } from './render.js';
import type { SnapshotStore } from './snapshots.js';

export { CHUNK_SIZE } from './chunk.js';
export { MIRRORED_CHUNKS } from './chunk-source.js';
export { CURSOR_LIFETIME_MS } from './cursor.js';

/** Kept pages older than this are rendered again, so the cursor they hand out is never older either. */
const PAGE_REISSUE_MS = 3600_000;

export interface FeedPage {
  rendered: RenderedFeed;
  cache: 'hit' | 'miss' | 'stale';
  stale: boolean;
  /** Seconds a browser or CDN may reuse the response. */
  maxAge: number;
}

/** Where a page starts: the account, its chunk (null for the first), the offset in that chunk, the chunk's depth. */
interface PageStart {
  account: Account;
  cursor: string | null;
  offset: number;
  depth: number;
}

export interface FeedServiceStatus {
  snapshotWriteError: WriteError | null;
  /** Failed snapshot saves since the process started. */
  snapshotWriteFailures: number;
  cache: { bytes: number; maxBytes: number; entries: number };
  /** The quota use (percent) Instagram reported with each account's latest fetch, by account id. */
  usagePercent: ReadonlyMap<string, number>;
  /** The media mirror's backlog and disk use; absent in direct mode. */
  mirror?: MirrorStatus;
}

export interface FeedServiceDeps {
  store: AccountStore;
  instagram: Pick<InstagramClient, 'listMedia' | 'getProfile'>;
  notifier: Notifier;
  logger: Logger;
  snapshots: SnapshotStore;
  /** Keys that sign paging cursors: the current one first, then older ones still accepted (key rotation). */
  cursorKeys: readonly Buffer[];
  ttlSeconds: number;
  /** Memory for chunks and rendered pages across all accounts (FEED_CACHE_MAX_MB); 128 MiB by default. */
  cacheMaxBytes?: number;
  now?: () => number;
  random?: () => number;
  /** MEDIA_MODE=mirror: re-hosted images; absent in direct mode. */
  mirror?: MediaMirror;
}

export class FeedService {
  readonly #deps: FeedServiceDeps;
  readonly #now: () => number;
  readonly #chunks: ChunkSource;
  readonly #cursors: CursorCodec;

  constructor(deps: FeedServiceDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
    this.#chunks = new ChunkSource({ ...deps, now: this.#now });
    this.#cursors = new CursorCodec(deps.cursorKeys, this.#now);
  }

  /** Loads the last-good copies from disk. */
  init(): Promise<void> {
    return this.#chunks.init();
  }

  /**
   * A page of an account's feed. Synchronous when the page is cached and rendered (the hot path: no
   * promise, no await), a promise otherwise.
   */
  getPage(idOrUsername: string, page: { limit: number; after?: string }): FeedPage | Promise<FeedPage> {
    const start = this.#locate(idOrUsername, page.after);
    return this.#cached(start, page.limit) ?? this.#renderPage(start, page.limit);
  }

  /**
   * The page when it is cached and rendered, else undefined: never throws, never waits, never starts a
   * load (beyond the refresh-ahead a cache hit may start). For the raw HTTP fast path, which leaves every
   * other case (errors included) to the Express route and {@link getPage}.
   */
  cachedPage(idOrUsername: string, page: { limit: number; after?: string }): FeedPage | undefined {
    let start: PageStart;
    try {
      start = this.#locate(idOrUsername, page.after);
    } catch {
      return undefined;
    }
    return this.#cached(start, page.limit);
  }

  /** Refetches an account's first page now (admin "Sync now", right after connecting). */
  async sync(accountId: string, options: SyncOptions = {}): Promise<void> {
    const account = this.#deps.store.get(accountId);
    if (!account) throw new AccountNotFoundError(accountId);
    await this.#chunks.sync(account, options);
  }

  /** Drops everything held for an account: cached chunks and pages, the snapshot, backoff state. */
  async forget(accountId: string): Promise<void> {
    this.#chunks.forget(accountId);
    await this.#deps.snapshots.remove(accountId);
    await this.#deps.mirror?.forget(accountId);
  }

  /** Scheduler task: refresh chunks viewed during the last TTL that are due, so visitors never wait. */
  refreshAhead(): Promise<number> {
    return this.#chunks.refreshAhead();
  }

  /** How the service is doing: snapshot writes (the last failure, null when the last one worked), memory, quota use, the mirror. */
  status(): FeedServiceStatus {
    const { snapshots, mirror } = this.#deps;
    return {
      snapshotWriteError: snapshots.lastWriteError ?? null,
      snapshotWriteFailures: snapshots.writeFailures,
      cache: this.#chunks.memory.stats,
      usagePercent: this.#chunks.usage,
      mirror: mirror?.status(),
    };
  }

  /** The account and the chunk a page starts in; throws for an unknown account or a cursor not ours or expired. */
  #locate(idOrUsername: string, after: string | undefined): PageStart {
    const account = this.#deps.store.get(idOrUsername);
    if (!account) throw new AccountNotFoundError(idOrUsername);
    if (after === undefined) return { account, cursor: null, offset: 0, depth: 0 };
    const cursor = this.#cursors.decode(after);
    if (cursor === 'expired') throw new CursorRejectedError('expired');
    if (!cursor || cursor.account !== account.id) throw new CursorRejectedError('invalid');
    return { account, cursor: cursor.chunk, offset: cursor.offset, depth: cursor.depth };
  }

  #cached({ account, cursor, offset }: PageStart, limit: number): FeedPage | undefined {
    const key = chunkKey(account.id, cursor);
    const hit = this.#chunks.servable(account, cursor, key);
    if (!hit) return undefined;
    // One staleness verdict per request: the page key and the answer's headers agree on it.
    const stale = this.#isStale(account, cursor, hit);
    const rendered = this.#chunks.memory.page(this.#pageKey(key, offset, limit, stale), hit, this.#now() - PAGE_REISSUE_MS);
    return rendered && this.#result(hit, rendered, 'hit', stale);
  }

  async #renderPage({ account, cursor, offset, depth }: PageStart, limit: number): Promise<FeedPage> {
    const key = chunkKey(account.id, cursor);
    const { chunk, cache } = await this.#chunks.serve(account, cursor, depth);
    const stale = this.#isStale(account, cursor, chunk);
    const pageKey = this.#pageKey(key, offset, limit, stale);
    let rendered = this.#chunks.memory.page(pageKey, chunk, this.#now() - PAGE_REISSUE_MS);
    if (!rendered) {
      const renderedAt = this.#now();
      rendered = renderFeed(await this.#assemble(account, chunk, cursor, offset, limit, stale));
      // Pages spanning several chunks may change when a later chunk refreshes: keep only single-chunk pages.
      if (offset + limit <= chunk.media.length || chunk.igNext === null) this.#chunks.memory.setPage(pageKey, key, chunk, rendered, renderedAt);
    }
    return this.#result(chunk, rendered, cache, stale);
  }

  /** Stale: Instagram failed on the last try, or the copy outlived its freshness while Instagram is off limits. */
  #isStale(account: Account, cursor: string | null, chunk: Chunk): boolean {
    return chunk.failedAt !== null || (this.#now() >= chunk.freshUntil && this.#chunks.blockedFor(account.id, cursor) > 0);
  }

  /** A rendered page: its chunk, position, staleness verdict and the mirror results it shows. */
  #pageKey(chunk: string, offset: number, limit: number, stale: boolean): string {
    return pageKey(chunk, { offset, limit, stale, mirrorVersion: this.#deps.mirror?.version ?? 0 });
  }

  #result(chunk: Chunk, rendered: RenderedFeed, cache: FeedPage['cache'], stale: boolean): FeedPage {
    const maxAge = stale ? 60 : Math.max(0, Math.min(300, Math.floor((chunk.freshUntil - this.#now()) / 1000)));
    return { rendered, cache: stale ? 'stale' : cache, stale, maxAge };
  }

  async #assemble(account: Account, first: Chunk, cursor: string | null, offset: number, limit: number, stale: boolean) {
    const { media, next } = await slicePage(first, cursor, offset, limit, async (c, depth) => (await this.#chunks.serve(account, c, depth)).chunk);
    const profile = toFeedProfile(account.id, this.#deps.store.get(account.id)?.profile ?? account.profile);
    const avatar = profile.profilePictureUrl && this.#deps.mirror?.avatar(account.id);
    if (avatar) profile.profilePictureUrl = avatar;
    return {
      account: profile,
      media: this.#deps.mirror ? this.#deps.mirror.decorate(account.id, media) : media,
      paging: { next: next && this.#cursors.encode({ account: account.id, ...next }) },
      fetchedAt: new Date(first.fetchedAt).toISOString(),
      stale,
    };
  }
}
