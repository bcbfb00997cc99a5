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

export function rateLimit(options: RateLimitOptions) {
  const windowMs = options.windowMs ?? 60_000;
  const now = options.now ?? Date.now;
  const windows = new Map<string, { start: number; count: number }>();

  return function limit(req: Request, res: Response, next: NextFunction): void {
    if (options.max <= 0) return next();
    const time = now();
    const client = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    let window = windows.get(client);
    if (!window || time - window.start >= windowMs) {
      if (windows.size >= 100_000) for (const [key, w] of windows) if (time - w.start >= windowMs) windows.delete(key);
      window = { start: time, count: 0 };
      windows.set(client, window);
    }
    window.count++;
    const reset = Math.max(1, Math.ceil((window.start + windowMs - time) / 1000));
    res.setHeader('RateLimit-Limit', options.max);
    res.setHeader('RateLimit-Remaining', Math.max(0, options.max - window.count));
    res.setHeader('RateLimit-Reset', reset);
    if (window.count > options.max) {
      throw new HttpError(429, 'rate_limited', 'Too many requests from this address. Slow down and try again shortly.', {
        headers: { 'retry-after': String(reset) },
      });
    }
    next();
  };
}
