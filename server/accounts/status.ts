import type { Notifier } from '../runtime/notifier.js';
import type { AccountPatch, AccountStatus, AccountStore } from './types.js';

/**
 * Applies `patch` and, when the status actually changes, notifies once. Every status change in the
 * server goes through here, which is what makes "one notification per change" hold.
 */
export async function updateAccountStatus(
  deps: { store: AccountStore; notifier: Notifier; now: () => number },
  id: string,
  status: AccountStatus,
  reason: string,
  patch: AccountPatch = {},
): Promise<void> {
  const before = deps.store.get(id);
  if (!before) return;
  try {
    await deps.store.update(id, { ...patch, status });
  } catch {
    // The change holds in memory and the failed write shows in /healthz; the owner must still hear of it.
  }
  if (before.status !== status) {
    await deps.notifier.statusChanged({
      accountId: before.id,
      username: before.username,
      from: before.status,
      to: status,
      reason,
      at: new Date(deps.now()).toISOString(),
    });
  }
}
