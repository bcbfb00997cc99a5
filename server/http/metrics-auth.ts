// Who may read `GET /metrics`: an admin (the admin guard: Host allow-list, then loopback or the admin
// password), or, when METRICS_TOKEN is set, a scraper sending `Authorization: Bearer <METRICS_TOKEN>`.
// A bearer token is checked on its own, without the Host allow-list: that list stops pages on a
// DNS-rebinding name from riding on loopback trust, but such a page cannot know the token, and a
// scraper may address the server by any name. Tokens are compared as SHA-256 digests in constant
// time, so neither their content nor their length leaks through timing.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { HttpError } from './http-error.js';

const BEARER = /^Bearer +(\S+) *$/i;

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

export interface MetricsGuardOptions {
  /** METRICS_TOKEN; undefined: admins only. */
  token: string | undefined;
  /** The admin guard's middleware. */
  requireAdmin: RequestHandler;
}

/** Middleware: next() for the right bearer token or an admin; a wrong bearer token is a 401, whoever sends it. */
export function metricsGuard(options: MetricsGuardOptions): RequestHandler {
  const expected = options.token === undefined ? undefined : digest(options.token);
  return (req, res, next) => {
    const bearer = BEARER.exec(req.headers.authorization ?? '');
    if (expected === undefined || !bearer) return options.requireAdmin(req, res, next);
    if (timingSafeEqual(digest(bearer[1]!), expected)) return next();
    throw new HttpError(401, 'unauthorized', 'Send the metrics token (METRICS_TOKEN) as a Bearer token, or sign in as admin.', {
      headers: { 'www-authenticate': 'Bearer realm="instagram-feed metrics", error="invalid_token"' },
    });
  };
}
