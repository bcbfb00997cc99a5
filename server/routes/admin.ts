import express, { Router, type Request, type RequestHandler } from 'express';
import type { Account, AccountStore } from '../accounts/types.js';
import { HttpError } from '../http/http-error.js';
import { refreshAccountToken, refreshDueTokens, tokenTooNewToRefresh, type RefreshDeps } from '../jobs/token-refresh.js';
import type { CurationService } from '../curation/curation-service.js';
import { accountParam } from './params.js';

export interface AdminDeps extends RefreshDeps {
  store: AccountStore;
  requireAdmin: RequestHandler;
  /** Refuses state-changing requests whose `Origin` is not our admin page (CSRF). */
  sameOrigin: RequestHandler;
  /** Refetch an account's feed now (feed service); absent until a feed service is wired in. */
  syncFeed?: (accountId: string) => Promise<unknown>;
  /** Forget everything derived from an account (cached feeds, snapshots, media). */
  onDeleted?: (accountId: string) => Promise<void>;
  /** Hidden and pinned posts, links and rules (GET/PUT /api/accounts/:account/curation). */
  curation?: CurationService;
}

/** What admins see of an account: status and dates, never a token. */
export function publicAccount(account: Account) {
  return {
    id: account.id,
    username: account.username,
    status: account.status,
    tokenExpiresAt: account.tokenExpiresAt,
    tokenIssuedAt: account.tokenIssuedAt,
    lastRefreshAt: account.lastRefreshAt,
    lastRefreshError: account.lastRefreshError,
    lastFetchAt: account.lastFetchAt,
    lastError: account.lastError,
    connectedAt: account.connectedAt,
    profile: account.profile,
  };
}

export function adminRouter(deps: AdminDeps): Router {
  const router = Router();
  // A curation document holds up to 500 ids and their links; every other body is a few fields.
  const smallJson = express.json({ limit: '16kb' });
  const curationJson = express.json({ limit: '1mb' });
  router.use('/api/accounts', deps.requireAdmin, deps.sameOrigin, (req, res, next) =>
    (req.path.endsWith('/curation') ? curationJson : smallJson)(req, res, next),
  );

  const find = (req: Request): Account => {
    const account = deps.store.get(accountParam(req.params.account));
    if (!account) throw new HttpError(404, 'account_not_found', 'No connected account has that username or id.');
    return account;
  };

  router.get('/api/accounts', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ accounts: deps.store.list().map(publicAccount) });
  });

  // One refresh pass, as the scheduler runs it: `npm run refresh-tokens` asks here while this server holds DATA_DIR.
  router.post('/api/accounts/refresh-due', async (_req, res) => {
    const outcomes = await refreshDueTokens(deps);
    const counts = outcomes.map(o => o.result).join(', ') || 'no accounts';
    deps.logger.info(`Token refresh pass requested through the admin API: ${counts}`);
    res.setHeader('Cache-Control', 'no-store');
    res.json({ outcomes });
  });

  router.post('/api/accounts/:account/refresh', async (req, res) => {
    const account = find(req);
    if (tokenTooNewToRefresh(account, deps.now())) {
      throw new HttpError(
        409,
        'token_too_new',
        'Instagram only refreshes tokens that are at least 24 hours old. This one is newer, so there is nothing to do yet.',
      );
    }
    const outcome = await refreshAccountToken(deps, account.id);
    const status = outcome.result === 'refreshed' ? 200 : outcome.result === 'reconnect_required' ? 409 : 502;
    if (status !== 200) {
      throw new HttpError(status, outcome.result === 'reconnect_required' ? 'reconnect_required' : 'refresh_failed', outcome.detail);
    }
    res.json({ account: publicAccount(deps.store.get(account.id)!), result: outcome.result });
  });

  router.post('/api/accounts/:account/sync', async (req, res) => {
    const account = find(req);
    if (!deps.syncFeed) throw new HttpError(501, 'not_available', 'Feed syncing is not available on this server.');
    await deps.syncFeed(account.id);
    res.json({ account: publicAccount(deps.store.get(account.id) ?? account) });
  });

  router.get('/api/accounts/:account/curation', (req, res) => {
    const account = find(req);
    if (!deps.curation) throw new HttpError(501, 'not_available', 'Curation is not available on this server.');
    res.set('Cache-Control', 'no-store').json(deps.curation.get(account.id));
  });

  router.put('/api/accounts/:account/curation', async (req, res) => {
    const account = find(req);
    if (!deps.curation) throw new HttpError(501, 'not_available', 'Curation is not available on this server.');
    if (!req.is('application/json')) throw new HttpError(415, 'unsupported_media_type', 'Send the curation document as JSON (Content-Type: application/json).');
    const curation = await deps.curation.set(account.id, req.body);
    deps.logger.info(`Curation of @${account.username} changed`, {
      hidden: curation.hidden.length,
      pinned: curation.pinned.length,
      links: Object.keys(curation.links).length,
    });
    res.set('Cache-Control', 'no-store').json(curation);
  });

  router.delete('/api/accounts/:account', async (req, res) => {
    const account = find(req);
    await deps.store.delete(account.id);
    await deps.onDeleted?.(account.id);
    deps.logger.info(`Disconnected @${account.username}`);
    res.json({ deleted: true, id: account.id, username: account.username });
  });

  return router;
}
