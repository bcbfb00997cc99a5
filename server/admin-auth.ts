// Who may use the admin surface (connect, /api/accounts...). Without ADMIN_PASSWORD: loopback clients
// only, and a request that came through a reverse proxy (Forwarded / X-Forwarded-For) never counts as
// loopback, since the proxy itself would be. With ADMIN_PASSWORD: HTTP Basic auth (any user name),
// compared in constant time, with failed attempts throttled per client address.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import { HttpError } from './errors.js';

const MAX_FAILURES = 10;
const FAILURE_WINDOW_MS = 15 * 60_000;

export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const ip = address.startsWith('::ffff:') ? address.slice(7) : address;
  return ip === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(ip);
}

function isProxied(req: Request): boolean {
  return req.headers.forwarded !== undefined || req.headers['x-forwarded-for'] !== undefined || req.headers['x-real-ip'] !== undefined;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

export function createAdminGuard(options: { password: string | undefined; now?: () => number }) {
  const now = options.now ?? Date.now;
  const expected = options.password === undefined ? undefined : digest(options.password);
  const failures = new Map<string, { count: number; since: number }>();

  return function requireAdmin(req: Request, res: Response, next: NextFunction): void {
    const client = req.socket.remoteAddress ?? 'unknown';
    if (expected === undefined) {
      if (isLoopback(client) && !isProxied(req)) return next();
      throw new HttpError(403, 'admin_only', 'Only the server\'s own machine may do this. Set ADMIN_PASSWORD to allow access from elsewhere.');
    }
    const record = failures.get(client);
    if (record && now() - record.since > FAILURE_WINDOW_MS) failures.delete(client);
    if ((failures.get(client)?.count ?? 0) >= MAX_FAILURES) {
      throw new HttpError(429, 'too_many_attempts', 'Too many failed sign-in attempts. Try again in 15 minutes.', {
        headers: { 'retry-after': String(FAILURE_WINDOW_MS / 1000) },
      });
    }
    const header = req.headers.authorization ?? '';
    const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header);
    const password = match ? Buffer.from(match[1]!, 'base64').toString('utf8').split(':').slice(1).join(':') : undefined;
    if (password !== undefined && timingSafeEqual(digest(password), expected)) {
      failures.delete(client);
      return next();
    }
    if (password !== undefined) {
      const current = failures.get(client) ?? { count: 0, since: now() };
      current.count++;
      failures.set(client, current);
      if (failures.size > 10_000) failures.delete(failures.keys().next().value!);
    }
    res.setHeader('WWW-Authenticate', 'Basic realm="instagram-feed admin", charset="UTF-8"');
    throw new HttpError(401, 'unauthorized', 'Sign in with the admin password (ADMIN_PASSWORD) to do this.');
  };
}
