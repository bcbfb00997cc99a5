// Serves feed pages from memory and keeps them fresh without letting visitor traffic reach Instagram.
//
// Instagram is read in chunks of CHUNK_SIZE posts; a visitor's page (`limit`, `after`) is a slice of
// one or more chunks. Per chunk: fresh until min(fetchedAt + TTL, earliest CDN URL expiry - 1 h); a few
// seconds before that a background refresh starts (visitor-triggered or by the refresh-ahead task); an expired
// copy is still served at once while it refreshes, unless it is older than 2 x TTL or its image URLs
// are dead, in which case the visitor waits (bounded by INSTAGRAM_TIMEOUT_MS). All loads are single
// flight. When Instagram fails, the last good copy is served with `stale: true`; only with no copy at
// all does a visitor get 503 + Retry-After. The first chunk of every account is also kept on disk.
import type { Account, AccountStore } from '../accounts/types.js';
import { HttpError } from '../errors.js';
import type { InstagramClient } from '../instagram/client.js';
import type { Logger } from '../logger.js';
import type { Notifier } from '../notifier.js';
import type { Media } from '../../widget/contract.js';
import { AccountBackoff } from './backoff.js';
import { FetchOutcomes } from './outcomes.js';
import { CHUNK_SIZE, chunkKey, makeChunk, type Chunk } from './chunk.js';
import { FlightCache } from './cache.js';
import { decodeCursor, encodeCursor } from './cursor.js';
import { toFeedMedia, toFeedProfile } from './map.js';
import { slicePage } from './page.js';
import { renderFeed, type RenderedFeed } from './render.js';

export { CHUNK_SIZE } from './chunk.js';
import type { MediaMirror } from '../media/types.js';
import type { SnapshotStore } from './snapshots.js';

export interface FeedPage {
  rendered: RenderedFeed;
  cache: 'hit' | 'miss' | 'stale';
  stale: boolean;
  /** Seconds a browser or CDN may reuse the response. */
  maxAge: number;
}

/** Where a page starts: the account, its chunk (null for the first) and the offset in that chunk. */
interface PageStart {
  account: Account;
  cursor: string | null;
  offset: number;
}

export interface FeedServiceDeps {
  store: AccountStore;
  instagram: Pick<InstagramClient, 'listMedia' | 'getProfile'>;
  notifier: Notifier;
  logger: Logger;
  snapshots: SnapshotStore;
  cursorKey: Buffer;
  ttlSeconds: number;
  now?: () => number;
  random?: () => number;
  /** MEDIA_MODE=mirror: re-hosted images; absent in direct mode. */
  mirror?: MediaMirror;
}

export class FeedService {
  readonly #deps: FeedServiceDeps;
  readonly #now: () => number;
  readonly #ttlMs: number;
  readonly #cache = new FlightCache<Chunk>();
  readonly #backoff: AccountBackoff;
  readonly #outcomes: FetchOutcomes;

  constructor(deps: FeedServiceDeps) {
    this.#deps = deps;
    this.#now = deps.now ?? Date.now;
    this.#ttlMs = deps.ttlSeconds * 1000;
    this.#backoff = new AccountBackoff(this.#now, deps.random, { ttlMs: this.#ttlMs });
    this.#outcomes = new FetchOutcomes({ ...deps, now: this.#now, backoff: this.#backoff });
  }

  /** Loads the last-good copies from disk. */
  async init(): Promise<void> {
    for (const snapshot of await this.#deps.snapshots.loadAll()) {
      const account = this.#deps.store.get(snapshot.accountId);
      if (account?.id !== snapshot.accountId) continue; // a disconnected account's leftover
      this.#cache.set(chunkKey(account.id, null), makeChunk(snapshot.media, snapshot.next, snapshot.fetchedAt, this.#ttlMs));
      this.#deps.mirror?.schedule(account.id, [...avatarItem(account), ...snapshot.media]);
    }
  }

  /**
   * A page of an account's feed. Synchronous when the page is cached and rendered (the hot path: no
   * promise, no await), a promise otherwise.
   */
  getPage(idOrUsername: string, page: { limit: number; after?: string }): FeedPage | Promise<FeedPage> {
    const { account, cursor, offset } = this.#locate(idOrUsername, page.after);
    return this.#cached(account, cursor, offset, page.limit) ?? this.#renderPage(account, cursor, offset, page.limit);
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
    return this.#cached(start.account, start.cursor, start.offset, page.limit);
  }

  /** The account and the chunk a page starts in; 404 for an unknown account, 400 for a cursor not ours. */
  #locate(idOrUsername: string, after: string | undefined): PageStart {
    const account = this.#deps.store.get(idOrUsername);
    if (!account) throw new HttpError(404, 'account_not_found', 'No connected Instagram account has that username or id.');
    if (after === undefined) return { account, cursor: null, offset: 0 };
    const cursor = decodeCursor(after, this.#deps.cursorKey);
    if (!cursor || cursor.account !== account.id) throw new HttpError(400, 'invalid_cursor', 'The `after` cursor is not one this server issued for this account.');
    return { account, cursor: cursor.chunk, offset: cursor.offset };
  }

