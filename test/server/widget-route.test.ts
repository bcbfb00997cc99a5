import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import express from 'express';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { widgetRouter } from '../../server/routes/widget.js';
import { tempDir } from './helpers/setup.js';

let dir: string;
let cleanup: () => Promise<void>;
let app: express.Express;
beforeAll(async () => {
  ({ dir, cleanup } = await tempDir());
  await mkdir(join(dir, 'dist'));
  await writeFile(join(dir, 'dist', 'instagram-feed.js'), 'export const x = 1;\n');
  await writeFile(join(dir, 'dist', 'instagram-feed.iife.js'), 'var InstagramFeed = {};\n');
  await writeFile(join(dir, 'dist', 'secret.txt'), 'nope');
  app = express().use(widgetRouter(join(dir, 'dist')));
});
afterAll(() => cleanup());

describe('GET /widget/*', () => {
  it('serves the ESM and IIFE builds as JavaScript to any origin, with ETag and an hour of caching', async () => {
    for (const file of ['instagram-feed.js', 'instagram-feed.iife.js']) {
      const res = await request(app).get(`/widget/${file}`).expect(200);
      expect(res.headers['content-type']).toBe('text/javascript; charset=utf-8');
      expect(res.headers['access-control-allow-origin']).toBe('*');
      expect(res.headers['cache-control']).toBe('public, max-age=3600');
      await request(app).get(`/widget/${file}`).set('If-None-Match', res.headers.etag).expect(304);
    }
  });

  it('serves nothing but scripts and maps', async () => {
    await request(app).get('/widget/secret.txt').expect(404);
    await request(app).get('/widget/..%2Fdist%2Fsecret.txt').expect(404);
    await request(app).get('/widget/').expect(404);
  });
});
