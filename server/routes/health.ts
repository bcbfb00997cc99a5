import { Router } from 'express';
import type { AccountStore } from '../accounts/types.js';

export interface HealthDeps {
  store: AccountStore;
  /** Extra checks (e.g. the last failed disk write); each adds a key to the response. */
  checks?: () => Record<string, unknown>;
}

export function healthRouter(deps: HealthDeps): Router {
  const router = Router();
  router.get('/healthz', (_req, res) => {
    const accounts: Record<string, number> = { active: 0, expired: 0, reconnect_required: 0, error: 0 };
    for (const account of deps.store.list()) accounts[account.status] = (accounts[account.status] ?? 0) + 1;
    const checks = deps.checks?.() ?? {};
    const storeError = deps.store.lastWriteError ?? null;
    const degraded = storeError !== null || Object.values(checks).some(check => (check as { lastWriteError?: unknown })?.lastWriteError);
    res.setHeader('Cache-Control', 'no-store');
    // 200 while serving: a failing disk degrades persistence, not the feeds served from memory.
    res.json({ status: degraded ? 'degraded' : 'ok', accounts, store: storeError ? { lastWriteError: storeError } : { ok: true }, ...checks });
  });
  return router;
}
