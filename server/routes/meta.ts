// Meta's Deauthorize and Data Deletion callbacks. Meta POSTs a form field `signed_request`:
// base64url(HMAC-SHA256(app secret, payload segment)) + "." + base64url(JSON payload). We verify the
// signature in constant time and the algorithm, then forget the user: token, profile, cached feeds
// and mirrored media. Which id Meta puts in `user_id` (app-scoped or professional) is undocumented,
// so both are matched. A bad signature is a 400 and deletes nothing.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import express, { Router, type Request, type RequestHandler } from 'express';
import type { AccountStore } from '../accounts/types.js';
import { HttpError } from '../http/http-error.js';
import type { Logger } from '../runtime/logger.js';
import type { DeletionRecords } from '../accounts/deletion-log.js';

export interface SignedRequest {
  algorithm: string;
  user_id: string;
  issued_at?: number;
  expires?: number;
}

/** Verifies a `signed_request`; undefined when it is malformed or not signed with `secret`. */
export function verifySignedRequest(value: unknown, secret: string): SignedRequest | undefined {
  if (typeof value !== 'string' || value.length > 8192) return undefined;
  const [signature, payload, extra] = value.split('.');
  if (!signature || !payload || extra !== undefined || !/^[\w-]+$/.test(signature) || !/^[\w-]+$/.test(payload)) return undefined;
  const expected = createHmac('sha256', secret).update(payload).digest();
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  try {
    const data = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    if (typeof data.algorithm !== 'string' || data.algorithm.toUpperCase() !== 'HMAC-SHA256') return undefined;
    if (typeof data.user_id !== 'string' && typeof data.user_id !== 'number') return undefined;
    return { ...data, algorithm: data.algorithm, user_id: String(data.user_id) } as SignedRequest;
  } catch {
    return undefined;
  }
}

export interface MetaDeps {
  store: AccountStore;
  deletions: DeletionRecords;
  appSecret: string;
  publicUrl: string;
  logger: Logger;
  /** Forgets everything derived from an account (feeds, snapshots, media). */
  forget: (accountId: string) => Promise<void>;
  /**
   * Run before the two callbacks. Demo mode passes the admin guard: there the app secret is the
   * emulator's, which is public, so a signature alone proves nothing and any website could form-POST
   * a valid deauthorization to a local server.
   */
  guard?: RequestHandler[];
}

export function metaRouter(deps: MetaDeps): Router {
  const router = Router();
  const form = [...(deps.guard ?? []), express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 10 })];

  const verified = (req: Request): SignedRequest => {
    const request = verifySignedRequest(req.body?.signed_request, deps.appSecret);
    if (!request) throw new HttpError(400, 'invalid_signed_request', "The signed_request is missing, malformed or not signed with this app's secret.");
    return request;
  };

  const removeUser = async (userId: string): Promise<boolean> => {
    const account = deps.store.get(userId);
    if (!account || (account.id !== userId && account.appScopedId !== userId)) return false;
    await deps.store.delete(account.id);
    await deps.forget(account.id);
    deps.logger.info(`Removed @${account.username} at Meta's request`, { id: account.id });
    return true;
  };

  router.post('/instagram/deauthorize', ...form, async (req, res) => {
    const request = verified(req);
    await removeUser(request.user_id);
    res.json({ ok: true });
  });

  router.post('/instagram/data-deletion', ...form, async (req, res) => {
    const request = verified(req);
    const code = randomBytes(12).toString('hex');
    await deps.deletions.record(code, 'pending');
    const removed = await removeUser(request.user_id);
    await deps.deletions.record(code, removed ? 'deleted' : 'no_data');
    res.json({ url: `${deps.publicUrl}/instagram/data-deletion/${code}`, confirmation_code: code });
  });

  router.get('/instagram/data-deletion/:code', async (req, res) => {
    const code = req.params.code;
    const entry = /^[a-f0-9]{24}$/.test(code) ? await deps.deletions.get(code) : undefined;
    if (!entry) throw new HttpError(404, 'unknown_confirmation_code', 'No data deletion request has that confirmation code.');
    const messages = {
      pending: 'Your data deletion request is being processed.',
      deleted: 'Your data has been deleted: the access token, profile, cached posts and images.',
      no_data: 'This server held no data for your account, so there was nothing to delete.',
    };
    const body = { confirmation_code: code, status: entry.status, requested_at: entry.requestedAt, message: messages[entry.status] };
    if (req.accepts(['html', 'json']) === 'html') {
      res
        .type('html')
        .send(
          `<!doctype html><html lang="en"><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
            `<title>Data deletion status</title><body style="font:16px/1.5 system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem">` +
            `<h1>Data deletion request</h1><p>${messages[entry.status]}</p><p>Confirmation code: <code>${code}</code><br>Requested: ${entry.requestedAt}</p></body></html>`,
        );
      return;
    }
    res.json(body);
  });

  return router;
}
