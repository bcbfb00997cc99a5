// Reading and replacing an account's curation. The document is stored with the account (one atomic
// write of the account store), so it survives restarts, follows the account through a reconnect and
// goes with it on disconnect and on Meta's data deletion. A change drops the account's cached pages
// at once; the next request renders from the chunks already fetched, with no Instagram call.
import { AccountNotFoundError } from '../accounts/account-not-found.js';
import type { AccountStore } from '../accounts/types.js';
import { type Curation, curationDocument, type PinSet, pinSetId, type StoredCuration } from './curation.js';
import { parseCuration } from './validate.js';

/** Pin lists kept besides the current one, for cursors issued under them (a day's worth of edits). */
const PIN_SETS_KEPT = 20;

export interface CurationServiceDeps {
  store: Pick<AccountStore, 'get' | 'update'>;
  /** Told after each change (the feed service drops the account's pages). */
  changed?: (accountId: string) => void;
  now?: () => number;
}

export class CurationService {
  readonly #deps: CurationServiceDeps;

  constructor(deps: CurationServiceDeps) {
    this.#deps = deps;
  }

  get(idOrUsername: string): Curation {
    const account = this.#deps.store.get(idOrUsername);
    if (!account) throw new AccountNotFoundError(idOrUsername);
    return curationDocument(account.curation);
  }

  /** Checks `body` (InvalidCurationError naming the field), stores it, and answers the stored document. */
  async set(idOrUsername: string, body: unknown): Promise<Curation> {
    const account = this.#deps.store.get(idOrUsername);
    if (!account) throw new AccountNotFoundError(idOrUsername);
    const curation = parseCuration(body);
    const previous = account.curation;
    const current: PinSet = { id: pinSetId(curation.pinned), pinned: curation.pinned };
    const pinSets = [current, ...(previous?.pinSets ?? []).filter(set => set.id !== current.id)].slice(0, PIN_SETS_KEPT + 1);
    const stored: StoredCuration = {
      ...curation,
      revision: (previous?.revision ?? 0) + 1,
      updatedAt: new Date((this.#deps.now ?? Date.now)()).toISOString(),
      pinSets,
    };
    await this.#deps.store.update(account.id, { curation: stored });
    this.#deps.changed?.(account.id);
    return curationDocument(stored);
  }
}
