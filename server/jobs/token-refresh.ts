// Which tokens to refresh, and what a failure means. Instagram refreshes a long-lived token only when
// it is at least 24 h old and unexpired; a token not refreshed within 60 days dies and needs a new
// OAuth consent. So: refresh when the token is older than 24 h AND expires within the window
// (TOKEN_REFRESH_WINDOW_DAYS), retry transient failures with capped exponential backoff plus jitter,
// and turn 190 into `reconnect_required` (retrying cannot fix a revoked or expired token).
import type { Account, AccountStore, UpdateOptions } from '../accounts/types.js';
import { updateAccountStatus } from '../accounts/status.js';
import { InstagramAuthError } from '../instagram/auth-error.js';
import { InstagramError } from '../instagram/instagram-error.js';
import type { InstagramClient } from '../instagram/client.js';
import type { Notifier } from '../runtime/notifier.js';
import type { Logger } from '../runtime/logger.js';
import { type Locks, StaleLeaseError } from '../runtime/coordination.js';

const MIN_TOKEN_AGE_MS = 24 * 3600_000;

/** Instagram's rule: a long-lived token can be refreshed only once it is at least 24 hours old. */
export function tokenTooNewToRefresh(account: Pick<Account, 'lastRefreshAt' | 'tokenIssuedAt'>, now: number): boolean {
  return now - Date.parse(account.lastRefreshAt ?? account.tokenIssuedAt) < MIN_TOKEN_AGE_MS;
}
/** Default lease of one refresh (main.ts derives it from INSTAGRAM_TIMEOUT_MS): the call, then the write. */
export const REFRESH_LEASE_MS = 30_000;
const BACKOFF_BASE_MS = 5 * 60_000;
const BACKOFF_CAP_MS = 6 * 3600_000;

export interface RefreshDeps {
  store: AccountStore;
  instagram: Pick<InstagramClient, 'refreshToken'>;
  notifier: Notifier;
  logger: Logger;
  now: () => number;
  windowDays: number;
  random?: () => number;
  /**
   * Cluster mode: each refresh holds the account's `refresh:<id>` lease, re-reads the account from Redis
   * under it (another instance may have just refreshed it) and writes the new token only while the
   * lease is current, so a token is never refreshed twice.
   */
  locks?: Locks;
  /** How long a refresh may hold its lease; a holder killed mid-refresh delays the next one by this at most. */
  leaseMs?: number;
}

export type RefreshResult = 'refreshed' | 'not_due' | 'backing_off' | 'failed' | 'reconnect_required' | 'expired' | 'inactive';
export interface RefreshOutcome {
  accountId: string;
  username: string;
  result: RefreshResult;
  detail: string;
}

/** Delay before retry number `failures` (1-based): 5 min, 10, 20, ... capped at 6 h, times 0.5-1.0 jitter. */
export function backoffMs(failures: number, random: () => number = Math.random): number {
  const base = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1));
  return Math.round(base * (0.5 + random() * 0.5));
}

export function refreshDue(account: Account, now: number, windowDays: number): { due: boolean; result: RefreshResult; detail: string } {
  const expiresAt = Date.parse(account.tokenExpiresAt);
  if (account.status !== 'active') return { due: false, result: 'inactive', detail: `status is ${account.status}` };
  if (expiresAt <= now) return { due: false, result: 'expired', detail: 'token has expired' };
  if (account.nextRefreshAttemptAt && Date.parse(account.nextRefreshAttemptAt) > now) {
    return { due: false, result: 'backing_off', detail: `retrying after ${account.nextRefreshAttemptAt}` };
  }
  if (tokenTooNewToRefresh(account, now)) return { due: false, result: 'not_due', detail: 'token is less than 24 hours old' };
  const days = (expiresAt - now) / 86_400_000;
  if (days > windowDays) return { due: false, result: 'not_due', detail: `expires in ${Math.floor(days)} days` };
  return { due: true, result: 'refreshed', detail: '' };
}

