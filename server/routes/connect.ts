// Instagram Login. /instagram/connect issues a one-time `state` bound to the admin's session and sends
// the browser to Instagram's consent page; /instagram/callback checks that state, trades the code for
// a short-lived then a long-lived token, reads the profile and stores the account. Every outcome is a
// redirect to the demo page with a short code: provider text is never reflected into a page.
import { randomBytes } from 'node:crypto';
import { Router, type Request, type RequestHandler, type Response } from 'express';
import { connectAccount } from '../accounts/connect-account.js';
import type { ConnectErrorCode } from '../accounts/connect-codes.js';
import type { AccountStore } from '../accounts/types.js';
import type { InstagramClient } from '../instagram/client.js';
import type { Logger } from '../runtime/logger.js';

declare module 'express-session' {
  interface SessionData {
    oauthStates?: { value: string; expiresAt: number }[];
  }
}

const STATE_TTL_MS = 10 * 60_000;
const MAX_PENDING_STATES = 5;

export interface ConnectDeps {
  store: AccountStore;
  instagram: Pick<InstagramClient, 'authorizeUrl' | 'exchangeCode' | 'exchangeForLongLivedToken' | 'getProfile'>;
  logger: Logger;
  now: () => number;
  requireAdmin: RequestHandler;
  /** Called after an account connected (e.g. to fetch its feed at once, its profile just read); failures are logged only. */
  onConnected?: (accountId: string) => Promise<void>;
}

export function connectRouter(deps: ConnectDeps): Router {
  const router = Router();

  const connect: RequestHandler = (req, res) => {
    const state = randomBytes(24).toString('base64url');
    const now = deps.now();
    const pending = (req.session.oauthStates ?? []).filter(s => s.expiresAt > now);
    // Several tabs may be mid-consent; keep the newest few so one does not invalidate the others.
    req.session.oauthStates = [...pending, { value: state, expiresAt: now + STATE_TTL_MS }].slice(-MAX_PENDING_STATES);
    req.session.save(error => {
      if (error) return res.redirect(303, '/?error=session_failed');
      res.setHeader('Cache-Control', 'no-store');
      res.redirect(302, deps.instagram.authorizeUrl(state));
    });
  };
  router.get(['/instagram/connect', '/instagram/redirect'], deps.requireAdmin, connect);

  router.get('/instagram/callback', async (req, res) => {
    res.setHeader('Cache-Control', 'no-store');
    const stateOk = consumeState(req, single(req.query.state), deps.now());
    const providerError = single(req.query.error);
    if (providerError !== undefined || req.query.error_reason !== undefined) {
      return finish(res, { error: providerError === 'access_denied' ? 'access_denied' : 'authorization_failed' });
    }
    if (!stateOk) return finish(res, { error: 'invalid_state' });
    const code = single(req.query.code)?.replace(/#_?$/, '');
    if (!code || code.length > 2048 || !/^[\x21-\x7e]+$/.test(code)) return finish(res, { error: 'invalid_request' });

    const result = await connectAccount(deps, code);
    if ('failure' in result) {
      if (result.error) deps.logger.warn(`Instagram connect failed: ${result.failure}`, { error: (result.error as Error)?.message });
      return finish(res, { error: result.failure });
    }
    const { account } = result;
    deps.logger.info(`Connected Instagram account @${account.username}`, { id: account.id });
    deps.onConnected?.(account.id).catch(error => deps.logger.warn('First sync after connect failed', { error: (error as Error).message }));
    return finish(res, { connected: account.username });
  });

  return router;
}

function single(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** True when `state` is one this session issued and has not used yet; it is used up either way. */
function consumeState(req: Request, state: string | undefined, now: number): boolean {
  const pending = req.session?.oauthStates ?? [];
  const match = state === undefined ? undefined : pending.find(s => s.value === state && s.expiresAt > now);
  if (match) req.session.oauthStates = pending.filter(s => s !== match);
  return match !== undefined;
}

function finish(res: Response, outcome: { connected: string } | { error: ConnectErrorCode }): void {
  const query = 'connected' in outcome ? `connected=${encodeURIComponent(outcome.connected)}` : `error=${outcome.error}`;
  res.redirect(303, `/?${query}`);
}
