import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import nock from 'nock';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { MAX_ATTEMPTS } from '../../server/mirror/registry.js';
import { ACCOUNT, CDN, cdnUrl, imagePost, localServer, makeImage, SIGNED_QUERY, testMirror, useCdnSandbox } from './mirror-helpers.js';

const sandbox = useCdnSandbox();
let jpeg: Buffer;
beforeAll(async () => {
  jpeg = await makeImage(400, 400);
});

const imageType = { 'content-type': 'image/jpeg' };

/** Schedules one post per URL; returns the logged failure reasons in order, and asserts nothing got mirrored. */
async function refusals(urls: string[], overrides: Parameters<typeof testMirror>[1] = {}): Promise<string[]> {
  const { mirror, logger } = testMirror(sandbox.dir(), overrides);
  const media = urls.map((url, i) => imagePost(String(9000 + i), url));
  expect(() => mirror.schedule(ACCOUNT, media)).not.toThrow();
  await mirror.idle();
  expect(mirror.decorate(ACCOUNT, media)).toEqual(media);
  const files = await readdir(join(sandbox.dir(), 'media', ACCOUNT)).catch(() => []);
  expect(files.filter(f => media.some(item => f.startsWith(`${item.id}-`)))).toEqual([]);
  for (const line of logger.lines) expect(line).not.toContain('SECRETSIGNATURE');
  expect(logger.lines).toHaveLength(urls.length);
  // Jobs run in parallel: report reasons in the order of the URLs.
  const reasonOf = (id: string) => logger.lines.find(line => line.includes(`"media":"${id}"`))?.match(/"reason":"(\w+)"/)?.[1];
  return media.map(item => reasonOf(item.id) ?? 'none');
}

