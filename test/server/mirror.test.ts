import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import nock from 'nock';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Manifest } from '../../server/mirror/manifest.js';
import {
  ACCOUNT,
  carouselPost,
  CDN,
  cdnUrl,
  fakeMp4,
  imageChild,
  imagePost,
  makeImage,
  PUBLIC_URL,
  testMirror,
  useCdnSandbox,
  VIDEO_CDN,
  videoChild,
  videoPost,
} from './mirror-helpers.js';

const sandbox = useCdnSandbox();
let big: Buffer;
let small: Buffer;
beforeAll(async () => {
  big = await makeImage(1080, 1350);
  small = await makeImage(500, 400, 'png');
});

const jpeg = { 'content-type': 'image/jpeg' };
const mediaDir = () => join(sandbox.dir(), 'media', ACCOUNT);
const manifest = async (): Promise<Manifest> => JSON.parse(await readFile(join(mediaDir(), 'manifest.json'), 'utf8'));

describe('createMediaMirror', () => {
  describe('when an image post is scheduled', () => {
    it('writes WebP and JPEG variants at 320, 640 and 1080 px named by media id and content hash', async () => {
      const scope = nock(CDN).get('/v/t51.2885-15/big.jpg').query(true).once().reply(200, big, jpeg);
      const { mirror } = testMirror(sandbox.dir());
      mirror.schedule(ACCOUNT, [imagePost('1001', cdnUrl('/v/t51.2885-15/big.jpg'))]);
      await mirror.idle();
      expect(scope.isDone()).toBe(true);
      const files = (await readdir(mediaDir())).sort();
      const hash = files.map(f => /^1001-([0-9a-f]{8})-320\.jpg$/.exec(f)?.[1]).find(Boolean);
      expect(hash).toBeDefined();
      expect(files).toEqual(
        ['320.jpg', '320.webp', '640.jpg', '640.webp', '1080.jpg', '1080.webp']
          .map(s => `1001-${hash}-${s}`)
          .concat('manifest.json')
          .sort(),
      );
      for (const width of [320, 640, 1080]) {
        const webp = await sharp(join(mediaDir(), `1001-${hash}-${width}.webp`)).metadata();
        const jpg = await sharp(join(mediaDir(), `1001-${hash}-${width}.jpg`)).metadata();
        expect([webp.format, webp.width, webp.height]).toEqual(['webp', width, Math.round((width * 1350) / 1080)]);
        expect([jpg.format, jpg.width]).toEqual(['jpeg', width]);
      }
      const entry = (await manifest()).entries['1001:image'];
      expect(entry).toMatchObject({ kind: 'image', hash, width: 1080, height: 1350 });
    });

    it('decorates the post with size, color, placeholder and sources on the public URL', async () => {
      nock(CDN).get('/v/t51.2885-15/big.jpg').query(true).reply(200, big, jpeg);
      const { mirror } = testMirror(sandbox.dir());
      const post = imagePost('1001', cdnUrl('/v/t51.2885-15/big.jpg'));
      const before = mirror.version;
      mirror.schedule(ACCOUNT, [post]);
      await mirror.idle();
      expect(mirror.version).toBeGreaterThan(before);
      const [decorated] = mirror.decorate(ACCOUNT, [post]);
      const base = `${PUBLIC_URL}/media/${ACCOUNT}/`;
      expect(decorated).toMatchObject({ id: '1001', width: 1080, height: 1350, caption: post.caption, permalink: post.permalink });
      // The background is #c0392b; the dominant-color histogram lands near it.
      expect(decorated!.color).toMatch(/^#[0-9a-f]{6}$/);
      const [r, g, b] = [1, 3, 5].map(i => parseInt(decorated!.color!.slice(i, i + 2), 16));
      expect(r).toBeGreaterThan(150);
      expect(g! + b!).toBeLessThan(200);
      expect(decorated!.placeholder).toMatch(/^data:image\/webp;base64,[\w+/=]+$/);
      expect(decorated!.placeholder!.length).toBeLessThan(600);
      expect(decorated!.sources!.map(s => [s.type, s.width, s.height])).toEqual([
        ['image/webp', 320, 400],
        ['image/webp', 640, 800],
        ['image/webp', 1080, 1350],
        ['image/jpeg', 320, 400],
        ['image/jpeg', 640, 800],
        ['image/jpeg', 1080, 1350],
      ]);
      for (const source of decorated!.sources!) expect(source.url).toMatch(new RegExp(`^${base}1001-[0-9a-f]{8}-\\d+\\.(webp|jpg)$`));
      // Old clients that only read mediaUrl/thumbnailUrl stop hitting Instagram too.
      expect(decorated!.mediaUrl).toBe(decorated!.sources![5]!.url);
      expect(decorated!.thumbnailUrl).toBe(decorated!.sources![5]!.url);
      expect(post.sources).toBeUndefined(); // the input is not mutated
    });

    it('never upscales: a 500 px image gets 320 px and its own width, nothing larger', async () => {
      nock(CDN).get('/small.png').query(true).reply(200, small, { 'content-type': 'image/png' });
      const { mirror } = testMirror(sandbox.dir());
      mirror.schedule(ACCOUNT, [imagePost('1002', cdnUrl('/small.png'))]);
      await mirror.idle();
      const [decorated] = mirror.decorate(ACCOUNT, [imagePost('1002', cdnUrl('/small.png'))]);
      expect(decorated).toMatchObject({ width: 500, height: 400 });
      expect(decorated!.sources!.map(s => `${s.type} ${s.width}x${s.height}`)).toEqual([
        'image/webp 320x256',
        'image/webp 500x400',
        'image/jpeg 320x256',
        'image/jpeg 500x400',
      ]);
    });

    it('makes a single variant at the original width when the image is narrower than 320 px', async () => {
      nock(CDN)
        .get('/tiny.webp')
        .query(true)
        .reply(200, await makeImage(200, 300, 'webp'), { 'content-type': 'image/webp' });
      const { mirror } = testMirror(sandbox.dir());
      mirror.schedule(ACCOUNT, [imagePost('1003', cdnUrl('/tiny.webp'))]);
      await mirror.idle();
      const [decorated] = mirror.decorate(ACCOUNT, [imagePost('1003', cdnUrl('/tiny.webp'))]);
      expect(decorated!.sources!.map(s => `${s.type} ${s.width}`)).toEqual(['image/webp 200', 'image/jpeg 200']);
    });

    it('applies EXIF orientation before measuring and resizing', async () => {
      const rotated = await sharp(await makeImage(800, 400))
        .withMetadata({ orientation: 6 })
        .jpeg()
        .toBuffer();
      nock(CDN).get('/rotated.jpg').query(true).reply(200, rotated, jpeg);
      const { mirror } = testMirror(sandbox.dir());
      mirror.schedule(ACCOUNT, [imagePost('1004', cdnUrl('/rotated.jpg'))]);
      await mirror.idle();
      const [decorated] = mirror.decorate(ACCOUNT, [imagePost('1004', cdnUrl('/rotated.jpg'))]);
      expect(decorated).toMatchObject({ width: 400, height: 800 });
      expect(decorated!.sources!.find(s => s.type === 'image/jpeg' && s.width === 320)!.height).toBe(640);
    });

    it('downloads each image once however often it is scheduled', async () => {
      const scope = nock(CDN).get('/once.jpg').query(true).once().reply(200, big, jpeg);
      const { mirror } = testMirror(sandbox.dir());
      const post = imagePost('1005', cdnUrl('/once.jpg'));
      mirror.schedule(ACCOUNT, [post]);
      mirror.schedule(ACCOUNT, [post]);
      await mirror.idle();
      mirror.schedule(ACCOUNT, [post]);
      await mirror.idle();
      expect(scope.isDone()).toBe(true);
      expect(mirror.decorate(ACCOUNT, [post])[0]!.width).toBe(1080);
    });
  });

  describe('when posts are not mirrored (yet)', () => {
    it('returns them unchanged, exactly what MEDIA_MODE=direct serves', async () => {
      nock(CDN).get('/later.jpg').query(true).reply(500, 'oops');
      const { mirror } = testMirror(sandbox.dir());
      const media = [imagePost('2001', cdnUrl('/later.jpg')), videoPost('2002', null, null), carouselPost('2003', [imageChild('2004', cdnUrl('/c.jpg'))])];
      const snapshot = structuredClone(media);
      expect(mirror.decorate(ACCOUNT, media)).toEqual(snapshot);
      mirror.schedule(ACCOUNT, media.slice(0, 1));
      await mirror.idle();
      const decorated = mirror.decorate(ACCOUNT, media);
      expect(decorated).toEqual(snapshot);
      for (const key of ['width', 'height', 'color', 'placeholder', 'sources']) expect(decorated[0]).not.toHaveProperty(key);
      expect(mirror.decorate('999', media)).toEqual(snapshot);
    });
  });

  describe('videos, reels and carousels', () => {
    it('mirrors posters and points thumbnailUrl at them, keeping Instagram video URLs by default', async () => {
      const scope = nock(CDN).get('/poster.jpg').query(true).reply(200, big, jpeg);
      const { mirror } = testMirror(sandbox.dir());
      const reel = videoPost('3001', cdnUrl('/poster.jpg'), cdnUrl('/o1/reel.mp4', VIDEO_CDN), 'reel');
      mirror.schedule(ACCOUNT, [reel]);
      await mirror.idle();
      expect(scope.isDone()).toBe(true);
      const [decorated] = mirror.decorate(ACCOUNT, [reel]);
      expect(decorated).toMatchObject({ width: 1080, height: 1350, mediaUrl: reel.mediaUrl });
      expect(decorated!.thumbnailUrl).toMatch(new RegExp(`^${PUBLIC_URL}/media/${ACCOUNT}/3001-[0-9a-f]{8}-1080\\.jpg$`));
    });

    it('with mirrorVideos, also serves the mp4 from our server', async () => {
      nock(CDN).get('/poster.jpg').query(true).reply(200, big, jpeg);
      nock(VIDEO_CDN).get('/o1/video.mp4').query(true).reply(200, fakeMp4(), { 'content-type': 'video/mp4' });
      const { mirror } = testMirror(sandbox.dir(), { mirrorVideos: true });
      const video = videoPost('3002', cdnUrl('/poster.jpg'), cdnUrl('/o1/video.mp4', VIDEO_CDN));
      mirror.schedule(ACCOUNT, [video]);
      await mirror.idle();
      const [decorated] = mirror.decorate(ACCOUNT, [video]);
      expect(decorated!.mediaUrl).toMatch(new RegExp(`^${PUBLIC_URL}/media/${ACCOUNT}/3002-[0-9a-f]{8}\\.mp4$`));
      const file = decorated!.mediaUrl!.split('/').pop()!;
      expect(await readFile(join(mediaDir(), file))).toEqual(fakeMp4());
    });

    it('refuses a video that is not MP4 by content type or by its first bytes', async () => {
      nock(VIDEO_CDN).get('/o1/a.mp4').query(true).reply(200, fakeMp4(), { 'content-type': 'text/html' });
      nock(VIDEO_CDN).get('/o1/b.mp4').query(true).reply(200, Buffer.alloc(4096, 1), { 'content-type': 'video/mp4' });
      const { mirror, logger } = testMirror(sandbox.dir(), { mirrorVideos: true });
      const media = [videoPost('3003', null, cdnUrl('/o1/a.mp4', VIDEO_CDN)), videoPost('3004', null, cdnUrl('/o1/b.mp4', VIDEO_CDN))];
      mirror.schedule(ACCOUNT, media);
      await mirror.idle();
      expect(mirror.decorate(ACCOUNT, media)).toEqual(media);
      expect(logger.lines.join('\n')).toMatch(/"reason":"content_type"[\s\S]*"reason":"bad_magic"|"reason":"bad_magic"[\s\S]*"reason":"content_type"/);
    });

    it("mirrors carousel children and gives the album its first child's image", async () => {
      nock(CDN).get('/c1.jpg').query(true).reply(200, big, jpeg).get('/c2.jpg').query(true).reply(200, small, { 'content-type': 'image/png' });
      nock(CDN).get('/c3.jpg').query(true).reply(200, small, { 'content-type': 'image/png' });
      const { mirror } = testMirror(sandbox.dir());
      const album = carouselPost('4001', [
        imageChild('4002', cdnUrl('/c1.jpg')),
        imageChild('4003', cdnUrl('/c2.jpg')),
        videoChild('4004', cdnUrl('/c3.jpg'), cdnUrl('/v.mp4')),
      ]);
      mirror.schedule(ACCOUNT, [album]);
      await mirror.idle();
      const [decorated] = mirror.decorate(ACCOUNT, [album]);
      const [first, second, third] = decorated!.children;
      expect(first).toMatchObject({ width: 1080, height: 1350 });
      expect(second).toMatchObject({ width: 500, height: 400 });
      expect(third).toMatchObject({ width: 500, mediaUrl: cdnUrl('/v.mp4') });
      expect(third!.thumbnailUrl).toMatch(/\/4004-[0-9a-f]{8}-500\.jpg$/);
      expect(decorated).toMatchObject({ width: 1080, height: 1350, mediaUrl: first!.mediaUrl, thumbnailUrl: first!.thumbnailUrl, sources: first!.sources });
      expect(Object.keys((await manifest()).entries).sort()).toEqual(['4002:image', '4003:image', '4004:poster']);
    });
  });

  describe('after a restart', () => {
    it('decorates from the manifest on disk without downloading again', async () => {
      const scope = nock(CDN).get('/keep.jpg').query(true).once().reply(200, big, jpeg);
      const post = imagePost('5001', cdnUrl('/keep.jpg'));
      const first = testMirror(sandbox.dir()).mirror;
      first.schedule(ACCOUNT, [post]);
      await first.idle();
      const second = testMirror(sandbox.dir()).mirror;
      await second.idle();
      expect(second.decorate(ACCOUNT, [post])).toEqual(first.decorate(ACCOUNT, [post]));
      second.schedule(ACCOUNT, [post]);
      await second.idle();
      expect(scope.isDone()).toBe(true);
    });
  });
});
