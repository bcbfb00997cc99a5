// The chunks of every account: where they are kept (memory.ts), when they are fetched, refreshed or
// served stale, and what protects Instagram meanwhile (single flight, backoff).
//
// Per chunk: fresh until min(fetchedAt + TTL, earliest CDN URL expiry - 1 h); a few seconds before
// that a background refresh starts (visitor-triggered or by the refresh-ahead task); an expired copy
// is still served at once while it refreshes, unless it is older than 2 x TTL or its image URLs are
// dead, in which case the visitor waits (bounded by INSTAGRAM_TIMEOUT_MS). When Instagram fails, the
// copy is marked failed and served stale; only with no copy at all does a visitor get 503 + Retry-After.
// A later chunk (cursor not null) that fails plainly is backed off alone; the account's backoff,
// which auth errors and throttling set, holds back every chunk of the account.
// Only the first MIRRORED_CHUNKS chunks of an account have their images mirrored.
import type { Account, AccountStore } from '../accounts/types.js';
import type { InstagramClient } from '../instagram/client.js';
import type { Logger } from '../runtime/logger.js';
import type { MediaMirror } from '../mirror/types.js';
import type { Notifier } from '../runtime/notifier.js';
import { AccountBackoff } from './backoff.js';
import { BackingOffError } from './backing-off.js';
import { FlightCache } from './single-flight.js';
import { CHUNK_SIZE, makeChunk, type Chunk } from './chunk.js';
import { chunkKey, parseChunkKey } from './keys.js';
import { toFeedMedia, upgradeMedia } from './map.js';
import { FeedUnavailableError } from './feed-unavailable.js';
import { FeedMemory } from './memory.js';
import { FetchOutcomes } from './outcomes.js';
import type { Snapshots } from './snapshots.js';
import { type ChunkExchange, loadShared } from './shared-load.js';

/**
 * Chunks per account whose images the media mirror re-hosts (2: the newest 100 posts). Deeper pages,
 * rarely viewed but reachable by anyone, would otherwise make the mirror encode a whole archive and
 * let its disk budget evict other accounts' first pages. Their posts keep Instagram's URLs.
 */
export const MIRRORED_CHUNKS = 2;
const DEFAULT_CACHE_MAX_BYTES = 128 * 1024 * 1024;

export interface ChunkSourceDeps {
  store: AccountStore;
  instagram: Pick<InstagramClient, 'listMedia' | 'getProfile'>;
  notifier: Notifier;
  logger: Logger;
  snapshots: Snapshots;
  ttlSeconds: number;
  cacheMaxBytes?: number;
  now: () => number;
  random?: () => number;
  mirror?: MediaMirror;
  /** Cluster mode: chunks fetched once for all instances (shared-load.ts). */
  exchange?: ChunkExchange;
  /** How long one instance may hold a chunk's fetch lease: bounds what a killed fetcher costs the others. */
  fetchLeaseMs?: number;
  /** Cluster mode: backoff state shared with the other instances (cluster/shared-backoff.ts). */
  backoff?: AccountBackoff;
}

export interface SyncOptions {
  /** Forget the account's backoff first (a fresh connect). */
  resetBackoff?: boolean;
  /** The profile was read a moment ago (connecting does): do not read it again. */
  profileJustRead?: boolean;
}

export class ChunkSource {
  /** Chunks and the pages rendered from them. */
  readonly memory: FeedMemory;
  readonly #deps: ChunkSourceDeps;
  readonly #ttlMs: number;
  readonly #loads: FlightCache<Chunk>;
  readonly #backoff: AccountBackoff;
  readonly #outcomes: FetchOutcomes;
  /** The quota use (percent) Instagram reported with each account's latest fetch, by account id. */
  readonly usage = new Map<string, number>();

