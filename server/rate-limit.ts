// A fixed-window limiter per client address, so one client cannot starve the others. No timers:
// windows are replaced as requests arrive, and the table is swept when it grows large.
import type { NextFunction, Request, Response } from 'express';
import { HttpError } from './errors.js';

export interface RateLimitOptions {
  /** Requests per window per client; 0 turns the limiter off. */
  max: number;
  windowMs?: number;
  now?: () => number;
}

export interface RateLimiter {
  /** Express middleware: counts the request, sets the `RateLimit-*` headers, throws a 429 past the limit. */
  (req: Request, res: Response, next: NextFunction): void;
  /**
   * Counts one request from `client` and adds the `RateLimit-*` headers to `headers`; true when the
   * client is over the limit (for callers outside Express that answer the 429 another way).
   */
  consume(client: string, headers: Record<string, string | number>): boolean;
}

export function rateLimit(options: RateLimitOptions): RateLimiter {
  const windowMs = options.windowMs ?? 60_000;
  const now = options.now ?? Date.now;
  const windows = new Map<string, { start: number; count: number }>();

  const consume = (client: string, headers: Record<string, string | number>): boolean => {
    if (options.max <= 0) return false;
    const time = now();
    let window = windows.get(client);
    if (!window || time - window.start >= windowMs) {
      if (windows.size >= 100_000) for (const [key, w] of windows) if (time - w.start >= windowMs) windows.delete(key);
      window = { start: time, count: 0 };
      windows.set(client, window);
    }
    window.count++;
    headers['RateLimit-Limit'] = options.max;
    headers['RateLimit-Remaining'] = Math.max(0, options.max - window.count);
    headers['RateLimit-Reset'] = Math.max(1, Math.ceil((window.start + windowMs - time) / 1000));
    return window.count > options.max;
  };

  const limit = (req: Request, res: Response, next: NextFunction): void => {
    const headers: Record<string, string | number> = {};
    const over = consume(req.ip ?? req.socket.remoteAddress ?? 'unknown', headers);
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    if (over) {
      throw new HttpError(429, 'rate_limited', 'Too many requests from this address. Slow down and try again shortly.', {
        headers: { 'retry-after': String(headers['RateLimit-Reset']) },
      });
    }
    next();
  };
  return Object.assign(limit, { consume });
}
