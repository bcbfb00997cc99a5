// createAdminGuard called directly with fake requests (admin-guard.test.ts covers the HTTP side):
// the Host check, loopback-only access without a password, Basic auth with its lockout, and the
// Origin check on state-changing requests.
import type { Request, RequestHandler, Response } from 'express';
import { describe, expect, it } from 'vitest';
import { isLoopback } from '../../../server/config.js';
import { createAdminGuard } from '../../../server/http/admin-auth.js';
import { HttpError } from '../../../server/http/http-error.js';

const PUBLIC_URL = 'https://feed.example.com';
const PORT = 3000;
const PASSWORD = 'correct horse: battery';

interface FakeRequest {
  host?: string;
  origin?: string;
  authorization?: string;
  remoteAddress?: string;
  ip?: string;
  method?: string;
  headers?: Record<string, string>;
}

function fakeRequest(options: FakeRequest = {}): Request {
  const { host = 'feed.example.com', origin, authorization, remoteAddress = '127.0.0.1', method = 'GET' } = options;
  return {
    headers: { host, origin, authorization, ...options.headers },
    socket: { remoteAddress, localPort: PORT },
    ip: options.ip ?? remoteAddress,
    method,
  } as unknown as Request;
}

const basic = (password: string, user = 'admin') => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

/** 'next' when the middleware lets the request through, else the error it threw. */
function run(middleware: RequestHandler, req: Request): 'next' | 'stopped' | HttpError {
  let passed = false;
  try {
    void middleware(req, {} as Response, () => void (passed = true));
  } catch (error) {
    return error as HttpError;
  }
  return passed ? 'next' : 'stopped';
}

function setup(password?: string) {
  const clock = { now: Date.parse('2026-11-28T12:00:00Z') };
  const guard = createAdminGuard({ password, publicUrl: PUBLIC_URL, allowedHosts: ['admin.internal:8443'], now: () => clock.now });
  return { clock, guard, require: (req: FakeRequest) => run(guard.requireAdmin, fakeRequest(req)) };
}

describe('isLoopback', () => {
  it('should know 127.0.0.0/8 and ::1, also IPv4-mapped, and nothing else', () => {
    const loopback = ['127.0.0.1', '127.255.0.9', '::1', '::ffff:127.0.0.1'];
    const other = [undefined, '', '10.0.0.1', '::ffff:10.0.0.1', '128.0.0.1', '::2', 'localhost', '127.0.0.1.example'];
    expect(loopback.map(isLoopback)).toEqual(loopback.map(() => true));
    expect(other.map(isLoopback)).toEqual(other.map(() => false));
  });
});

