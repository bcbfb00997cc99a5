import { Router, type Request } from 'express';
import type { AccountStore } from '../accounts/types.js';

export interface HealthDeps {
  store: AccountStore;
  /** Whether the request may see the details (the admin guard's check). */
  isAdmin: (req: Request) => boolean;
  /** Extra checks (e.g. the last failed disk write); each adds a key to the admin's response. */
  checks?: () => Record<string, unknown>;
}

/**
 * `GET /healthz`: 200 while serving, `{status}` (`ok` or `degraded`) for anyone, so a load balancer or
 * uptime check needs no credentials. Admins (loopback without ADMIN_PASSWORD, or Basic auth) also get
 * account counts and the last write errors, whose messages name files: nothing a visitor should read.
 */
export function healthRouter(deps: HealthDeps): Router {
  const router = Router();
  router.get('/healthz', (req, res) => {
    const checks = deps.checks?.() ?? {};
    const storeError = deps.store.lastWriteError ?? null;
    const degraded = storeError !== null || Object.values(checks).some(check => (check as { lastWriteError?: unknown })?.lastWriteError);
    const status = degraded ? 'degraded' : 'ok';
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Vary', 'Authorization');
    // 200 while serving: a failing disk degrades persistence, not the feeds served from memory.
    if (!deps.isAdmin(req)) return void res.json({ status });
    const accounts: Record<string, number> = { active: 0, expired: 0, reconnect_required: 0, error: 0 };
    for (const account of deps.store.list()) accounts[account.status] = (accounts[account.status] ?? 0) + 1;
    res.json({ status, accounts, store: storeError ? { lastWriteError: storeError } : { ok: true }, ...checks });
  });
  return router;
}
