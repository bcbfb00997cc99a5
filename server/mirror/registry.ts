// In-memory state of every mirrored account, loaded from the manifests at start. An account's epoch
// goes up each time it is forgotten or evicted, so work started before that can tell it is stale.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../runtime/logger.js';
import { removeStaleTempFiles } from '../runtime/atomic-file.js';
import { emptyManifest, loadManifest, type Manifest } from './manifest.js';

/** Account ids are Instagram user ids: digits only, which also keeps them safe as directory names. */
export const ACCOUNT_ID = /^\d{1,32}$/;
export const MAX_ATTEMPTS = 3;
const ATTEMPTS_RESET_MS = 24 * 3600_000;

export interface AccountState {
  manifest: Manifest;
  epoch: number;
  /** Keys of jobs queued or running. */
  inflight: Set<string>;
  failures: Map<string, { attempts: number; lastAt: number }>;
}

export class AccountRegistry {
  readonly #root: string;
  readonly #states = new Map<string, AccountState>();
  readonly #epochs = new Map<string, number>();
  readonly #locks = new Map<string, Promise<unknown>>();

  constructor(root: string) {
    this.#root = root;
  }

  dir(accountId: string): string {
    return join(this.#root, accountId);
  }

  get(accountId: string): AccountState | undefined {
    return this.#states.get(accountId);
  }

  /** Every account's state. */
  all(): IterableIterator<AccountState> {
    return this.#states.values();
  }

  /** The account's state, created empty on first use. */
  open(accountId: string): AccountState {
    let state = this.#states.get(accountId);
    if (!state) this.#states.set(accountId, (state = this.#create(accountId, emptyManifest(accountId))));
    return state;
  }

  /** Forgets the in-memory state and makes every state handed out before stale. */
  drop(accountId: string): void {
    this.#states.delete(accountId);
    this.#epochs.set(accountId, (this.#epochs.get(accountId) ?? 0) + 1);
  }

  /** Reads every manifest under the root; returns how many were loaded. */
  async load(logger: Logger): Promise<number> {
    const names = await readdir(this.#root).catch(() => [] as string[]);
    for (const accountId of names.filter(name => ACCOUNT_ID.test(name))) {
      await removeStaleTempFiles(this.dir(accountId));
      try {
        const manifest = await loadManifest(this.dir(accountId), accountId);
        if (manifest) this.#states.set(accountId, this.#create(accountId, manifest));
      } catch (error) {
        // Its files are unreferenced now; the next batch for this account sweeps them.
        logger.warn('Ignoring an unreadable media manifest', { account: accountId, error });
      }
    }
    return this.#states.size;
  }

  /** Reads one account's manifest again (another process wrote it): replaces the state, or drops it when there is none. */
  async reload(accountId: string): Promise<void> {
    const manifest = await loadManifest(this.dir(accountId), accountId).catch(() => undefined);
    if (manifest) this.#states.set(accountId, this.#create(accountId, manifest));
    else this.drop(accountId);
  }

  /** Runs `task` after every earlier task under the same name (manifest writes, sweeps, deletion). */
  withLock<T>(name: string, task: () => Promise<T>): Promise<T> {
    const run = (this.#locks.get(name) ?? Promise.resolve()).catch(() => undefined).then(task);
    this.#locks.set(name, run);
    const release = () => void (this.#locks.get(name) === run && this.#locks.delete(name));
    run.then(release, release);
    return run;
  }

  #create(accountId: string, manifest: Manifest): AccountState {
    return { manifest, epoch: this.#epochs.get(accountId) ?? 0, inflight: new Set(), failures: new Map() };
  }
}

/** Whether a failed item may be tried again: MAX_ATTEMPTS per day; permanent failures use them all at once. */
export function mayTry(state: AccountState, key: string, now: number): boolean {
  const failure = state.failures.get(key);
  if (!failure) return true;
  if (now - failure.lastAt < ATTEMPTS_RESET_MS) return failure.attempts < MAX_ATTEMPTS;
  state.failures.delete(key);
  return true;
}

export function recordFailure(state: AccountState, key: string, permanent: boolean, now: number): void {
  const attempts = state.failures.get(key)?.attempts ?? 0;
  state.failures.set(key, { attempts: permanent ? MAX_ATTEMPTS : attempts + 1, lastAt: now });
}