  #cached(account: Account, cursor: string | null, offset: number, limit: number): FeedPage | undefined {
    const hit = this.#servableChunk(account, cursor);
    if (!hit) return undefined;
    // One staleness verdict per request: the memo key and the answer's headers agree on it.
    const stale = this.#isStale(account, hit);
    const rendered = hit.renders.get(this.#memoKey(cursor, offset, limit, stale));
    return rendered && this.#result(hit, rendered, 'hit', stale);
  }

  async #renderPage(account: Account, cursor: string | null, offset: number, limit: number): Promise<FeedPage> {
    const first = await this.#serveChunk(account, cursor);
    const memoKey = this.#memoKey(cursor, offset, limit, this.#isStale(account, first.chunk));
    let rendered = first.chunk.renders.get(memoKey);
    if (!rendered) {
      rendered = renderFeed(await this.#assemble(account, first.chunk, cursor, offset, limit, this.#isStale(account, first.chunk)));
      // Pages spanning several chunks may change when a later chunk refreshes: memoise only single-chunk pages.
      if (offset + limit <= first.chunk.media.length || first.chunk.igNext === null) {
        if (first.chunk.renders.size > 64) first.chunk.renders.clear();
        first.chunk.renders.set(memoKey, rendered);
      }
    }
    return this.#result(first.chunk, rendered, first.cache, this.#isStale(account, first.chunk));
  }

  /** Stale: Instagram failed on the last try, or the copy outlived its freshness while Instagram is off limits. */
  #isStale(account: Account, chunk: Chunk): boolean {
    return chunk.failedAt !== null || (this.#now() >= chunk.freshUntil && this.#backoff.blockedFor(account.id) > 0);
  }

