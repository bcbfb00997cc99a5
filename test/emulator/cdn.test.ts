import { readdirSync, statSync } from 'node:fs';
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { MEDIA_DIR } from '../../demo/emulator/cdn.js';
import { DAY_MS, HOUR_MS } from '../../demo/emulator/app.js';
import { longToken, makeEmulator, pathOf } from './helpers.js';

async function mediaUrls(ctx: ReturnType<typeof makeEmulator>) {
  const token = longToken(ctx.emulator);
  const res = await request(ctx.app).get('/me/media').query({ access_token: token, fields: 'media_type,media_url,thumbnail_url', limit: 100 }).expect(200);
  const data = res.body.data as { media_type: string; media_url?: string; thumbnail_url?: string }[];
  return {
    image: data.find(m => m.media_type === 'IMAGE')!.media_url!,
    video: data.find(m => m.media_type === 'VIDEO' && m.media_url)!.media_url!,
    poster: data.find(m => m.media_type === 'VIDEO')!.thumbnail_url!,
  };
}

describe('emulator CDN', () => {
  it('should serve images and videos with type and length', async () => {
    const ctx = makeEmulator();
    const { image, video, poster } = await mediaUrls(ctx);
    expect(new URL(image).searchParams.get('_nc_ht')).toBe('scontent.cdninstagram.com');
    const jpeg = await request(ctx.app).get(pathOf(image)).expect(200);
    expect(jpeg.headers['content-type']).toBe('image/jpeg');
    expect(Number(jpeg.headers['content-length'])).toBeGreaterThan(1000);
    expect((jpeg.body as Buffer).subarray(0, 2).toString('hex')).toBe('ffd8');
    await request(ctx.app).get(pathOf(poster)).expect(200).expect('content-type', 'image/jpeg');
    const mp4 = await request(ctx.app).get(pathOf(video)).expect(200);
    expect(mp4.headers['content-type']).toBe('video/mp4');
    expect(mp4.headers['accept-ranges']).toBe('bytes');
  });

  it('should answer Range requests for videos', async () => {
    const ctx = makeEmulator();
    const { video } = await mediaUrls(ctx);
    const res = await request(ctx.app).get(pathOf(video)).set('Range', 'bytes=0-99').expect(206);
    expect(res.headers['content-range']).toMatch(/^bytes 0-99\/\d+$/);
    expect(res.headers['content-length']).toBe('100');
  });

  it('should answer 403 "URL signature expired" once oe has passed', async () => {
    const ctx = makeEmulator();
    const { image } = await mediaUrls(ctx);
    const oe = parseInt(new URL(image).searchParams.get('oe')!, 16);
    expect(oe * 1000).toBeGreaterThan(ctx.emulator.now() + 3 * DAY_MS);
    ctx.advance(oe * 1000 - ctx.emulator.now() - 1000);
    await request(ctx.app).get(pathOf(image)).expect(200);
    ctx.advance(1000);
    const res = await request(ctx.app).get(pathOf(image)).expect(403);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.text).toBe('URL signature expired');
  });

  it('should follow cdnTtlSeconds and hand out identical URLs within a window', async () => {
    const ctx = makeEmulator();
    ctx.emulator.setControl({ cdnTtlSeconds: 60 });
    const first = await mediaUrls(ctx);
    expect(await mediaUrls(ctx)).toEqual(first);
    ctx.advance(61_000);
    await request(ctx.app).get(pathOf(first.image)).expect(403, 'URL signature expired');
    const fresh = await mediaUrls(ctx);
    expect(fresh.image).not.toBe(first.image);
    await request(ctx.app).get(pathOf(fresh.image)).expect(200);
  });

  it('should refuse tampered signatures, missing expiries and unknown files', async () => {
    const ctx = makeEmulator();
    const { image } = await mediaUrls(ctx);
    const url = new URL(image);
    const oe = url.searchParams.get('oe')!;
    url.searchParams.set('oe', (parseInt(oe, 16) + HOUR_MS).toString(16));
    await request(ctx.app).get(pathOf(url.href)).expect(403, 'URL signature mismatch');
    url.searchParams.delete('oe');
    await request(ctx.app).get(pathOf(url.href)).expect(403, 'Bad URL timestamp');
    await request(ctx.app).get('/cdn/v/t51.2885-15/nope.jpg?oe=FFFFFFFF&oh=00').expect(404);
    await request(ctx.app).get('/cdn/v/t51.2885-15/../generate.sh').expect(404);
  });

  it('should count CDN calls', async () => {
    const ctx = makeEmulator();
    const { image } = await mediaUrls(ctx);
    await request(ctx.app).get(pathOf(image));
    await request(ctx.app).head(pathOf(image));
    expect(ctx.emulator.stats.calls.cdn).toBe(2);
  });

  it('should keep the committed media small', () => {
    const files = readdirSync(MEDIA_DIR).filter(f => /\.(jpg|mp4)$/.test(f));
    const total = files.reduce((sum, f) => sum + statSync(`${MEDIA_DIR}/${f}`).size, 0);
    expect(files.filter(f => f.endsWith('.mp4')).length).toBeGreaterThanOrEqual(1);
    expect(total).toBeLessThan(800 * 1024);
  });
});
