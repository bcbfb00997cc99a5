// What a fetch of an account's posts changes beyond the cache: on success the profile (at most daily),
// the last-good copy on disk and the account's bookkeeping; on failure the backoff, the account's
// status (a dead token) and its last error. Status changes notify once (accounts/status.ts).
import { toAccountProfile } from '../accounts/profile.js';
import { updateAccountStatus } from '../accounts/status.js';
import type { Account, AccountPatch, AccountStore } from '../accounts/types.js';
import type { InstagramClient } from '../instagram/client.js';
import { InstagramAuthError } from '../instagram/auth-error.js';
import { InstagramRateLimitError } from '../instagram/rate-limit-error.js';
import type { Logger } from '../runtime/logger.js';
import type { Notifier } from '../runtime/notifier.js';
import type { AccountBackoff } from './backoff.js';
import type { Chunk } from './chunk.js';
import type { Snapshots } from './snapshots.js';

const PROFILE_TTL_MS = 24 * 3600_000;

export interface FetchOutcomeDeps {
  store: AccountStore;
  instagram: Pick<InstagramClient, 'getProfile'>;
  notifier: Notifier;
  logger: Logger;
  snapshots: Snapshots;
  backoff: AccountBackoff;
  now: () => number;
}

export class FetchOutcomes {
  readonly #deps: FetchOutcomeDeps;
  readonly #profileFetchedAt = new Map<string, number>();

  constructor(deps: FetchOutcomeDeps) {
    this.#deps = deps;
  }

  /** The next first-chunk fetch also refreshes the profile (sync now, disconnect). */
  profileIsDue(accountId: string): void {
    this.#profileFetchedAt.delete(accountId);
  }

  /** The profile was just read elsewhere (connecting reads it): the next fetch need not read it again. */
  profileRead(accountId: string, at: number): void {
    this.#profileFetchedAt.set(accountId, at);
  }

  async firstChunkFetched(account: Account, token: string, chunk: Chunk): Promise<void> {
    const now = chunk.fetchedAt;
    if (now - (this.#profileFetchedAt.get(account.id) ?? 0) > PROFILE_TTL_MS) {
      try {
        const profile = await this.#deps.instagram.getProfile(token);
        if (profile.username) await this.#record(account.id, { username: profile.username, profile: toAccountProfile(profile) });
        this.#profileFetchedAt.set(account.id, now);
      } catch (error) {
        this.#deps.logger.warn(`Could not refresh the profile of @${account.username}`, { error: (error as Error).message });
      }
    }
    await this.#deps.snapshots.save({ version: 1, accountId: account.id, media: chunk.media, next: chunk.igNext, fetchedAt: chunk.fetchedAt });
    await this.#record(account.id, { lastFetchAt: new Date(now).toISOString(), lastError: null });
    if (account.status === 'error') await updateAccountStatus(this.#deps, account.id, 'active', 'Fetching posts works again.');
  }

  /**
   * `laterChunk`: the backoff key of a chunk after the first. Its plain failures (5xx, timeouts, bad
   * JSON) back off that chunk only, so a deep page that Instagram fails to serve leaves the account's
   * first page, its status and its other pages alone; a dead token or throttling still affects the account.
   */
  async fetchFailed(account: Account, error: unknown, laterChunk: string | null = null): Promise<void> {
    const message = error instanceof Error ? error.message : String(error);
    if (laterChunk !== null && !(error instanceof InstagramAuthError) && !(error instanceof InstagramRateLimitError)) {
      const delay = this.#deps.backoff.failed(laterChunk);
      this.#deps.logger.warn(`Fetching a later page of @${account.username} failed; backing off that page ${Math.round(delay / 1000)} s`, { error: message });
      return;
    }
    if (error instanceof InstagramAuthError) {
      this.#deps.backoff.failed(account.id, { auth: true });
      const status = error.expired ? 'expired' : 'reconnect_required';
      await updateAccountStatus(this.#deps, account.id, status, 'Instagram no longer accepts the access token; reconnect the account.', {
        lastError: message,
      });
      return;
    }
    const delay = this.#deps.backoff.failed(account.id, { retryAfterMs: error instanceof InstagramRateLimitError ? error.retryAfterMs : null });
    this.#deps.logger.warn(`Fetching posts of @${account.username} failed; backing off ${Math.round(delay / 1000)} s`, { error: message });
    await this.#record(account.id, { lastError: message });
  }

  /** Bookkeeping on the account; a failing disk must not turn a good fetch into a failed one. */
  async #record(accountId: string, patch: AccountPatch): Promise<void> {
    if (!this.#deps.store.get(accountId)) return;
    try {
      await this.#deps.store.update(accountId, patch);
    } catch (error) {
      this.#deps.logger.error('Could not save account bookkeeping; continuing from memory', { error: (error as Error).message });
    }
  }
}
