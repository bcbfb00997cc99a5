import express from 'express';
import type { Request, Response, Router } from 'express';
import { cdnPath } from './cdn.js';
import { KNOWN_SCOPES, REQUIRED_SCOPE } from './constants.js';
import { PAGE_CSP, renderConsentPage, renderErrorPage } from './consent-page.js';
import { oauthError } from './replies.js';
import { FIXTURE_ACCOUNTS, findAccount } from './fixtures.js';
import { parseMultipart } from './multipart.js';
import { endpoint, send } from './pipeline.js';
import type { EmulatorContext } from './pipeline.js';

// www.instagram.com/oauth/authorize (consent page and its form) and api.instagram.com/oauth/access_token.

/** A validated authorize request. */
interface AuthorizeRequest {
  clientId: string;
  redirectUri: string;
  scopes: string[];
  state?: string;
}

const text = (source: unknown, name: string): string | undefined => {
  const value = (source as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : undefined;
};

function validateAuthorize(ctx: EmulatorContext, input: unknown): AuthorizeRequest | { error: string } {
  const clientId = text(input, 'client_id');
  const redirectUri = text(input, 'redirect_uri');
  if (clientId !== ctx.clientId) return { error: 'Invalid platform app' };
  if (redirectUri === undefined || !ctx.redirectUris.includes(redirectUri)) return { error: 'Invalid redirect_uri' };
  if (text(input, 'response_type') !== 'code') return { error: 'Invalid response_type: only "code" is supported' };
  const scopes = [...new Set((text(input, 'scope') ?? '').split(/[\s,]+/).filter(Boolean))];
  const unknown = scopes.filter(scope => !(KNOWN_SCOPES as readonly string[]).includes(scope));
  if (unknown.length > 0) return { error: `Invalid scope: ${unknown.join(', ')}` };
  if (!scopes.includes(REQUIRED_SCOPE)) return { error: `Invalid scope: ${REQUIRED_SCOPE} is required` };
  const state = text(input, 'state');
  return { clientId, redirectUri, scopes, ...(state !== undefined ? { state } : {}) };
}

function sendHtml(res: Response, status: number, html: string): void {
  res.status(status).set({ 'Content-Security-Policy': PAGE_CSP, 'Cache-Control': 'no-store' }).type('html').send(html);
}

function redirectWith(res: Response, request: AuthorizeRequest, params: Record<string, string>, fragment = ''): void {
  const target = new URL(request.redirectUri);
  for (const [key, value] of Object.entries(params)) target.searchParams.append(key, value);
  if (request.state !== undefined) target.searchParams.append('state', request.state);
  target.hash = '';
  res
    .status(302)
    .set({ Location: target.href + fragment, 'Cache-Control': 'no-store' })
    .end();
}

function showConsent(ctx: EmulatorContext) {
  return (req: Request, res: Response) => {
    const request = validateAuthorize(ctx, req.query);
    if ('error' in request) return sendHtml(res, 400, renderErrorPage(request.error));
    const params: Record<string, string> = {
      client_id: request.clientId,
      redirect_uri: request.redirectUri,
      response_type: 'code',
      scope: request.scopes.join(','),
      ...(request.state !== undefined ? { state: request.state } : {}),
    };
    const accounts = FIXTURE_ACCOUNTS.map(a => ({ ...a, avatar: cdnPath(ctx, a.profilePicture, 'profile') }));
    sendHtml(res, 200, renderConsentPage({ appName: 'instagram-feed demo', accounts, scopes: request.scopes, params }));
  };
}

function decide(ctx: EmulatorContext) {
  return (req: Request, res: Response) => {
    // The form carries the original parameters; check them again rather than trust the page.
    const request = validateAuthorize(ctx, req.body);
    if ('error' in request) return sendHtml(res, 400, renderErrorPage(request.error));
    const decision = text(req.body, 'decision');
    if (decision === 'deny') {
      return redirectWith(res, request, {
        error: 'access_denied',
        error_reason: 'user_denied',
        error_description: 'The user denied your request',
      });
    }
    const account = findAccount(text(req.body, 'account') ?? '');
    if (decision !== 'allow' || !account || text(req.body, 'account') !== account.username) {
      return sendHtml(res, 400, renderErrorPage('Choose an account, then Allow or Deny.'));
    }
    const code = ctx.state.issueCode({
      clientId: request.clientId,
      redirectUri: request.redirectUri,
      accountId: account.id,
      permissions: request.scopes,
    });
    // Instagram appends "#_" to the redirect; it is not part of the code.
    redirectWith(res, request, { code }, '#_');
  };
}

/** The form fields of a urlencoded or multipart body. */
function formBody(req: Request): unknown {
  if (Buffer.isBuffer(req.body)) return parseMultipart(req.body, req.get('content-type') ?? '') ?? {};
  return req.body ?? {};
}

function exchangeCode(ctx: EmulatorContext) {
  return (req: Request, res: Response) => {
    const refuse = (message: string) => send(ctx, res, oauthError(message));
    if (req.method !== 'POST') return refuse(`Unsupported request - method type: ${req.method.toLowerCase()}`);
    const body = formBody(req);
    const field = (name: string) => text(body, name);
    for (const name of ['client_id', 'client_secret', 'grant_type', 'redirect_uri', 'code']) {
      if (!field(name)) return refuse(`You must provide a ${name}`);
    }
    if (field('client_id') !== ctx.clientId) return refuse('Invalid platform app');
    if (field('client_secret') !== ctx.clientSecret) return refuse('Error validating client secret.');
    if (field('grant_type') !== 'authorization_code') return refuse('Unsupported grant_type');
    const grant = ctx.state.findCode(field('code')!);
    if (!grant || grant.clientId !== ctx.clientId) return refuse('Matching code was not found or was already used');
    if (grant.redirectUri !== field('redirect_uri')) return refuse('Redirect URI does not match registered redirect URI');
    ctx.state.markCodeUsed(grant.code);
    const token = ctx.state.issueToken(grant.accountId, 'short', grant.permissions);
    const accountId = findAccount(grant.accountId)!.id;
    if (ctx.controls.tokenResponse === 'wrapped') {
      const entry = { access_token: token.token, user_id: accountId, permissions: grant.permissions.join(',') };
      return send(ctx, res, { status: 200, body: JSON.stringify({ data: [entry] }) });
    }
    // Written by hand: the observed response has user_id as a bare 17-digit number, beyond JSON.parse's precision.
    const permissions = JSON.stringify(grant.permissions);
    const flat = `{"access_token":${JSON.stringify(token.token)},"user_id":${accountId},"permissions":${permissions}}`;
    send(ctx, res, { status: 200, body: flat });
  };
}

export function oauthRouter(ctx: EmulatorContext): Router {
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: '16kb', parameterLimit: 50 });
  const multipart = express.raw({ type: 'multipart/form-data', limit: '64kb' });
  router.get('/oauth/authorize', endpoint(ctx, 'oauth.authorize', 'none', showConsent(ctx)));
  router.post('/oauth/authorize', form, endpoint(ctx, 'oauth.decision', 'none', decide(ctx)));
  router.all('/oauth/access_token', form, multipart, endpoint(ctx, 'oauth.access_token', 'oauth', exchangeCode(ctx)));
  return router;
}
