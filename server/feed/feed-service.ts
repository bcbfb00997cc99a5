// Serves feed pages from memory and keeps them fresh without letting visitor traffic reach Instagram.
//
// Instagram is read in chunks of CHUNK_SIZE posts (chunk-source.ts: fetching, refreshing, backoff). A
// visitor's page (`limit`, `after`) is cut from one or more chunks of one account, or of 2 to 10 for
// a merged feed (stream.ts: newest first across them), through the account's curation: pinned posts
// first (pins.ts), then the posts its rules show, so `limit` counts shown posts and the cursor points
// just after the last one shown. Pages are rendered once and kept in a byte-bounded LRU (memory.ts)
// for as long as the chunks they were cut from, keyed by the request, the curation revisions and the
// media mirror's version; a kept page is rendered again after PAGE_REISSUE_MS so that the cursor in
// it is never old (cursor.ts). The first chunk of every account is also kept on disk.
//
// Curation changing between two page requests: hidden posts and rules always apply as they are now
// (a post hidden meanwhile is not shown, one shown again appears if it lies ahead of the cursor), and
// the pins a cursor's first page showed stay the ones skipped later (their list is kept by fingerprint,
// curation/curation.ts), so no post is shown twice and none in the account's order is skipped.
import type { Account, AccountStore } from '../accounts/types.js';
import { AccountNotFoundError } from '../accounts/account-not-found.js';
import type { InstagramClient } from '../instagram/client.js';
import type { Logger } from '../runtime/logger.js';
import type { WriteError } from '../runtime/write-status.js';
import type { MediaMirror, MirrorStatus } from '../mirror/types.js';
import type { Notifier } from '../runtime/notifier.js';
import type { Feed, Media } from '../../widget/contract.js';
import { CompiledCuration } from '../curation/curation.js';
import type { Chunk } from './chunk.js';
import { isChunkOf } from './keys.js';
import { ChunkSource, type ChunkSourceDeps, type SyncOptions } from './chunk-source.js';
import { CursorCodec, type CursorData } from './cursor.js';
import { CursorRejectedError } from './cursor-rejected.js';
import { FeedUnavailableError } from './feed-unavailable.js';
import { toFeedProfile } from './map.js';
import type { PageSource } from './memory.js';
import { MergedFeedError } from './merged-feed-error.js';
import { PinnedPosts } from './pins.js';
import { renderFeed, type RenderedFeed } from './render.js';
import type { Snapshots } from './snapshots.js';
import { AccountStream, type ChunkLoader, mergeStreams, type Taken } from './stream.js';

export { CHUNK_SIZE } from './chunk.js';
export { MIRRORED_CHUNKS } from './chunk-source.js';
export { CURSOR_LIFETIME_MS } from './cursor.js';

/** Kept pages older than this are rendered again, so the cursor they hand out is never older either. */
const PAGE_REISSUE_MS = 3600_000;
/** Most accounts in a merged feed. */
export const MAX_MERGED = 10;
/** Most chunks one account's part of a page reads (400 posts): bounds a page whose posts are mostly hidden. */
const MAX_CHUNKS_PER_PAGE = 8;

export interface FeedPage {
  rendered: RenderedFeed;
  cache: 'hit' | 'miss' | 'stale';
  stale: boolean;
  /** Seconds a browser or CDN may reuse the response. */
  maxAge: number;
}

/** What a page request names: its accounts (one, or 2 to 10 merged) and where it continues. */
interface PageRequest {
  accounts: Account[];
  cursor: CursorData | null;
  /** The `after` text as given: with the accounts, the limit and the versions, the page's cache key. */
  after: string;
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
  instagram: Pick<InstagramClient, 'listMedia' | 'getProfile' | 'getMedia'>;
  notifier: Notifier;
  logger: Logger;
  snapshots: Snapshots;
  /** Keys that sign paging cursors: the current one first, then older ones still accepted (key rotation). */
  cursorKeys: readonly Buffer[];
  ttlSeconds: number;
  /** Memory for chunks and rendered pages across all accounts (FEED_CACHE_MAX_MB); 128 MiB by default. */
  cacheMaxBytes?: number;
  now?: () => number;
  random?: () => number;
  /** MEDIA_MODE=mirror: re-hosted images; absent in direct mode. */
  mirror?: MediaMirror;
  /** Cluster mode: what the instances share (chunk-source.ts). */
  exchange?: ChunkSourceDeps['exchange'];
  fetchLeaseMs?: number;
  backoff?: ChunkSourceDeps['backoff'];
}

