import type { Profile } from '../../widget/contract.js';
import type { WriteError } from '../runtime/write-status.js';
import type { StoredCuration } from '../curation/curation.js';
import type { Lease } from '../runtime/coordination.js';

/** `active` when healthy; the others tell the site owner what to do. */
export type AccountStatus = 'active' | 'expired' | 'reconnect_required' | 'error';

/**
 * What `/me` told us about the account, as stored: the feed's Profile (widget/contract.ts) without
 * what we derive when serving it (`id`, `profileUrl`), plus the account type. feed/map.ts
 * `toFeedProfile` is the one mapping from this to the wire.
 */
export type AccountProfile = Omit<Profile, 'id' | 'profileUrl'> & { accountType: string };

/** A connected account as the rest of the server sees it: never the token. */
export interface Account {
  /** The professional account id (`/me` `user_id`, 1784...). */
  id: string;
  /** The app-scoped id from the code exchange; Meta's callbacks may name either. */
  appScopedId: string | null;
  username: string;
  profile: AccountProfile;
  status: AccountStatus;
  tokenIssuedAt: string;
  tokenExpiresAt: string;
  lastRefreshAt: string | null;
  lastRefreshError: string | null;
  refreshFailures: number;
  /** Earliest time the scheduler may retry a failed refresh (backoff). */
  nextRefreshAttemptAt: string | null;
  lastFetchAt: string | null;
  lastError: string | null;
  connectedAt: string;
  updatedAt: string;
  /** What the site owner curated (curation/curation.ts); absent or null when nothing. Kept on reconnect. */
  curation?: StoredCuration | null;
}

export type NewAccount = Pick<Account, 'id' | 'appScopedId' | 'username' | 'profile' | 'tokenIssuedAt' | 'tokenExpiresAt'>;
export type AccountPatch = Partial<Omit<Account, 'id' | 'connectedAt' | 'updatedAt'>>;

export interface UpdateOptions {
  /** Write only while this lease is current (StaleLeaseError otherwise): a token refresh between instances. */
  lease?: Lease;
}

/**
 * Persisted accounts: lowdb in embedded mode (account-store.ts), Redis in cluster mode
 * (cluster/redis-account-store.ts). Reads are synchronous: both keep the records in memory.
 */
export interface AccountStore {
  list(): Account[];
  /** By professional id, app-scoped id or username (case-insensitive). */
  get(idOrUsername: string): Account | undefined;
  /** The plaintext access token; only the Instagram client should ever see it. */
  getToken(id: string): string;
  /** Inserts, or replaces profile and token of an account that reconnects (status back to active). */
  upsert(account: NewAccount, token: string): Promise<Account>;
  update(id: string, patch: AccountPatch, token?: string, options?: UpdateOptions): Promise<Account>;
  /** The account as the backing store holds it now (another instance may have changed it a moment ago). */
  latest(id: string): Promise<Account | undefined>;
  /** Tells `listener` about changes another instance made (cluster mode only). */
  watch?(listener: (id: string, account: Account | undefined) => void): void;
  delete(id: string): Promise<boolean>;
  /** The last failed write (disk full, read-only...), cleared by the next successful one. */
  readonly lastWriteError?: WriteError | null;
  /** Failed writes since the process started. */
  readonly writeFailures?: number;
}
