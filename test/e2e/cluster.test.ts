// Cluster mode end to end: three server processes on one Redis behind a round-robin proxy, Instagram
// played by the emulator. An OAuth dance that starts on one instance completes on another; 200
// concurrent cold requests spread over the instances cost one Instagram media call; a disconnect or
// a curation change made through one instance shows on every instance within a second.
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Feed } from '../../widget/contract.js';
import { connectAccount } from '../helpers/connect.js';
import { type Cluster, startCluster } from './cluster-stack.js';

let cluster: Cluster;
const control = (patch: Record<string, unknown>) =>
  fetch(`${cluster.emulator.url}/__control`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(patch) });
const mediaCalls = () => cluster.emulator.emulator.stats.calls['graph.media'] ?? 0;

beforeAll(async () => {
  cluster = await startCluster({ instances: 3 });
}, 120_000);
afterAll(async () => {
  await cluster?.stop();
});

/** Deletes the chunks and last-good copies the instances share (our keys only: `igf:` is the default prefix). */
async function forgetSharedCopies(): Promise<void> {
  const client = createClient({ url: cluster.redis.url });
  await client.connect();
  const keys = [...(await client.keys('igf:chunk:*')), 'igf:snapshots'];
  await client.del(keys);
  client.destroy();
}

/** Polls every instance directly until `check` holds on all of them; resolves with the time it took. */
async function onEveryInstance(check: (res: Response) => Promise<boolean>, path: string, withinMs: number): Promise<number> {
  const started = Date.now();
  const pending = new Set(cluster.instances.map(instance => instance.url));
  while (pending.size > 0) {
    for (const url of [...pending]) if (await check(await fetch(`${url}${path}`))) pending.delete(url);
    if (Date.now() - started > withinMs) throw new Error(`${path}: not on ${[...pending].join(', ')} within ${withinMs} ms`);
    if (pending.size > 0) await new Promise(r => setTimeout(r, 20));
  }
  return Date.now() - started;
}

describe('three instances on one Redis', () => {
  it('completes on one instance a connect that started on another', async () => {
    const first = cluster.served.length;
    const { location } = await connectAccount(cluster.url, 'northshore.coffee');
    expect(location).toBe('/?connected=northshore.coffee');
    const steps = cluster.served.slice(first);
    const started = steps.find(([what]) => what === 'GET /instagram/connect')![1];
    const completed = steps.find(([what]) => what === 'GET /instagram/callback')![1];
    expect(completed).not.toBe(started);
    for (const instance of cluster.instances) expect((await fetch(`${instance.url}/api/feeds/northshore.coffee`)).status).toBe(200);
  });

  it('makes exactly one media call for 200 concurrent cold requests spread over the instances', async () => {
    expect((await connectAccount(cluster.url, 'lena.travels')).location).toBe('/?connected=lena.travels');
    // Cold everywhere: every instance restarted, and the shared copies of its chunks gone from Redis.
    await Promise.all(cluster.instances.map(instance => cluster.kill(instance.index, 'SIGTERM')));
    await forgetSharedCopies();
    await Promise.all(cluster.instances.map(instance => cluster.start(instance.index)));
    await control({ latencyMs: 300 });
    const before = mediaCalls();
    const servedBefore = cluster.served.length;
    const answers = await Promise.all(Array.from({ length: 200 }, () => fetch(`${cluster.url}/api/feeds/lena.travels`)));
    await control({ latencyMs: 0 });
    expect(answers.map(res => res.status)).toEqual(Array(200).fill(200));
    const caches = answers.map(res => res.headers.get('x-cache'));
    expect(caches).toContain('miss');
    expect(caches).not.toContain('stale');
    expect(mediaCalls() - before).toBe(1);
    expect(new Set(cluster.served.slice(servedBefore).map(([, i]) => i)).size).toBe(3);
  }, 60_000);

  it('applies on every instance, within a second, curation set through one', async () => {
    const feed = (await (await fetch(`${cluster.url}/api/feeds/northshore.coffee?limit=3`)).json()) as Feed;
    const hidden = feed.media[0]!.id;
    for (const instance of cluster.instances) await fetch(`${instance.url}/api/feeds/northshore.coffee?limit=3`); // warm everywhere
    const put = await fetch(`${cluster.url}/api/accounts/northshore.coffee/curation`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ hidden: [hidden] }),
    });
    expect(put.status).toBe(200);
    const took = await onEveryInstance(
      async res => res.status === 200 && !((await res.json()) as Feed).media.some(m => m.id === hidden),
      '/api/feeds/northshore.coffee?limit=3',
      1_000,
    );
    expect(took).toBeLessThan(1_000);
  });

  it('answers 404 on every instance within a second of a disconnect through one', async () => {
    for (const instance of cluster.instances) expect((await fetch(`${instance.url}/api/feeds/northshore.coffee`)).status).toBe(200);
    expect((await fetch(`${cluster.url}/api/accounts/northshore.coffee`, { method: 'DELETE' })).status).toBe(200);
    const took = await onEveryInstance(async res => res.status === 404, '/api/feeds/northshore.coffee', 1_000);
    expect(took).toBeLessThan(1_000);
  });

  it('reports Redis and one leader in the admin /healthz of the instances', async () => {
    const views = await Promise.all(
      cluster.instances.map(async i => (await (await fetch(`${i.url}/healthz`)).json()) as { status: string; cluster: { redis: string; leader: boolean } }),
    );
    expect(views.map(view => [view.status, view.cluster.redis])).toEqual(Array(3).fill(['ok', 'up']));
    expect(views.filter(view => view.cluster.leader)).toHaveLength(1);
  });

  it('never writes a token, the client secret or a Graph paging URL to a log', () => {
    const logs = cluster.logs();
    expect(logs).not.toMatch(/access_token=|IGAA|IGQV/);
    expect(logs).not.toContain('3f9a1c7e52b04d8e96a1f0c4b7d2e815');
    expect(logs).toMatch(/is now the leader/);
  });
});
