// GET /readyz: whether a load balancer should send traffic here, from the Readiness that main.ts moves
// through starting, ready and draining.
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { Readiness } from '../../server/runtime/readiness.js';
import type { buildApp } from './helpers/setup.js';
import { useApps } from './helpers/apps.js';

const apps = useApps();

async function readyz(app: Awaited<ReturnType<typeof buildApp>>['app'], status: number, body: string) {
  // A visitor's request through a proxy, on a Host the admin surface refuses: readiness is public.
  const res = await request(app).get('/readyz').set('Host', 'cdn.example.org').set('X-Forwarded-For', '203.0.113.1').expect(status);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.headers['cache-control']).toBe('no-store');
  expect(res.text).toBe(body);
}

describe('GET /readyz', () => {
  it('answers 503 starting, then 200 ready, then 503 draining, and never goes back', async () => {
    const readiness = new Readiness();
    const ctx = await apps.build({ readiness });
    await readyz(ctx.app, 503, '{"status":"starting"}');
    readiness.ready();
    await readyz(ctx.app, 200, '{"status":"ready"}');
    readiness.drain();
    await readyz(ctx.app, 503, '{"status":"draining"}');
    readiness.ready();
    await readyz(ctx.app, 503, '{"status":"draining"}');
  });

  it('answers ready when the app was built without a readiness state', async () => {
    const ctx = await apps.build();
    await readyz(ctx.app, 200, '{"status":"ready"}');
  });
});
