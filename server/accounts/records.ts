// What both account stores (lowdb in embedded mode, Redis in cluster mode) share: the stored record
// (the account plus its sealed token), how an upsert or an update changes one, and the read-only
// index the feed route looks accounts up in on every request.
import { seal } from './crypto.js';
import type { Account, AccountPatch, NewAccount } from './types.js';

export interface AccountRecord extends Account {
  sealedToken: string;
}

/** A (re)connect: profile and token replaced, status back to active, bookkeeping kept. */
export function upsertedRecord(existing: AccountRecord | undefined, account: NewAccount, token: string, key: Buffer, now: number): AccountRecord {
  const at = new Date(now).toISOString();
  return {
    lastRefreshAt: null,
    lastFetchAt: null,
    lastError: null,
    connectedAt: at,
    ...existing,
    ...account,
    status: 'active',
    lastRefreshError: null,
    refreshFailures: 0,
    nextRefreshAttemptAt: null,
    updatedAt: at,
    sealedToken: seal(token, key),
  };
}

export function patchedRecord(record: AccountRecord, patch: AccountPatch, token: string | undefined, key: Buffer, now: number): AccountRecord {
  const next: AccountRecord = { ...record, ...patch, updatedAt: new Date(now).toISOString() };
  if (token !== undefined) next.sealedToken = seal(token, key);
  return next;
}

/**
 * Frozen views of the records by id, app-scoped id and lower-cased username: a lookup costs a Map get,
 * not a scan plus a deep clone. Later records win for app-scoped ids and usernames (the newest connection).
 */
export class AccountIndex {
  #views = new Map<string, Account>();
  #order: string[] = [];

  rebuild(records: Iterable<AccountRecord>): void {
    const views = new Map<string, Account>();
    const order: string[] = [];
    for (const record of records) {
      const view = deepFreeze(toAccount(record));
      views.set(`id:${record.id}`, view);
      if (record.appScopedId) views.set(`app:${record.appScopedId}`, view);
      views.set(`user:${record.username.toLowerCase()}`, view);
      order.push(record.id);
    }
    this.#views = views;
    this.#order = order;
  }

  list(): Account[] {
    return this.#order.map(id => this.#views.get(`id:${id}`)!);
  }

  get(idOrUsername: string): Account | undefined {
    return this.#views.get(`id:${idOrUsername}`) ?? this.#views.get(`app:${idOrUsername}`) ?? this.#views.get(`user:${idOrUsername.toLowerCase()}`);
  }
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) if (child && typeof child === 'object') deepFreeze(child);
  return Object.freeze(value);
}

function toAccount(record: AccountRecord): Account {
  const { sealedToken: _sealed, ...account } = record;
  return structuredClone(account);
}