  constructor(deps: ChunkSourceDeps) {
    this.#deps = deps;
    this.#ttlMs = deps.ttlSeconds * 1000;
    this.memory = new FeedMemory(deps.cacheMaxBytes ?? DEFAULT_CACHE_MAX_BYTES);
    this.#loads = new FlightCache<Chunk>({ set: (key, chunk) => this.memory.setChunk(key, chunk) });
    this.#backoff = deps.backoff ?? new AccountBackoff(deps.now, deps.random, { ttlMs: this.#ttlMs });
    this.#outcomes = new FetchOutcomes({ ...deps, backoff: this.#backoff });
  }

  /** Loads the last-good copies of first chunks from disk. */
  async init(): Promise<void> {
    for (const snapshot of await this.#deps.snapshots.loadAll()) {
      const account = this.#deps.store.get(snapshot.accountId);
      if (account?.id !== snapshot.accountId) continue; // a disconnected account's leftover
      const media = snapshot.media.map(item => upgradeMedia(item, account.username));
      this.memory.setChunk(chunkKey(account.id, null), makeChunk(media, snapshot.next, snapshot.fetchedAt, this.#ttlMs));
      this.#deps.mirror?.schedule(account.id, snapshot.media, { avatarUrl: account.profile.profilePictureUrl });
    }
  }

  /** How long a chunk may not be fetched: the account's backoff, and for a later chunk its own too. */
  blockedFor(accountId: string, cursor: string | null): number {
    const account = this.#backoff.blockedFor(accountId);
    return cursor === null ? account : Math.max(account, this.#backoff.blockedFor(chunkKey(accountId, cursor)));
  }

  /** The cached chunk when it may be served now (refreshing it in the background when due). */
  servable(account: Account, cursor: string | null, key = chunkKey(account.id, cursor)): Chunk | undefined {
    const cached = this.memory.chunk(key);
    if (!cached) return undefined;
    const now = this.#deps.now();
    const blocked = this.blockedFor(account.id, cursor) > 0;
    cached.lastViewedAt = now;
    const servable = now < cached.freshUntil || (now < cached.fetchedAt + 2 * this.#ttlMs && (cached.urlsExpireAt === null || now < cached.urlsExpireAt));
    if (!servable && !blocked) return undefined;
    if (now >= cached.refreshAt && !blocked) void this.refresh(account, cursor, cached.depth).catch(() => undefined);
    return cached;
  }

  /** The chunk to serve, fetching it when there is no servable copy; FeedUnavailableError when there is no copy at all. */
  async serve(account: Account, cursor: string | null, depth: number): Promise<{ chunk: Chunk; cache: 'hit' | 'miss' | 'stale' }> {
    const servable = this.servable(account, cursor);
    if (servable) return { chunk: servable, cache: 'hit' };
    const cached = this.memory.peekChunk(chunkKey(account.id, cursor));
    const wait = this.blockedFor(account.id, cursor);
    if (!cached && wait > 0) throw new FeedUnavailableError(wait);
    try {
      return { chunk: await this.refresh(account, cursor, depth), cache: 'miss' };
    } catch (error) {
      if (cached) return { chunk: cached, cache: 'stale' };
      if (error instanceof FeedUnavailableError) throw error;
      throw new FeedUnavailableError(Math.max(this.blockedFor(account.id, cursor), 30_000));
    }
  }

  /** Refetches an account's first chunk now, unless the account backs off (BackingOffError). */
  async sync(account: Account, options: SyncOptions): Promise<void> {
    if (options.resetBackoff) this.#backoff.reset(account.id);
    const wait = this.#backoff.blockedFor(account.id);
    if (wait > 0) throw new BackingOffError(wait);
    if (options.profileJustRead) this.#outcomes.profileRead(account.id, this.#deps.now());
    else this.#outcomes.profileIsDue(account.id);
    await this.refresh(account, null, 0);
  }

  /** Drops an account's chunks, pages, backoff state and quota use. */
  forget(accountId: string): void {
    this.memory.deleteAccount(accountId);
    this.usage.delete(accountId);
    this.#backoff.reset(accountId);
    this.#outcomes.profileIsDue(accountId);
  }

  /** Scheduler task: refresh chunks viewed during the last TTL that are due, so visitors never wait. */
  async refreshAhead(): Promise<number> {
    let refreshed = 0;
    for (const key of this.memory.chunkKeys()) {
      const chunk = this.memory.peekChunk(key);
      const { accountId, cursor } = parseChunkKey(key);
      const account = this.#deps.store.get(accountId);
      const now = this.#deps.now();
      if (!chunk || !account || now - chunk.lastViewedAt > this.#ttlMs || now < chunk.refreshAt) continue;
      if (this.blockedFor(accountId, cursor) > 0) continue;
      await this.refresh(account, cursor, chunk.depth).then(
        () => refreshed++,
        () => undefined,
      );
    }
    return refreshed;
  }

  /** Fetches a chunk (single flight, across instances too) and stores it; `depth` decides whether its images are mirrored. */
  refresh(account: Account, cursor: string | null, depth: number): Promise<Chunk> {
    const key = chunkKey(account.id, cursor);
    return this.#loads.load(key, async () => {
      const { exchange } = this.#deps;
      if (!exchange) return this.#fetch(account, cursor, depth, key);
      const since = this.memory.peekChunk(key)?.fetchedAt ?? 0;
      const loaded = await loadShared(exchange, {
        key,
        leaseMs: this.#deps.fetchLeaseMs ?? 30_000,
        keepMs: 2 * this.#ttlMs,
        usable: other => other.fetchedAt > since && this.#deps.now() < makeChunk(other.media, other.igNext, other.fetchedAt, this.#ttlMs).refreshAt,
        fetch: () => this.#fetch(account, cursor, depth, key),
      });
      const { media, igNext, fetchedAt } = loaded.chunk;
      return loaded.fetched ? (loaded.chunk as Chunk) : makeChunk(media, igNext, fetchedAt, this.#ttlMs, depth);
    });
  }

  async #fetch(account: Account, cursor: string | null, depth: number, key: string): Promise<Chunk> {
    const wait = this.blockedFor(account.id, cursor);
    if (wait > 0) throw new FeedUnavailableError(wait);
    const onUsage = (usage: { percent: number; regainAccessMs: number | null }) => {
      this.usage.set(account.id, usage.percent);
      this.#backoff.usage(account.id, usage);
    };
    try {
      const token = this.#deps.store.getToken(account.id);
      const page = await this.#deps.instagram.listMedia(token, { limit: CHUNK_SIZE, after: cursor }, { onUsage });
      const { media, skipped } = toFeedMedia(page.data, account.username);
      if (skipped.length > 0)
        this.#deps.logger.warn(`Skipped ${skipped.length} post(s) of @${account.username} (unknown media type, or no usable id, date or permalink)`, {
          skipped,
        });
      const chunk = makeChunk(media, page.after, this.#deps.now(), this.#ttlMs, depth);
      this.#backoff.succeeded(account.id);
      if (cursor === null) await this.#outcomes.firstChunkFetched(account, token, chunk);
      else this.#backoff.reset(key);
      // After the profile refresh above, so a new profile picture is mirrored right away.
      const fresh = this.#deps.store.get(account.id) ?? account;
      if (depth < MIRRORED_CHUNKS) this.#deps.mirror?.schedule(account.id, media, { avatarUrl: cursor === null ? fresh.profile.profilePictureUrl : null });
      return chunk;
    } catch (error) {
      if (!(error instanceof FeedUnavailableError)) {
        // Blocked by our own backoff is not a new failure; anything else is.
        const cached = this.memory.peekChunk(key);
        if (cached) cached.failedAt = this.#deps.now();
        await this.#outcomes.fetchFailed(account, error, cursor === null ? null : key);
      }
      throw error;
    }
  }
}
