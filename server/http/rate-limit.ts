// A fixed-window limiter per client address, so one client cannot starve the others. No timers:
// windows are replaced as requests arrive, and the table is swept when it grows large. IPv6 clients
// are counted per /56 (as express-rate-limit does): one subscriber usually gets a /56 or a /64 and
// can rotate through its addresses at will.
import { isIPv6 } from 'node:net';
import type { NextFunction, Request, Response } from 'express';
import { HttpError } from './http-error.js';

/**
 * The budget all instances share (cluster mode: cluster/shared-rate-limit.ts). Asked after each
 * local count without being waited for: the answer blocks the client here until `blockedForMs` ends.
 */
export interface SharedRateLimit {
  /** Counts one request of `client` cluster-wide; 0 while under the limit, else how long it is over. */
  consume(client: string): Promise<number>;
}

export interface RateLimitOptions {
  /** Requests per window per client; 0 turns the limiter off. */
  max: number;
  windowMs?: number;
  now?: () => number;
  shared?: SharedRateLimit;
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
  // Clients over the shared budget, until when: the fast path must decide without waiting for Redis.
  const blocked = new Map<string, number>();
  const share = (client: string, time: number) => {
    options.shared?.consume(client).then(
      ms => {
        if (ms > 0) blocked.set(client, time + ms);
        else blocked.delete(client);
      },
      () => undefined, // Redis unreachable: each instance's own count still limits
    );
  };

  const consume = (client: string, headers: Record<string, string | number>): boolean => {
    if (options.max <= 0) return false;
    const time = now();
    client = clientKey(client);
    let window = windows.get(client);
    if (!window || time - window.start >= windowMs) {
      if (windows.size >= MAX_CLIENTS) {
        for (const [key, w] of windows) if (time - w.start >= windowMs) windows.delete(key);
        for (const [key, until] of blocked) if (until <= time) blocked.delete(key);
        // Still full (a flood of distinct addresses within one window): drop the oldest tenth at once,
        // so the table stays bounded and the sweep does not run again for every new client.
        if (windows.size >= MAX_CLIENTS) {
          let excess = Math.ceil(MAX_CLIENTS / 10);
          for (const key of windows.keys()) {
            windows.delete(key);
            if (--excess === 0) break;
          }
        }
      }
      window = { start: time, count: 0 };
      windows.set(client, window);
    }
    window.count++;
    const blockedUntil = blocked.get(client) ?? 0;
    if (options.shared) share(client, time);
    const over = window.count > options.max || blockedUntil > time;
    headers['RateLimit-Limit'] = options.max;
    headers['RateLimit-Remaining'] = over ? 0 : Math.max(0, options.max - window.count);
    headers['RateLimit-Reset'] = Math.max(1, Math.ceil((Math.max(window.start + windowMs, blockedUntil) - time) / 1000));
    return over;
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

const IPV6_PREFIX_BITS = 56;
const MAX_CLIENTS = 100_000;

/** What the limiter counts by: an IPv4 address as is (also when IPv4-mapped), an IPv6 address's /56. */
export function clientKey(address: string): string {
  if (!address.includes(':')) return address;
  if (address.startsWith('::ffff:') && address.includes('.')) return address.slice(7);
  const groups = isIPv6(address) ? ipv6Groups(address) : undefined;
  if (!groups) return address;
  const kept = Math.floor(IPV6_PREFIX_BITS / 16);
  const prefix = groups.slice(0, kept);
  const partial = IPV6_PREFIX_BITS % 16;
  if (partial > 0) prefix.push(groups[kept]! & (0xffff << (16 - partial)) & 0xffff);
  return `${prefix.map(group => group.toString(16)).join(':')}::/${IPV6_PREFIX_BITS}`;
}

/** The eight 16-bit groups of a valid IPv6 address (`::` expanded, a trailing IPv4 part converted, a zone dropped). */
function ipv6Groups(address: string): number[] | undefined {
  let text = address.split('%')[0]!.toLowerCase();
  const v4 = /(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const zeros = tail === undefined ? [] : new Array<string>(8 - left.length - right.length).fill('0');
  const groups = [...left, ...zeros, ...right].map(group => parseInt(group, 16));
  return groups.length === 8 && groups.every(group => group >= 0 && group <= 0xffff) ? groups : undefined;
}
