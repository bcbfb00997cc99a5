// Who may use the admin surface (connect, /api/accounts..., the details of /healthz).
//
// 1. The `Host` header must name this server: PUBLIC_URL's host, a loopback name (localhost, 127.0.0.1,
//    [::1]) with the port the request came in on, or one of ALLOWED_HOSTS. A page on a DNS-rebinding
//    name (rebind.attacker.example resolving to 127.0.0.1) reaches the server from loopback and is
//    "same origin" with itself, but its browser sends its own name as Host, so it is refused here.
// 2. Without ADMIN_PASSWORD: loopback clients only, and a request that came through a reverse proxy
//    (Forwarded / X-Forwarded-For) never counts as loopback, since the proxy itself would be. Outside
//    demo mode config.ts allows this only when HOST and PUBLIC_URL are loopback.
// 3. With ADMIN_PASSWORD: HTTP Basic auth (any user name), compared in constant time. Failed attempts
//    are counted per client address as Express resolves it (`req.ip`, so TRUST_PROXY applies); after
//    MAX_FAILURES an address is locked: wrong passwords get a 429 and its password checks are limited
//    to one per LOCKED_CHECK_INTERVAL_MS, but the right password still gets through, so guessing
//    from behind a shared proxy address cannot lock the real admin out.
// State-changing requests from a browser must also carry an Origin of one of those hosts (CSRF).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { isLoopback, normalizeHost } from '../config.js';
import { HttpError } from './http-error.js';

const MAX_FAILURES = 10;
const FAILURE_WINDOW_MS = 15 * 60_000;
const LOCKED_CHECK_INTERVAL_MS = 1_000;
const MAX_TRACKED_CLIENTS = 10_000;
const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

function isProxied(req: Request): boolean {
  return req.headers.forwarded !== undefined || req.headers['x-forwarded-for'] !== undefined || req.headers['x-real-ip'] !== undefined;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

export interface AdminGuardOptions {
  password: string | undefined;
  /** PUBLIC_URL: its host is always accepted, and its origin in `Origin`. */
  publicUrl: string;
  /** ALLOWED_HOSTS, normalised (config.ts). */
  allowedHosts?: readonly string[];
  now?: () => number;
}

export interface AdminGuard {
  /** Middleware: next() for an admin, else throws 403 (wrong host, not local) or 401/429 (password). */
  requireAdmin: RequestHandler;
  /** Middleware for state-changing admin routes: a browser's `Origin` must be one of ours (CSRF). */
  sameOrigin: RequestHandler;
  /** True when the request passes `requireAdmin` (a wrong password counts as a failure here too). */
  isAdmin(req: Request): boolean;
}

export function createAdminGuard(options: AdminGuardOptions): AdminGuard {
  const now = options.now ?? Date.now;
  const expected = options.password === undefined ? undefined : digest(options.password);
  const failures = new Map<string, { count: number; since: number; lastCheck: number }>();
  const publicUrl = new URL(options.publicUrl);
  const extraHosts = new Set(options.allowedHosts ?? []);
  const loopbackHosts = new Map<number | undefined, Set<string>>();

  /** Loopback names with the port the request came in on (the port this server listens on). */
  const loopbackNames = (req: Request): Set<string> => {
    const port = req.socket.localPort;
    let names = loopbackHosts.get(port);
    if (!names) {
      names = new Set(port === undefined ? [] : LOOPBACK_NAMES.map(name => normalizeHost(`${name}:${port}`)!));
      loopbackHosts.set(port, names);
    }
    return names;
  };

  /** The Host header names this server (see 1. above). */
  const hostAllowed = (req: Request): boolean => {
    const host = normalizeHost(req.headers.host ?? '');
    return host !== undefined && (host === publicUrl.host || extraHosts.has(host) || loopbackNames(req).has(host));
  };

  /** `Origin` of our own admin page: PUBLIC_URL's origin, or http(s) on an accepted host. */
  const originAllowed = (req: Request, origin: string): boolean => {
    if (origin === publicUrl.origin) return true;
    let url: URL;
    try {
      url = new URL(origin);
    } catch {
      return false;
    }
    if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.origin !== origin) return false;
    return extraHosts.has(url.host) || loopbackNames(req).has(url.host);
  };

  const passwordOf = (req: Request): string | undefined => {
    const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(req.headers.authorization ?? '');
    return match ? Buffer.from(match[1]!, 'base64').toString('utf8').split(':').slice(1).join(':') : undefined;
  };

  /** undefined for an admin, else the error to answer. Counts failed passwords. */
  const authorize = (req: Request): HttpError | undefined => {
    if (!hostAllowed(req)) return errors.host();
    if (expected === undefined) return isLoopback(req.socket.remoteAddress) && !isProxied(req) ? undefined : errors.adminOnly();
    const password = passwordOf(req);
    // No credentials yet: a 401 makes the browser ask for them, locked or not.
    if (password === undefined) return errors.unauthorized();
    const client = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const time = now();
    let record = failures.get(client);
    if (record && time - record.since > FAILURE_WINDOW_MS) {
      failures.delete(client);
      record = undefined;
    }
    const locked = record !== undefined && record.count >= MAX_FAILURES;
    // A locked address still gets its password checked, once per interval: the real admin gets in, a
    // guesser gets one try a second instead of the rate limit's ten.
    if (locked && time - record!.lastCheck < LOCKED_CHECK_INTERVAL_MS) return errors.tooMany();
    if (timingSafeEqual(digest(password), expected)) {
      if (!locked) failures.delete(client);
      return undefined;
    }
    if (!record) {
      failures.set(client, (record = { count: 0, since: time, lastCheck: time }));
      if (failures.size > MAX_TRACKED_CLIENTS) failures.delete(failures.keys().next().value!);
    }
    record.count++;
    record.lastCheck = time;
    return record.count >= MAX_FAILURES ? errors.tooMany() : errors.unauthorized();
  };

  return {
    requireAdmin(req, _res, next) {
      const error = authorize(req);
      if (error) throw error;
      next();
    },
    sameOrigin(req, _res, next) {
      const origin = req.headers.origin;
      if (req.method === 'GET' || req.method === 'HEAD' || origin === undefined || originAllowed(req, origin)) return next();
      throw new HttpError(403, 'cross_origin_refused', 'This request must come from the instagram-feed admin page.');
    },
    isAdmin: req => authorize(req) === undefined,
  };
}

const errors = {
  host: () =>
    new HttpError(403, 'host_not_allowed', "The admin pages answer only at this server's own address (PUBLIC_URL, localhost, or a host in ALLOWED_HOSTS)."),
  adminOnly: () => new HttpError(403, 'admin_only', "Only the server's own machine may do this. Set ADMIN_PASSWORD to allow access from elsewhere."),
  unauthorized: () =>
    new HttpError(401, 'unauthorized', 'Sign in with the admin password (ADMIN_PASSWORD) to do this.', {
      headers: { 'www-authenticate': 'Basic realm="instagram-feed admin", charset="UTF-8"' },
    }),
  tooMany: () =>
    new HttpError(429, 'too_many_attempts', 'Too many failed sign-in attempts from this address. Wait a moment, then sign in with the right password.', {
      headers: { 'retry-after': String(LOCKED_CHECK_INTERVAL_MS / 1000) },
    }),
};
