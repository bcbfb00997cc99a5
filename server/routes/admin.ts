import express, { Router, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import type { Account, AccountStore } from '../accounts/types.js';
import { HttpError } from '../errors.js';
import { MIN_TOKEN_AGE_MS, refreshAccountToken, type RefreshDeps } from '../jobs/token-refresh.js';
import { accountParam } from './params.js';

export interface AdminDeps extends RefreshDeps {
  store: AccountStore;
  publicUrl: string;
  requireAdmin: RequestHandler;
  /** Refetch an account's feed now (feed service); absent until a feed service is wired in. */
  syncFeed?: (accountId: string) => Promise<unknown>;
  /** Forget everything derived from an account (cached feeds, snapshots, media). */
  onDeleted?: (accountId: string) => Promise<void>;
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

/**
 * State-changing admin requests from a browser must come from our own pages: browsers always send
 * `Origin` on cross-site POST/DELETE, so a foreign origin is refused (CSRF), on top of SameSite cookies.
 */
export function sameOriginOnly(publicUrl: string): RequestHandler {
  const own = new URL(publicUrl).origin;
  return (req: Request, _res: Response, next: NextFunction) => {
    const origin = req.headers.origin;
    if (req.method === 'GET' || req.method === 'HEAD' || origin === undefined) return next();
    const host = req.headers.host;
    if (origin === own || (host && (origin === `http://${host}` || origin === `https://${host}`))) return next();
    throw new HttpError(403, 'cross_origin_refused', 'This request must come from the instagram-feed admin page.');
  };
}

export function adminRouter(deps: AdminDeps): Router {
  const router = Router();
  router.use('/api/accounts', deps.requireAdmin, sameOriginOnly(deps.publicUrl), express.json({ limit: '16kb' }));

  const find = (req: Request): Account => {
    const account = deps.store.get(accountParam(req.params.account));
    if (!account) throw new HttpError(404, 'account_not_found', 'No connected account has that username or id.');
    return account;
  };

  router.get('/api/accounts', (_req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    res.json({ accounts: deps.store.list().map(publicAccount) });
  });

  router.post('/api/accounts/:account/refresh', async (req, res) => {
    const account = find(req);
    const age = deps.now() - Date.parse(account.lastRefreshAt ?? account.tokenIssuedAt);
    if (age < MIN_TOKEN_AGE_MS) {
      throw new HttpError(409, 'token_too_new', 'Instagram only refreshes tokens that are at least 24 hours old. This one is newer, so there is nothing to do yet.');
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

  router.delete('/api/accounts/:account', async (req, res) => {
    const account = find(req);
    await deps.store.delete(account.id);
    await deps.onDeleted?.(account.id);
    deps.logger.info(`Disconnected @${account.username}`);
    res.json({ deleted: true, id: account.id, username: account.username });
  });

  return router;
}
