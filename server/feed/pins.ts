// Pinned posts as Media. A pin is usually among the posts already fetched; one older than the cached
// chunks is fetched by id once (single flight, only while the account is not backing off) and kept
// for the feed's TTL like a chunk, so a pinned post costs one Instagram call per TTL at most, and
// none while it sits in a fetched chunk. A post Instagram no longer has (deleted, or not this
// account's) is remembered as missing for the same time and left out.
import type { Media } from '../../widget/contract.js';
import type { Account, AccountStore } from '../accounts/types.js';
import type { InstagramClient } from '../instagram/client.js';
import type { Logger } from '../runtime/logger.js';
import type { MediaMirror } from '../mirror/types.js';
import { toFeedMedia } from './map.js';
import { FlightCache } from './single-flight.js';

interface Fetched {
  media: Media | null;
  fetchedAt: number;
}

export interface PinnedPostsDeps {
  store: Pick<AccountStore, 'getToken'>;
  instagram: Pick<InstagramClient, 'getMedia'>;
  logger: Logger;
  ttlMs: number;
  now: () => number;
  /** How long the account must not call Instagram (its backoff); 0 when it may. */
  blockedFor: (accountId: string) => number;
  mirror?: MediaMirror;
}

export class PinnedPosts {
  readonly #deps: PinnedPostsDeps;
  readonly #fetched = new Map<string, Fetched>();
  readonly #flights = new FlightCache<Fetched>({ set: (key, value) => this.#fetched.set(key, value) });
  readonly #versions = new Map<string, number>();

  constructor(deps: PinnedPostsDeps) {
    this.#deps = deps;
  }

  /** Changes whenever a pinned post of the account fetched by id changes: part of its page keys. */
  version(accountId: string): number {
    return this.#versions.get(accountId) ?? 0;
  }

  /**
   * The posts for `ids` in order: from `known` (the account's fetched chunks) when there, else fetched
   * by id. Posts that cannot be had now are left out.
   */
  async resolve(account: Account, ids: readonly string[], known: (id: string) => Media | undefined): Promise<Media[]> {
    const posts = await Promise.all(ids.map(id => known(id) ?? this.#byId(account, id)));
    return posts.filter((post): post is Media => post !== undefined && post !== null);
  }

  /** Drops what was fetched for an account (disconnect). */
  forget(accountId: string): void {
    for (const key of this.#fetched.keys()) if (key.startsWith(`${accountId}|`)) this.#fetched.delete(key);
    this.#versions.delete(accountId);
  }

  async #byId(account: Account, id: string): Promise<Media | null | undefined> {
    const key = `${account.id}|${id}`;
    const cached = this.#fetched.get(key);
    const now = this.#deps.now();
    if (cached && now < cached.fetchedAt + this.#deps.ttlMs) return cached.media;
    if (this.#deps.blockedFor(account.id) > 0) return cached?.media;
    try {
      return (await this.#flights.load(key, () => this.#fetch(account, id))).media;
    } catch (error) {
      this.#deps.logger.warn(`Could not fetch pinned post ${id} of @${account.username}`, { error: (error as Error).message });
      return cached?.media;
    }
  }

  async #fetch(account: Account, id: string): Promise<Fetched> {
    const fetchedAt = this.#deps.now();
    let media: Media | null = null;
    try {
      const graph = await this.#deps.instagram.getMedia(this.#deps.store.getToken(account.id), id);
      media = toFeedMedia([graph], account.username).media[0] ?? null;
    } catch (error) {
      // Instagram's "does not exist" (code 100) is an answer: remember it. Anything else is retried.
      if ((error as { code?: unknown }).code !== 100) throw error;
    }
    this.#versions.set(account.id, this.version(account.id) + 1);
    if (media) this.#deps.mirror?.schedule(account.id, [media]);
    return { media, fetchedAt };
  }
}