export class FeedService {
  readonly #deps: FeedServiceDeps;
  readonly #now: () => number;
  readonly #chunks: ChunkSource;
  readonly #cursors: CursorCodec;
  readonly #pins: PinnedPosts;
  /** Each account's curation, compiled once per revision. */
  readonly #curations = new Map<string, CompiledCuration>();

  constructor(deps: FeedServiceDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
    this.#chunks = new ChunkSource({ ...deps, now: this.#now });
    this.#cursors = new CursorCodec(deps.cursorKeys, this.#now);
    this.#pins = new PinnedPosts({
      ...deps,
      ttlMs: deps.ttlSeconds * 1000,
      now: this.#now,
      blockedFor: accountId => this.#chunks.blockedFor(accountId, null),
    });
  }

  /** Loads the last-good copies from disk. */
  init(): Promise<void> {
    return this.#chunks.init();
  }

  /**
   * A page of a feed: one account (`id` or username), or a merged feed (`a,b,c`: 2 to 10 accounts).
   * Synchronous when the page is cached and rendered (the hot path: no promise, no await), a promise
   * otherwise.
   */
  getPage(accounts: string, page: { limit: number; after?: string }): FeedPage | Promise<FeedPage> {
    const request = this.#locate(accounts, page.after);
    return this.#cached(request, page.limit) ?? this.#render(request, page.limit, false);
  }

  /**
   * The page when it is cached and rendered, else undefined: never throws, never waits, never starts a
   * load (beyond the refresh-ahead a cache hit may start). For the raw HTTP fast path, which leaves every
   * other case (errors included) to the Express route and {@link getPage}.
   */
  cachedPage(accounts: string, page: { limit: number; after?: string }): FeedPage | undefined {
    let request: PageRequest;
    try {
      request = this.#locate(accounts, page.after);
    } catch {
      return undefined;
    }
    return this.#cached(request, page.limit);
  }

  /**
   * Every post of one account, hidden ones included and marked (`hidden`, `hiddenReason`), pinned ones
   * first: the moderation screen's view (`?all=1`, admins only). Never cached.
   */
  getAllPage(account: string, page: { limit: number; after?: string }): Promise<FeedPage> {
    const request = this.#locate(account, page.after);
    if (request.accounts.length !== 1) throw new MergedFeedError('?all=1 shows one account at a time.');
    return this.#render(request, page.limit, true);
  }

  /** The account's curation changed: its cached pages go (their keys name the revision, so none would be served anyway). */
  curationChanged(accountId: string): void {
    this.#curations.delete(accountId);
    this.#chunks.memory.deleteAccountPages(accountId);
  }

  /** Refetches an account's first page now (admin "Sync now", right after connecting). */
  async sync(accountId: string, options: SyncOptions = {}): Promise<void> {
    const account = this.#deps.store.get(accountId);
    if (!account) throw new AccountNotFoundError(accountId);
    await this.#chunks.sync(account, options);
  }

  /** Drops everything held for an account: cached chunks and pages, pinned posts, the snapshot, backoff state. */
  async forget(accountId: string): Promise<void> {
    this.forgetHere(accountId);
    await this.#deps.snapshots.remove(accountId);
    await this.#deps.mirror?.forget(accountId);
  }

  /** Drops what this process holds for an account (another instance disconnected it and removed the rest). */
  forgetHere(accountId: string): void {
    this.#chunks.forget(accountId);
    this.#pins.forget(accountId);
    this.#curations.delete(accountId);
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

  /** The accounts and where the page starts; throws for an unknown account, a bad list, or a cursor not ours or expired. */
  #locate(names: string, after: string | undefined): PageRequest {
    const accounts = this.#accountsOf(names);
    if (after === undefined) return { accounts, cursor: null, after: '' };
    const cursor = this.#cursors.decode(after);
    if (cursor === 'expired') throw new CursorRejectedError('expired');
    if (!cursor || cursor.streams.length !== accounts.length || cursor.streams.some((stream, i) => stream.account !== accounts[i]!.id)) {
      throw new CursorRejectedError('invalid');
    }
    return { accounts, cursor, after };
  }

  #accountsOf(names: string): Account[] {
    if (!names.includes(',')) {
      const account = this.#deps.store.get(names);
      if (!account) throw new AccountNotFoundError(names);
      return [account];
    }
    const list = names.split(',');
    if (list.length > MAX_MERGED) throw new MergedFeedError(`A merged feed shows at most ${MAX_MERGED} accounts.`);
    if (list.includes('')) throw new MergedFeedError('A merged feed lists 2 to 10 accounts separated by single commas.');
    const accounts = list.map(name => {
      const account = name && this.#deps.store.get(name);
      if (!account) throw new AccountNotFoundError(name);
      return account;
    });
    if (new Set(accounts.map(account => account.id)).size !== accounts.length) throw new MergedFeedError('A merged feed lists each account once.');
    return accounts;
  }

  #curationOf(account: Account): CompiledCuration {
    const revision = account.curation?.revision ?? 0;
    let compiled = this.#curations.get(account.id);
    if (compiled?.revision !== revision) {
      compiled = new CompiledCuration(account.curation);
      this.#curations.set(account.id, compiled);
    }
    return compiled;
  }

  /** What a rendered page depends on besides its chunks: curation revisions, pinned posts fetched by id, the mirror's version. */
  #pageKey({ accounts, after }: PageRequest, limit: number): string {
    let key = '';
    for (const account of accounts) key += `${account.id}:${account.curation?.revision ?? 0}:${this.#pins.version(account.id)},`;
    return `${key}\n${limit}:${this.#deps.mirror?.version ?? 0}\n${after}`;
  }

  #cached(request: PageRequest, limit: number): FeedPage | undefined {
    const entry = this.#chunks.memory.page(this.#pageKey(request, limit), this.#now() - PAGE_REISSUE_MS);
    if (!entry) return undefined;
    // Each chunk the page was cut from must still be servable (this also starts refresh-ahead when due),
    // and one staleness verdict per request: the page and the answer's headers agree on it.
    let stale = false;
    for (const source of entry.sources) {
      const account = this.#deps.store.get(source.accountId);
      if (!account || this.#chunks.servable(account, source.cursor, source.key) !== source.chunk) return undefined;
      stale ||= this.#isStale(account, source.cursor, source.chunk);
    }
    if (stale !== entry.stale) return undefined;
    return this.#result(entry.sources, entry.rendered, 'hit', stale);
  }

  async #render(request: PageRequest, limit: number, all: boolean): Promise<FeedPage> {
    const { accounts, cursor } = request;
    const curations = accounts.map(account => this.#curationOf(account));
    const pinSets = cursor?.pinSets ?? curations.map(curation => curation.pinSetId);
    const pinLists = curations.map((curation, i) => curation.pinsOf(pinSets[i]!));
    let cache: FeedPage['cache'] = 'hit';

    // One stream per account, each showing what its curation lets through except its pins (they come first).
    const streams: (AccountStream | null)[] = accounts.map((account, i) => {
      const start = cursor ? cursor.streams[i]! : { account: account.id, chunk: null, offset: 0, depth: 0 };
      if ('done' in start) return null;
      const pinned = new Set(pinLists[i]);
      const curation = curations[i]!;
      const shows = all ? (media: Media) => !pinned.has(media.id) : (media: Media) => !pinned.has(media.id) && curation.visible(media);
      const load: ChunkLoader = async (chunkCursor, depth) => {
        const served = await this.#chunks.serve(account, chunkCursor, depth);
        if (served.cache !== 'hit') cache = served.cache === 'stale' || cache === 'stale' ? 'stale' : 'miss';
        return served.chunk;
      };
      return new AccountStream(start, load, shows, MAX_CHUNKS_PER_PAGE);
    });
    // Read where each account continues. A plain feed without any copy fails (503); in a merged feed
    // that account is left out of this page (and the page is stale) while the others are served.
    const running = streams.filter((stream): stream is AccountStream => stream !== null);
    await Promise.all(
      running.map(stream =>
        stream.peek().catch(error => {
          if (accounts.length === 1) throw error;
          stream.failed = true;
        }),
      ),
    );
    if (running.length > 0 && running.every(stream => stream.failed)) throw new FeedUnavailableError(30_000);

    // Pinned posts first, in pin order and then in the order the accounts are listed. `pinIndex` counts
    // places in these pin lists (shown or not), so hiding or showing a pin between two pages moves no other.
    const slots = pinLists.flatMap((list, i) => list.map(id => ({ id, account: i })));
    const from = Math.min(cursor?.pinIndex ?? 0, slots.length);
    const wanted = new Map<number, Set<string>>();
    for (const slot of slots.slice(from)) wanted.set(slot.account, (wanted.get(slot.account) ?? new Set()).add(slot.id));
    const resolved = new Map<string, Media>();
    for (const [i, ids] of wanted) {
      const known = this.#knownPosts(accounts[i]!.id);
      for (const media of await this.#pins.resolve(accounts[i]!, [...ids], id => known.get(id))) {
        if (all || curations[i]!.visible(media)) resolved.set(`${i}|${media.id}`, media);
      }
    }
    const shownPins: Taken[] = [];
    let nextPinIndex = from;
    let pinsLeft = false;
    for (let at = from; at < slots.length; at++) {
      const slot = slots[at]!;
      const media = resolved.get(`${slot.account}|${slot.id}`);
      if (!media) continue;
      if (shownPins.length === limit) {
        pinsLeft = true;
        break;
      }
      shownPins.push({ media, account: accounts[slot.account]!.id });
      nextPinIndex = at + 1;
    }
    if (!pinsLeft) nextPinIndex = slots.length;
    const media: Taken[] = [...shownPins];
    if (media.length < limit) media.push(...(await mergeStreams(running, limit - media.length)));

    for (const stream of running) stream.settle();
    const positions = streams.map((stream, i) => stream?.position() ?? { account: accounts[i]!.id, done: true as const });
    const more = pinsLeft || positions.some(position => !('done' in position));
    const next = more ? this.#cursors.encode({ streams: positions, pinIndex: nextPinIndex, pinSets }) : null;

    const sources = running.flatMap(stream => stream.sources);
    const stale =
      running.some(stream => stream.failed) ||
      sources.some(source => this.#isStale(this.#deps.store.get(source.accountId) ?? accounts[0]!, source.cursor, source.chunk));
    const feed = this.#feed(accounts, curations, media, new Set(shownPins.map(pin => pin.media.id)), sources, next, stale, all);
    const rendered = renderFeed(feed, curations.map(curation => curation.revision).join(','));
    if (!all) this.#chunks.memory.setPage(this.#pageKey(request, limit), { rendered, sources, renderedAt: this.#now(), stale });
    return this.#result(sources, rendered, cache, stale);
  }

  /** The account's posts held in memory, by id: where pins are looked up before fetching them by id. */
  #knownPosts(accountId: string): Map<string, Media> {
    const known = new Map<string, Media>();
    for (const key of this.#chunks.memory.chunkKeys()) {
      if (!isChunkOf(key, accountId)) continue;
      for (const media of this.#chunks.memory.peekChunk(key)?.media ?? []) known.set(media.id, media);
    }
    return known;
  }

  #feed(
    accounts: Account[],
    curations: CompiledCuration[],
    media: Taken[],
    pinned: ReadonlySet<string>,
    sources: PageSource[],
    next: string | null,
    stale: boolean,
    all: boolean,
  ): Feed {
    const profiles = accounts.map(account => {
      // The store's copy: the first chunk's fetch may have just refreshed the profile.
      const profile = toFeedProfile(account.id, this.#deps.store.get(account.id)?.profile ?? account.profile);
      const avatar = profile.profilePictureUrl && this.#deps.mirror?.avatar(account.id);
      if (avatar) profile.profilePictureUrl = avatar;
      return profile;
    });
    const indexOf = new Map(accounts.map((account, i) => [account.id, i]));
    const curated = media.map(({ media: item, account }) => {
      const i = indexOf.get(account) ?? 0;
      const [decorated] = this.#deps.mirror ? this.#deps.mirror.decorate(accounts[i]!.id, [item]) : [item];
      const link = curations[i]!.links.get(item.id) ?? null;
      const isPinned = pinned.has(item.id);
      if (!all && !isPinned && !link) return decorated!;
      const result: Media = { ...decorated!, pinned: isPinned, link };
      if (all) {
        const reason = curations[i]!.hiddenBecause(item);
        result.hidden = reason !== null;
        result.hiddenReason = reason;
      }
      return result;
    });
    // The oldest fetch the page shows: what a visitor sees is at least this fresh.
    const fetchedAt = Math.min(...sources.map(source => source.chunk.fetchedAt), this.#now());
    return {
      account: profiles[0]!,
      ...(accounts.length > 1 ? { accounts: profiles } : {}),
      media: curated,
      paging: { next },
      fetchedAt: new Date(fetchedAt).toISOString(),
      stale,
    };
  }

  /** Stale: Instagram failed on the last try, or the copy outlived its freshness while Instagram is off limits. */
  #isStale(account: Account, cursor: string | null, chunk: Chunk): boolean {
    return chunk.failedAt !== null || (this.#now() >= chunk.freshUntil && this.#chunks.blockedFor(account.id, cursor) > 0);
  }

  #result(sources: readonly PageSource[], rendered: RenderedFeed, cache: FeedPage['cache'], stale: boolean): FeedPage {
    let freshUntil = Infinity;
    for (const source of sources) freshUntil = Math.min(freshUntil, source.chunk.freshUntil);
    const maxAge = stale || freshUntil === Infinity ? 60 : Math.max(0, Math.min(300, Math.floor((freshUntil - this.#now()) / 1000)));
    return { rendered, cache: stale ? 'stale' : cache, stale, maxAge };
  }
}
