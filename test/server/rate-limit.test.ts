import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { clientKey, rateLimit } from '../../server/http/rate-limit.js';
import { useApps } from './helpers/apps.js';

describe('clientKey', () => {
  it('counts IPv4 clients by address and IPv6 clients by their /56', () => {
    const table: [string, string][] = [
      ['203.0.113.7', '203.0.113.7'],
      ['::ffff:203.0.113.7', '203.0.113.7'],
      ['2001:db8:abcd:12ff:1:2:3:4', '2001:db8:abcd:1200::/56'],
      ['2001:db8:abcd:1234::1', '2001:db8:abcd:1200::/56'],
      ['2001:DB8:ABCD:12AB:ffff:ffff:ffff:ffff', '2001:db8:abcd:1200::/56'],
      ['2001:db8::1', '2001:db8:0:0::/56'],
      ['::1', '0:0:0:0::/56'],
      ['fe80::1%eth0', 'fe80:0:0:0::/56'],
      ['64:ff9b::192.0.2.33', '64:ff9b:0:0::/56'],
      ['unknown', 'unknown'],
    ];
    for (const [address, key] of table) expect(clientKey(address), address).toBe(key);
    expect(clientKey('2001:db8:abcd:1200::1')).toBe(clientKey('2001:db8:abcd:12ff:ffff::9'));
    expect(clientKey('2001:db8:abcd:1200::1')).not.toBe(clientKey('2001:db8:abcd:1300::1'));
  });

  it('makes a client that rotates through its /64s share one budget', () => {
    const limiter = rateLimit({ max: 3, now: () => 0 });
    const over = (client: string) => limiter.consume(client, {});
    expect([0, 1, 2].map(i => over(`2001:db8:1:5${i}0:${i}::1`))).toEqual([false, false, false]);
    expect(over('2001:db8:1:5ff:abcd::42')).toBe(true);
    // Another subscriber's /56 has its own budget.
    expect(over('2001:db8:1:600::1')).toBe(false);
  });
});

describe('the rate limit over HTTP', () => {
  const apps = useApps();

  it('answers the 6th request of one IPv6 /56 with a 429, whatever the address inside it', async () => {
    const ctx = await apps.build({ env: { RATE_LIMIT_PER_MINUTE: '5', TRUST_PROXY: 'loopback' } });
    for (let i = 0; i < 5; i++) {
      await request(ctx.app)
        .get('/api/feeds/nobody')
        .set('X-Forwarded-For', `2001:db8:77:${i}${i}::${i + 1}`)
        .expect(404);
    }
    const res = await request(ctx.app).get('/api/feeds/nobody').set('X-Forwarded-For', '2001:db8:77:ff:1234::9').expect(429);
    expect(res.body.error.code).toBe('rate_limited');
    await request(ctx.app).get('/api/feeds/nobody').set('X-Forwarded-For', '2001:db8:78::1').expect(404);
  });
});
