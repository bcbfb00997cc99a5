import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import express, { type ErrorRequestHandler } from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HttpError } from '../../server/http/http-error.js';
import { mediaRouter } from '../../server/routes/media.js';
import { tempDir } from './helpers/setup.js';
import { fakeMp4, makeImage } from './mirror-helpers.js';

let dir: string;
let cleanup: () => Promise<void>;
let app: express.Express;
let jpeg: Buffer;
const video = fakeMp4(10_000);

// What server/app.ts does for HttpError and unknown routes, kept local because app.ts is in flux.
const errorHandler: ErrorRequestHandler = (error, _req, res, _next) => {
  const [status, code, message] = error instanceof HttpError ? [error.status, error.code, error.message] : [500, 'internal_error', 'Something went wrong.'];
  if (error instanceof HttpError) for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
  res.status(status).json({ error: { code, message } });
};

beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  jpeg = await makeImage(320, 400);
  await mkdir(join(dir, 'media', '1784'), { recursive: true });
  await writeFile(join(dir, 'media', '1784', '1001-abcdef12-320.jpg'), jpeg);
  await writeFile(join(dir, 'media', '1784', '1001-abcdef12-320.webp'), 'RIFF....WEBP');
  await writeFile(join(dir, 'media', '1784', '1002-abcdef12.mp4'), video);
  await writeFile(join(dir, 'media', '1784', 'manifest.json'), '{}');
  await writeFile(join(dir, 'secret.key'), 'top secret');
  await writeFile(join(dir, 'media', 'db.json'), '{}');
  app = express()
    .use(mediaRouter({ dir: join(dir, 'media') }))
    .use((_req, res) => void res.status(404).json({ error: { code: 'not_found', message: 'No such route.' } }))
    .use(errorHandler);
});
afterAll(() => cleanup());

const notFound = (res: request.Response) => {
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.body).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
};

describe('GET /media/:account/:file', () => {
  describe('for a mirrored image', () => {
    it('serves it to any origin with its type, an ETag and a year of immutable caching', async () => {
      const res = await request(app).get('/media/1784/1001-abcdef12-320.jpg').expect(200);
      expect(res.headers['content-type']).toBe('image/jpeg');
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(res.headers['cross-origin-resource-policy']).toBe('cross-origin');
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers.etag).toBeTruthy();
      expect(Buffer.compare(res.body as Buffer, jpeg)).toBe(0);
      await request(app).get('/media/1784/1001-abcdef12-320.jpg').set('If-None-Match', res.headers.etag!).expect(304);
      const webp = await request(app).get('/media/1784/1001-abcdef12-320.webp').expect(200);
      expect(webp.headers['content-type']).toBe('image/webp');
    });
  });

  describe('for a mirrored video', () => {
    it('answers Range requests with 206 and the requested bytes', async () => {
      const full = await request(app).get('/media/1784/1002-abcdef12.mp4').expect(200);
      expect(full.headers['content-type']).toBe('video/mp4');
      expect(full.headers['accept-ranges']).toBe('bytes');
      const res = await request(app).get('/media/1784/1002-abcdef12.mp4').set('Range', 'bytes=0-99').expect(206);
      expect(res.headers['content-range']).toBe(`bytes 0-99/${video.length}`);
      expect(res.headers['content-length']).toBe('100');
      expect(res.headers['access-control-allow-origin']).toBe('*');
      const tail = await request(app).get('/media/1784/1002-abcdef12.mp4').set('Range', 'bytes=9990-').expect(206);
      expect(Buffer.compare(tail.body as Buffer, video.subarray(9990))).toBe(0);
      const outside = await request(app).get('/media/1784/1002-abcdef12.mp4').set('Range', 'bytes=20000-').expect(416);
      expect(outside.headers['content-range']).toBe(`bytes */${video.length}`);
      expect(outside.body.error.code).toBe('range_not_satisfiable');
      expect(outside.headers['content-type']).toMatch(/^application\/json/);
      expect(outside.headers['cache-control']).toBeUndefined();
    });
  });

  describe('for anything else', () => {
    it('responds 404 with error code for unknown files and accounts', async () => {
      notFound(await request(app).get('/media/1784/1001-abcdef12-640.jpg').expect(404));
      notFound(await request(app).get('/media/9999/1001-abcdef12-320.jpg').expect(404));
    });

    it('responds 404 for names outside the strict pattern: the manifest, other types, bad accounts', async () => {
      for (const path of [
        '/media/1784/manifest.json',
        '/media/1784/1001-abcdef12-320.png',
        '/media/1784/.1001.jpg',
        '/media/abc/1001-abcdef12-320.jpg',
        '/media/1784/1001.abcdef12.jpg',
      ]) {
        notFound(await request(app).get(path).expect(404));
      }
    });

    it('never leaves the media directory: encoded traversal, NUL bytes and absolute paths', async () => {
      const attempts = [
        '/media/1784/..%2F..%2Fsecret.key',
        '/media/1784/..%2Fdb.json',
        '/media/1784/%2e%2e%2f%2e%2e%2fsecret.key',
        '/media/..%2F1784/1001-abcdef12-320.jpg',
        '/media/1784/1001-abcdef12-320.jpg%00.png',
        '/media/1784/%00',
        '/media/1784/%2Fetc%2Fpasswd',
        '/media/1784//etc/passwd',
        '/media/1784/..\\..\\secret.key',
        '/media/1784/%5C..%5Csecret.key',
        '/media/1784/../../secret.key',
      ];
      for (const path of attempts) {
        const res = await request(app).get(path);
        expect([path, res.status]).toEqual([path, 404]);
        notFound(res);
        expect(res.text).not.toContain('top secret');
      }
    });
  });
});