  #memoKey(cursor: string | null, offset: number, limit: number, stale: boolean): string {
    return `${cursor ?? ''}:${offset}:${limit}:${stale}:${this.#deps.mirror?.version ?? 0}`;
  }

  #result(chunk: Chunk, rendered: RenderedFeed, cache: FeedPage['cache'], stale: boolean): FeedPage {
    const maxAge = stale ? 60 : Math.max(0, Math.min(300, Math.floor((chunk.freshUntil - this.#now()) / 1000)));
    return { rendered, cache: stale ? 'stale' : cache, stale, maxAge };
  }

  /** Refetches an account's first page now (admin "Sync now", right after connecting). */
  async sync(accountId: string, options: { resetBackoff?: boolean } = {}): Promise<void> {
    const account = this.#deps.store.get(accountId);
    if (!account) throw new HttpError(404, 'account_not_found', 'No connected account has that username or id.');
    if (options.resetBackoff) this.#backoff.reset(account.id);
    const wait = this.#backoff.blockedFor(account.id);
    if (wait > 0) {
      throw new HttpError(429, 'instagram_backoff', `Instagram failed or asked us to slow down; try again in ${Math.ceil(wait / 1000)} seconds.`, {
        headers: { 'retry-after': String(Math.ceil(wait / 1000)) },
      });
    }
    this.#outcomes.profileIsDue(account.id);
    await this.#refresh(account, null);
  }

  /** Drops everything held for an account: cached chunks, the snapshot, backoff state. */
  async forget(accountId: string): Promise<void> {
    for (const k of this.#cache.keys()) if (k.startsWith(`${accountId}|`)) this.#cache.delete(k);
    this.#backoff.reset(accountId);
    this.#outcomes.profileIsDue(accountId);
    await this.#deps.snapshots.remove(accountId);
    await this.#deps.mirror?.forget(accountId);
  }

  /** Scheduler task: refresh chunks viewed during the last TTL that are due, so visitors never wait. */
  async refreshAhead(): Promise<number> {
    let refreshed = 0;
    for (const k of this.#cache.keys()) {
      const chunk = this.#cache.peek(k);
      const [accountId, cursor] = k.split('|') as [string, string];
      const account = this.#deps.store.get(accountId);
      const now = this.#now();
      if (!chunk || !account || now - chunk.lastViewedAt > this.#ttlMs || now < chunk.refreshAt) continue;
      if (this.#backoff.blockedFor(accountId) > 0) continue;
      await this.#refresh(account, cursor || null).then(() => refreshed++, () => undefined);
    }
    return refreshed;
  }

  health(): Record<string, unknown> {
    return { feedSnapshots: this.#deps.snapshots.lastWriteError ? { lastWriteError: this.#deps.snapshots.lastWriteError } : { ok: true } };
  }

  /** The cached chunk when it may be served now (refreshing it in the background when due). */
  #servableChunk(account: Account, cursor: string | null): Chunk | undefined {
    const cached = this.#cache.peek(chunkKey(account.id, cursor));
    if (!cached) return undefined;
    const now = this.#now();
    const blocked = this.#backoff.blockedFor(account.id) > 0;
    cached.lastViewedAt = now;
    // An expired copy is still served at once while it refreshes, unless it is very old or its image URLs are dead.
    const servable =
      now < cached.freshUntil || (now < cached.fetchedAt + 2 * this.#ttlMs && (cached.urlsExpireAt === null || now < cached.urlsExpireAt));
    if (!servable && !blocked) return undefined;
    if (now >= cached.refreshAt && !blocked) void this.#refresh(account, cursor).catch(() => undefined);
    return cached;
  }

  async #serveChunk(account: Account, cursor: string | null): Promise<{ chunk: Chunk; cache: FeedPage['cache'] }> {
    const servable = this.#servableChunk(account, cursor);
    if (servable) return { chunk: servable, cache: 'hit' };
    const cached = this.#cache.peek(chunkKey(account.id, cursor));
    const wait = this.#backoff.blockedFor(account.id);
    if (!cached && wait > 0) throw unavailable(wait);
    try {
      return { chunk: await this.#refresh(account, cursor), cache: 'miss' };
    } catch (error) {
      if (cached) return { chunk: cached, cache: 'stale' };
      if (error instanceof HttpError) throw error;
      throw unavailable(Math.max(this.#backoff.blockedFor(account.id), 30_000));
    }
  }

  async #assemble(account: Account, first: Chunk, cursor: string | null, offset: number, limit: number, stale: boolean) {
    const { media, next } = await slicePage(first, cursor, offset, limit, async c => (await this.#serveChunk(account, c)).chunk);
    const profile = toFeedProfile(account.id, this.#deps.store.get(account.id)?.profile ?? account.profile);
    const [avatar] = this.#deps.mirror?.decorate(account.id, avatarItem(account)) ?? [];
    if (avatar?.sources) profile.profilePictureUrl = avatar.sources.find(s => s.type === 'image/jpeg')?.url ?? avatar.mediaUrl;
    return {
      account: profile,
      media: this.#deps.mirror ? this.#deps.mirror.decorate(account.id, media) : media,
      paging: { next: next && encodeCursor({ account: account.id, ...next }, this.#deps.cursorKey) },
      fetchedAt: new Date(first.fetchedAt).toISOString(),
      stale,
    };
  }

  #refresh(account: Account, cursor: string | null): Promise<Chunk> {
    return this.#cache.load(chunkKey(account.id, cursor), async () => {
      const wait = this.#backoff.blockedFor(account.id);
      if (wait > 0) throw unavailable(wait);
      const onUsage = (usage: { percent: number; regainAccessMs: number | null }) => this.#backoff.usage(account.id, usage);
      try {
        const token = this.#deps.store.getToken(account.id);
        const page = await this.#deps.instagram.listMedia(token, { limit: CHUNK_SIZE, after: cursor }, { onUsage });
        const { media, skipped } = toFeedMedia(page.data);
        if (skipped.length > 0) this.#deps.logger.warn(`Skipped ${skipped.length} post(s) of @${account.username} with unknown media types`, { skipped });
        const chunk = makeChunk(media, page.after, this.#now(), this.#ttlMs);
        this.#backoff.succeeded(account.id);
        if (cursor === null) await this.#outcomes.firstChunkFetched(account, token, chunk);
        // After the profile refresh above, so a new profile picture is mirrored right away.
        const fresh = this.#deps.store.get(account.id) ?? account;
        this.#deps.mirror?.schedule(account.id, cursor === null ? [...avatarItem(fresh), ...media] : media);
        return chunk;
      } catch (error) {
        if (!(error instanceof HttpError)) {
          // Blocked by our own backoff is not a new failure; anything else is.
          const cached = this.#cache.peek(chunkKey(account.id, cursor));
          if (cached) cached.failedAt = this.#now();
          await this.#outcomes.fetchFailed(account, error);
        }
        throw error;
      }
    });
  }
}

/** The profile picture, mirrored like a post so that visitors' browsers never contact Instagram. */
function avatarItem(account: Account): Media[] {
  const url = account.profile.profilePictureUrl;
  if (!url) return [];
  return [
    { id: 'avatar', type: 'image', caption: '', altText: null, permalink: '', timestamp: '', likeCount: null, commentsCount: null, mediaUrl: url, thumbnailUrl: url, children: [] },
  ];
}

function unavailable(waitMs: number): HttpError {
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  return new HttpError(503, 'feed_unavailable', 'Instagram is not answering and there is no saved copy of this feed yet. Try again shortly.', {
    headers: { 'retry-after': String(seconds) },
  });
}