/** One pass over all accounts. Never throws for one account's failure. */
export async function refreshDueTokens(deps: RefreshDeps): Promise<RefreshOutcome[]> {
  const outcomes: RefreshOutcome[] = [];
  for (const account of deps.store.list()) {
    const check = refreshDue(account, deps.now(), deps.windowDays);
    if (check.result === 'expired') {
      await updateAccountStatus(deps, account.id, 'expired', 'The access token expired before it could be refreshed; reconnect the account.');
    }
    outcomes.push(
      check.due ? await refreshAccountToken(deps, account.id, { onlyIfDue: true }) : { accountId: account.id, username: account.username, ...check },
    );
  }
  return outcomes;
}

/**
 * Refreshes one account now (the scheduler, or an admin's "Refresh token"). `onlyIfDue`: check again
 * under the lease, with the account as stored now, that it is still due.
 */
export async function refreshAccountToken(deps: RefreshDeps, id: string, options: { onlyIfDue?: boolean } = {}): Promise<RefreshOutcome> {
  const known = deps.store.get(id);
  if (!known) throw new Error(`No account ${id}`);
  if (!deps.locks) return refreshLocked(deps, known);
  const lease = await waitForLease(deps.locks, `refresh:${known.id}`, deps.leaseMs ?? REFRESH_LEASE_MS);
  if (!lease) return { accountId: known.id, username: known.username, result: 'backing_off', detail: 'another instance is refreshing this token' };
  try {
    const account = await deps.store.latest(known.id);
    if (!account) throw new Error(`No account ${id}`);
    const check = refreshDue(account, deps.now(), deps.windowDays);
    if (options.onlyIfDue && !check.due) return { accountId: account.id, username: account.username, ...check };
    return await refreshLocked(deps, account, { lease });
  } finally {
    await deps.locks.release(lease).catch(() => undefined);
  }
}

/**
 * The lease, waiting while another holder has it: when that holder is done, the account is read again
 * and is no longer due; when it was killed mid-refresh, its lease runs out and this one takes over.
 */
async function waitForLease(locks: Locks, name: string, leaseMs: number) {
  const deadline = Date.now() + leaseMs + 1_000;
  for (;;) {
    const lease = await locks.acquire(name, leaseMs);
    if (lease || Date.now() > deadline) return lease;
    await new Promise(resolve => setTimeout(resolve, 250));
  }
}

async function refreshLocked(deps: RefreshDeps, account: Account, guard: UpdateOptions = {}): Promise<RefreshOutcome> {
  const base = { accountId: account.id, username: account.username };
  try {
    const grant = await deps.instagram.refreshToken(deps.store.getToken(account.id));
    const now = deps.now();
    const expiresAt = new Date(now + grant.expiresIn * 1000).toISOString();
    await deps.store.update(
      account.id,
      { tokenExpiresAt: expiresAt, lastRefreshAt: new Date(now).toISOString(), lastRefreshError: null, refreshFailures: 0, nextRefreshAttemptAt: null },
      grant.accessToken,
      guard,
    );
    deps.logger.info(`Refreshed the token of @${account.username}`, { expiresAt });
    if (account.status !== 'active') await updateAccountStatus(deps, account.id, 'active', 'The token was refreshed.');
    return { ...base, result: 'refreshed', detail: `expires ${expiresAt}` };
  } catch (error) {
    if (error instanceof InstagramAuthError) {
      const reason = error.expired
        ? 'Instagram says the access token has expired; reconnect the account.'
        : 'Instagram no longer accepts the access token (password change, revoked access or security reset); reconnect the account.';
      const status = error.expired ? 'expired' : 'reconnect_required';
      await updateAccountStatus(deps, account.id, status, reason, { lastRefreshError: reason });
      return { ...base, result: 'reconnect_required', detail: reason };
    }
    if (error instanceof StaleLeaseError) {
      deps.logger.warn(`Token refresh for @${account.username} ran past its lease; another instance takes over`);
      return { ...base, result: 'failed', detail: 'the refresh lease expired before the new token was saved' };
    }
    if (!(error instanceof InstagramError)) throw error;
    const failures = account.refreshFailures + 1;
    const retryAt = new Date(deps.now() + backoffMs(failures, deps.random)).toISOString();
    await deps.store.update(account.id, { refreshFailures: failures, nextRefreshAttemptAt: retryAt, lastRefreshError: error.message });
    deps.logger.warn(`Token refresh for @${account.username} failed; retrying after ${retryAt}`, { error: error.message });
    return { ...base, result: 'failed', detail: `${error.message}; retrying after ${retryAt}` };
  }
}
