import { Router, type Request } from 'express';
import type { AccountStore } from '../accounts/types.js';
import type { FeedService } from '../feed/feed-service.js';
import type { ClusterStatus } from '../runtime/coordination.js';
import type { Readiness } from '../runtime/readiness.js';
import type { WriteError } from '../runtime/write-status.js';

export interface HealthDeps {
  store: AccountStore;
  /** Whether the request may see the details (the admin guard's check). */
  isAdmin: (req: Request) => boolean;
  /** The feed service, when there is one: its snapshot writes and memory are reported too. */
  feeds?: Pick<FeedService, 'status'>;
  /** Whether to send traffic here (`/readyz`); main.ts moves it from starting to ready to draining. */
  readiness: Pick<Readiness, 'state'>;
  /** Cluster mode: whether Redis answers (down degrades: writes fail, visitors are served from memory) and whether this instance leads. */
  cluster?: () => ClusterStatus;
}

/**
 * `GET /healthz`: 200 while serving, `{status}` (`ok` or `degraded`) for anyone, so a load balancer or
 * uptime check needs no credentials. Admins (loopback without ADMIN_PASSWORD, or Basic auth) also get
 * account counts and the last write errors, whose messages name files: nothing a visitor should read.
 */
export function healthRouter(deps: HealthDeps): Router {
  const router = Router();
  router.get('/healthz', (req, res) => {
    const feeds = deps.feeds?.status();
    const storeError = deps.store.lastWriteError ?? null;
    const cluster = deps.cluster?.();
    const degraded = storeError !== null || (feeds?.snapshotWriteError ?? null) !== null || cluster?.redis === 'down';
    const status = degraded ? 'degraded' : 'ok';
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Vary', 'Authorization');
    // 200 while serving: a failing disk degrades persistence, not the feeds served from memory.
    if (!deps.isAdmin(req)) return void res.json({ status });
    const accounts: Record<string, number> = { active: 0, expired: 0, reconnect_required: 0, error: 0 };
    for (const account of deps.store.list()) accounts[account.status] = (accounts[account.status] ?? 0) + 1;
    const writes = (error: WriteError | null) => (error === null ? { ok: true } : { lastWriteError: error });
    res.json({
      status,
      accounts,
      store: writes(storeError),
      ...(feeds && { feedSnapshots: writes(feeds.snapshotWriteError), feedCache: feeds.cache }),
      ...(cluster && { cluster }),
    });
  });
  // `GET /readyz`: for a load balancer deciding where to send traffic, unlike /healthz (is it alive).
  router.get('/readyz', (_req, res) => {
    const status = deps.readiness.state;
    res.setHeader('Cache-Control', 'no-store');
    res.status(status === 'ready' ? 200 : 503).json({ status });
  });
  return router;
}