describe('media mirror downloads', () => {
  describe('when the URL points elsewhere than the allow-list', () => {
    it('refuses other hosts, look-alikes, ports, credentials and schemes without any request', async () => {
      const reasons = await refusals([
        `https://evil.example.com/a.jpg?${SIGNED_QUERY}`,
        `https://scontent.cdninstagram.com.evil.example/a.jpg?${SIGNED_QUERY}`,
        `https://evilcdninstagram.com/a.jpg?${SIGNED_QUERY}`,
        `https://scontent.cdninstagram.com:8443/a.jpg?${SIGNED_QUERY}`,
        `https://user:pass@scontent.cdninstagram.com/a.jpg?${SIGNED_QUERY}`,
        'https://169.254.169.254/latest/meta-data/',
        'http://127.0.0.1:3001/cdn/a.jpg',
        'file:///etc/passwd',
        'not a url',
      ]);
      expect(reasons).toEqual([
        'host_not_allowed',
        'host_not_allowed',
        'host_not_allowed',
        'host_not_allowed',
        'bad_url',
        'host_not_allowed',
        'host_not_allowed',
        'insecure_scheme',
        'bad_url',
      ]);
    });

    it('refuses plain http to an allowed host unless that host is allowed http', async () => {
      expect(await refusals([`http://scontent.cdninstagram.com/a.jpg?${SIGNED_QUERY}`])).toEqual(['insecure_scheme']);
      const cdn = await localServer((_req, res) => res.writeHead(200, imageType).end(jpeg));
      try {
        const { mirror } = testMirror(sandbox.dir(), { allowedHosts: ['*.cdninstagram.com', cdn.host], allowHttpHosts: [cdn.host] });
        const post = imagePost('9100', `http://${cdn.host}/cdn/a.jpg?${SIGNED_QUERY}`);
        mirror.schedule(ACCOUNT, [post]);
        await mirror.idle();
        expect(mirror.decorate(ACCOUNT, [post])[0]).toMatchObject({ width: 400, height: 400 });
      } finally {
        await cdn.close();
      }
    });
  });

  describe('when the CDN redirects', () => {
    it('refuses a redirect to another host or to plain http', async () => {
      nock(CDN).get('/r1.jpg').query(true).reply(302, '', { location: 'https://evil.example.com/steal' });
      nock(CDN).get('/r2.jpg').query(true).reply(301, '', { location: 'http://169.254.169.254/latest/meta-data/' });
      nock(CDN).get('/r3.jpg').query(true).reply(307, '', { location: 'http://scontent.cdninstagram.com/r3.jpg' });
      expect(await refusals([cdnUrl('/r1.jpg'), cdnUrl('/r2.jpg'), cdnUrl('/r3.jpg')])).toEqual(['host_not_allowed', 'host_not_allowed', 'insecure_scheme']);
    });

    it('follows up to two redirects between allowed hosts, and no more', async () => {
      nock(CDN).get('/hop.jpg').query(true).reply(302, '', { location: 'https://scontent-fra5-1.cdninstagram.com/hop.jpg?x=1' });
      nock('https://scontent-fra5-1.cdninstagram.com').get('/hop.jpg').query(true).reply(302, '', { location: '/final.jpg' });
      nock('https://scontent-fra5-1.cdninstagram.com').get('/final.jpg').reply(200, jpeg, imageType);
      const { mirror } = testMirror(sandbox.dir());
      const post = imagePost('9200', cdnUrl('/hop.jpg'));
      mirror.schedule(ACCOUNT, [post]);
      await mirror.idle();
      expect(mirror.decorate(ACCOUNT, [post])[0]!.width).toBe(400);

      nock(CDN)
        .get('/loop.jpg')
        .times(3)
        .query(true)
        .reply(302, '', { location: `${CDN}/loop.jpg` });
      expect(await refusals([cdnUrl('/loop.jpg')])).toEqual(['too_many_redirects']);
    });
  });

  describe('when the body is not an acceptable image', () => {
    it('refuses HTML sent as image/jpeg, a wrong content type, an error status and a broken image', async () => {
      nock(CDN).get('/html.jpg').query(true).reply(200, '<!doctype html><html><body>login</body></html>', imageType);
      nock(CDN).get('/type.jpg').query(true).reply(200, jpeg, { 'content-type': 'text/html; charset=utf-8' });
      nock(CDN).get('/svg.jpg').query(true).reply(200, '<svg xmlns="http://www.w3.org/2000/svg"/>', { 'content-type': 'image/svg+xml' });
      nock(CDN).get('/expired.jpg').query(true).reply(403, 'URL signature expired', { 'content-type': 'text/plain' });
      nock(CDN)
        .get('/broken.jpg')
        .query(true)
        .reply(200, Buffer.concat([jpeg.subarray(0, 64), Buffer.alloc(2000, 0x41)]), imageType);
      const reasons = await refusals(['/html.jpg', '/type.jpg', '/svg.jpg', '/expired.jpg', '/broken.jpg'].map(p => cdnUrl(p)));
      expect(reasons).toEqual(['bad_magic', 'content_type', 'bad_magic', 'http_status', 'undecodable']);
    });

    it('refuses a decompression bomb: a small PNG declaring more pixels than the limit', async () => {
      const bomb = await sharp({ create: { width: 8000, height: 8000, channels: 3, background: '#ffffff' } })
        .png({ compressionLevel: 9 })
        .toBuffer();
      expect(bomb.length).toBeLessThan(1024 * 1024);
      nock(CDN).get('/bomb.png').query(true).reply(200, bomb, { 'content-type': 'image/png' });
      expect(await refusals([cdnUrl('/bomb.png')])).toEqual(['too_many_pixels']);
    });

    it('refuses a body over the cap, announced or not, and aborts the stream', async () => {
      nock(CDN)
        .get('/announced.jpg')
        .query(true)
        .reply(200, jpeg, { ...imageType, 'content-length': String(100 * 1024 * 1024) });
      expect(await refusals([cdnUrl('/announced.jpg')], { maxBytes: 64 * 1024 })).toEqual(['too_large']);

      let sent = 0;
      let closed!: () => void;
      const aborted = new Promise<void>(resolve => (closed = resolve));
      const endless = await localServer((_req, res) => {
        res.writeHead(200, imageType);
        const chunk = Buffer.concat([jpeg.subarray(0, 3), Buffer.alloc(16 * 1024 - 3)]);
        const pump = () => {
          while (!res.destroyed && sent < 1024 ** 3) {
            sent += chunk.length;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
        };
        res.on('close', closed);
        pump();
      });
      try {
        const options = { maxBytes: 64 * 1024, allowedHosts: [endless.host], allowHttpHosts: [endless.host] };
        expect(await refusals([`http://${endless.host}/endless.jpg`], options)).toEqual(['too_large']);
        await aborted;
        expect(sent).toBeLessThan(64 * 1024 * 1024);
      } finally {
        await endless.close();
      }
    });
  });

  describe('when the CDN is slow', () => {
    it('gives up on slow headers and on a stalled body', async () => {
      nock(CDN).get('/slow.jpg').query(true).delay(2000).reply(200, jpeg, imageType);
      const stalled = await localServer((_req, res) => {
        res.writeHead(200, imageType);
        res.write(jpeg.subarray(0, 100)); // ...and never the rest
      });
      try {
        const options = { timeoutMs: 200, allowedHosts: ['*.cdninstagram.com', stalled.host], allowHttpHosts: [stalled.host] };
        const started = Date.now();
        expect(await refusals([cdnUrl('/slow.jpg'), `http://${stalled.host}/stalled.jpg`], options)).toEqual(['timeout', 'timeout']);
        expect(Date.now() - started).toBeLessThan(1500);
      } finally {
        await stalled.close();
      }
    });
  });

  describe('when a download fails', () => {
    it('retries it at later schedules, at most MAX_ATTEMPTS times a day', async () => {
      const { mirror, logger, clock } = testMirror(sandbox.dir());
      const post = imagePost('9300', cdnUrl('/flaky.jpg'));
      const failing = nock(CDN).get('/flaky.jpg').query(true).times(MAX_ATTEMPTS).reply(503, 'busy');
      for (let i = 0; i < MAX_ATTEMPTS + 2; i++) {
        mirror.schedule(ACCOUNT, [post]);
        await mirror.idle();
        clock.now += 3600_000;
      }
      expect(failing.isDone()).toBe(true);
      expect(logger.lines.filter(line => line.includes('"reason":"http_status"'))).toHaveLength(MAX_ATTEMPTS);
      clock.now += 24 * 3600_000;
      nock(CDN).get('/flaky.jpg').query(true).reply(200, jpeg, imageType);
      mirror.schedule(ACCOUNT, [post]);
      await mirror.idle();
      expect(mirror.decorate(ACCOUNT, [post])[0]!.width).toBe(400);
    });

    it('does not retry a permanent refusal at the next schedule, and mirrors the rest of the batch', async () => {
      const { mirror, logger } = testMirror(sandbox.dir());
      nock(CDN).get('/html.jpg').query(true).once().reply(200, '<html></html>', imageType);
      nock(CDN).get('/good.jpg').query(true).reply(200, jpeg, imageType);
      const media = [imagePost('9400', cdnUrl('/html.jpg')), imagePost('9401', cdnUrl('/good.jpg'))];
      mirror.schedule(ACCOUNT, media);
      await mirror.idle();
      mirror.schedule(ACCOUNT, media);
      await mirror.idle();
      expect(logger.lines.filter(line => line.includes('bad_magic'))).toHaveLength(1);
      expect(logger.lines[0]).toContain(`"url":"${new URL(CDN).host}/html.jpg"`);
      const [bad, good] = mirror.decorate(ACCOUNT, media);
      expect(bad).toEqual(media[0]);
      expect(good!.width).toBe(400);
    });
  });
});