describe('createAdminGuard', () => {
  describe('the Host check', () => {
    it("should accept PUBLIC_URL's host, ALLOWED_HOSTS and the loopback names on the server's port", () => {
      const { require } = setup();
      for (const host of ['feed.example.com', 'FEED.example.com', 'admin.internal:8443', 'localhost:3000', '127.0.0.1:3000', '[::1]:3000']) {
        expect(require({ host }), host).toBe('next');
      }
    });

    it('should refuse any other host with 403 host_not_allowed, even from loopback and with the password', () => {
      const { require } = setup(PASSWORD);
      for (const host of ['rebind.attacker.example', 'localhost', 'localhost:4000', 'admin.internal', 'feed.example.com@evil', '']) {
        expect(require({ host, authorization: basic(PASSWORD) }), host).toMatchObject({ status: 403, code: 'host_not_allowed' });
      }
    });
  });

  describe('without ADMIN_PASSWORD', () => {
    it('should admit loopback clients only, with 403 admin_only for the others', () => {
      const { require, guard } = setup();
      expect(require({ remoteAddress: '::1' })).toBe('next');
      expect(require({ remoteAddress: '192.0.2.10' })).toMatchObject({ status: 403, code: 'admin_only' });
      expect(guard.isAdmin(fakeRequest({ remoteAddress: '192.0.2.10' }))).toBe(false);
    });

    it('should not count a request that came through a proxy as loopback', () => {
      const { require } = setup();
      for (const header of ['forwarded', 'x-forwarded-for', 'x-real-ip']) {
        expect(require({ headers: { [header]: '192.0.2.10' } }), header).toMatchObject({ status: 403, code: 'admin_only' });
      }
    });
  });

  describe('with ADMIN_PASSWORD', () => {
    it('should ask for credentials with a 401 and WWW-Authenticate', () => {
      const error = setup(PASSWORD).require({ remoteAddress: '192.0.2.10' });
      expect(error).toBeInstanceOf(HttpError);
      expect(error).toMatchObject({ status: 401, code: 'unauthorized', headers: { 'www-authenticate': expect.stringContaining('Basic') } });
    });

    it('should admit the right password under any user name, from anywhere, and refuse a wrong one', () => {
      const { require, guard } = setup(PASSWORD);
      expect(require({ remoteAddress: '192.0.2.10', authorization: basic(PASSWORD, 'anyone') })).toBe('next');
      expect(guard.isAdmin(fakeRequest({ remoteAddress: '192.0.2.10', authorization: basic(PASSWORD, '') }))).toBe(true);
      expect(require({ remoteAddress: '192.0.2.10', authorization: basic('correct horse') })).toMatchObject({ status: 401 });
      expect(require({ remoteAddress: '192.0.2.10', authorization: 'Bearer whatever' })).toMatchObject({ status: 401 });
    });

    it('should lock an address after 10 failures, yet check the right password once a second', () => {
      const { clock, require } = setup(PASSWORD);
      const attempt = (password: string, ip = '192.0.2.10') => require({ ip, remoteAddress: '127.0.0.1', authorization: basic(password) });
      const codes = Array.from({ length: 10 }, () => (attempt('guess') as HttpError).code);
      expect(codes).toEqual([...Array(9).fill('unauthorized'), 'too_many_attempts']);
      expect(attempt(PASSWORD)).toMatchObject({ status: 429, headers: { 'retry-after': '1' } });
      expect(attempt('guess', '192.0.2.11')).toMatchObject({ status: 401 }); // counted per address
      clock.now += 1_000;
      expect(attempt(PASSWORD)).toBe('next');
      expect(attempt('guess')).toMatchObject({ status: 429 });
    });

    it('should forget failures 15 minutes after the first', () => {
      const { clock, require } = setup(PASSWORD);
      for (let i = 0; i < 10; i++) require({ remoteAddress: '192.0.2.10', authorization: basic('guess') });
      clock.now += 15 * 60_000 + 1;
      expect(require({ remoteAddress: '192.0.2.10', authorization: basic('guess') })).toMatchObject({ status: 401 });
    });
  });

  describe('sameOrigin', () => {
    const check = (req: FakeRequest) => run(setup().guard.sameOrigin, fakeRequest(req));

    it('should let reads, requests without Origin, and our own origins through', () => {
      expect(check({ method: 'GET', origin: 'https://evil.example' })).toBe('next');
      expect(check({ method: 'HEAD', origin: 'https://evil.example' })).toBe('next');
      expect(check({ method: 'POST' })).toBe('next');
      for (const origin of [PUBLIC_URL, 'http://localhost:3000', 'http://[::1]:3000', 'https://admin.internal:8443']) {
        expect(check({ method: 'POST', origin }), origin).toBe('next');
      }
    });

    it('should refuse any other Origin on a state-changing request with 403 cross_origin_refused', () => {
      for (const origin of ['https://evil.example', 'null', 'http://localhost:4000', 'https://feed.example.com/', 'file://', 'not a url']) {
        expect(check({ method: 'DELETE', origin }), origin).toMatchObject({ status: 403, code: 'cross_origin_refused' });
      }
    });
  });
});
