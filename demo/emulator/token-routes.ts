import type { Request, Response } from 'express';
import { REFRESH_MIN_AGE_MS } from './constants.js';
import { GraphErrors, isReply, jsonReply } from './replies.js';
import type { Reply } from './replies.js';
import { accessTokenOf, param, send } from './pipeline.js';
import type { EmulatorContext } from './pipeline.js';
import type { TokenRecord } from './state.js';

// graph.instagram.com/access_token (short-lived -> long-lived) and /refresh_access_token. Choices where Meta's
// documentation is silent, so a server under test meets the strict case:
// - each exchange or refresh returns a NEW token string; the old one keeps working until its own expiry;
// - exchanging a long-lived token, or refreshing a short-lived one, is an error (code 100);
// - refreshing before 24 h: `refreshTooEarly` 'error' (default; code 100) or 'same' (same token, same expiry).

/** A valid token's record, or the Graph error (190 with subcode 460/463, or plain 190) to answer with. */
export function checkAccessToken(ctx: EmulatorContext, token: string | undefined): TokenRecord | Reply {
  if (token === undefined || token === '') return GraphErrors.missingToken();
  const check = ctx.state.checkToken(token);
  if (check.status === 'unparseable') return GraphErrors.cannotParseToken();
  if (check.status === 'invalidated') return GraphErrors.invalidatedToken();
  if (check.status === 'expired') return GraphErrors.expiredToken(check.record.expiresAt, ctx.now());
  return check.record;
}

function tokenEndpoint(ctx: EmulatorContext, grantType: string, answer: (req: Request, record: TokenRecord) => Reply) {
  return (req: Request, res: Response) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(ctx, res, GraphErrors.unsupportedMethod(req.method));
    if (param(req, 'grant_type') !== grantType) {
      return send(ctx, res, GraphErrors.invalidParameter(`(#100) Param grant_type must be one of {${grantType}}`));
    }
    const record = checkAccessToken(ctx, accessTokenOf(req));
    send(ctx, res, isReply(record) ? record : answer(req, record));
  };
}

const seconds = (ms: number) => Math.max(0, Math.round(ms / 1000));
// Our wording: Meta documents neither case.
const WRONG_KIND = {
  short: '(#100) ig_exchange_token needs a short-lived access token',
  long: '(#100) ig_refresh_token needs a long-lived access token',
};
const TOO_EARLY = '(#100) The access token can be refreshed only when it is at least 24 hours old';

export function exchangeHandler(ctx: EmulatorContext) {
  return tokenEndpoint(ctx, 'ig_exchange_token', (req, record) => {
    if (param(req, 'client_secret') !== ctx.clientSecret) return GraphErrors.badClientSecret();
    if (record.kind !== 'short') return GraphErrors.invalidParameter(WRONG_KIND.short);
    const long = ctx.state.issueToken(record.accountId, 'long', record.permissions);
    const expiresIn = seconds(long.expiresAt - ctx.now());
    return jsonReply(200, { access_token: long.token, token_type: 'bearer', expires_in: expiresIn });
  });
}

export function refreshHandler(ctx: EmulatorContext) {
  return tokenEndpoint(ctx, 'ig_refresh_token', (_req, record) => {
    if (record.kind !== 'long') return GraphErrors.invalidParameter(WRONG_KIND.long);
    let fresh = record;
    if (ctx.now() - record.issuedAt < REFRESH_MIN_AGE_MS) {
      if (ctx.controls.refreshTooEarly === 'error') return GraphErrors.invalidParameter(TOO_EARLY);
    } else {
      fresh = ctx.state.issueToken(record.accountId, 'long', record.permissions);
    }
    return jsonReply(200, {
      access_token: fresh.token,
      token_type: 'bearer',
      expires_in: seconds(fresh.expiresAt - ctx.now()),
      // Recorded in a real refresh response (Graph API Explorer, v24.0), though not in the docs.
      permissions: fresh.permissions.join(','),
    });
  });
}
