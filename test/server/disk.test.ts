// A full or read-only disk under DATA_DIR: the error is logged and shown by /healthz, visitors keep
// getting feeds from memory, and the files already on disk stay intact. Uses a real tmpfs (root only).
import { execFileSync } from 'node:child_process';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LowAccountStore } from '../../server/accounts/account-store.js';
import { connectAccount } from '../helpers/connect.js';
import { startLive } from './helpers/live.js';
import { clusterRedisUrl } from './helpers/setup.js';

let mountPoint = '';
let mounted = false;
try {
  mountPoint = execFileSync('mktemp', ['-d', join(tmpdir(), 'igfeed-disk-XXXXXX')])
    .toString()
    .trim();
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=1m,mode=0700', 'tmpfs', mountPoint], { stdio: 'ignore' });
  mounted = true;
} catch {
  // Not root, or no mount in this sandbox: the test is skipped (it says so in the report).
}

let live: Awaited<ReturnType<typeof startLive>>;
beforeAll(async () => {
  if (!mounted) return;
  live = await startLive({}, { dataDir: mountPoint });
  await connectAccount(live.url, 'northshore.coffee');
}, 30_000);
afterAll(async () => {
  await live?.close();
  if (mounted) execFileSync('umount', [mountPoint]);
  if (mountPoint) await rm(mountPoint, { recursive: true, force: true });
});

const json = async (path: string, init?: RequestInit) => {
  const res = await fetch(`${live.url}${path}`, init);
  return { status: res.status, body: (await res.json()) as Record<string, any> };
};

// Cluster mode keeps accounts and copies in Redis, not under DATA_DIR: this is about embedded mode.
describe.skipIf(!mounted || clusterRedisUrl !== undefined)('a failing disk under DATA_DIR', () => {
  it('keeps serving from memory, reports the failure in /healthz and leaves the old files intact', async () => {
    const id = live.store.list()[0]!.id;
    expect((await json('/api/feeds/northshore.coffee')).status).toBe(200);
    const snapshotPath = join(mountPoint, 'feeds', `${id}.json`);
    const snapshotBefore = await readFile(snapshotPath, 'utf8');
    const dbBefore = await readFile(join(mountPoint, 'db.json'), 'utf8');

    // Fill the disk.
    await writeFile(join(mountPoint, 'ballast'), Buffer.alloc(2 * 1024 * 1024)).catch(() => undefined);

    const sync = await json(`/api/accounts/${id}/sync`, { method: 'POST' });
    expect(sync.status).toBe(200);
    const health = await json('/healthz');
    expect(health.status).toBe(200);
    expect(health.body.status).toBe('degraded');
    expect(health.body.store.lastWriteError.message).toMatch(/ENOSPC/);
    expect(health.body.feedSnapshots.lastWriteError.message).toMatch(/ENOSPC/);
    expect(live.logger.lines.join('\n')).toMatch(/ENOSPC/);

    const feed = await json('/api/feeds/northshore.coffee');
    expect(feed.status).toBe(200);
    expect(feed.body.stale).toBe(false);
    expect(feed.body.fetchedAt).toBe(sync.body.account.lastFetchAt);
    expect(await readFile(snapshotPath, 'utf8')).toBe(snapshotBefore);
    expect(await readFile(join(mountPoint, 'db.json'), 'utf8')).toBe(dbBefore);
    expect((await readdir(mountPoint)).concat(await readdir(join(mountPoint, 'feeds'))).filter(n => n.includes('.tmp-'))).toEqual([]);

    // Space comes back: the next write succeeds and health recovers.
    await rm(join(mountPoint, 'ballast'));
    expect((await json(`/api/accounts/${id}/sync`, { method: 'POST' })).status).toBe(200);
    expect((await json('/healthz')).body.status).toBe('ok');
    expect(await readFile(snapshotPath, 'utf8')).not.toBe(snapshotBefore);
  });

  it('survives a read-only DATA_DIR the same way', async () => {
    const id = live.store.list()[0]!.id;
    execFileSync('mount', ['-o', 'remount,ro', mountPoint]);
    try {
      expect((await json(`/api/accounts/${id}/sync`, { method: 'POST' })).status).toBe(200);
      const health = await json('/healthz');
      expect(health.body.status).toBe('degraded');
      expect(health.body.store.lastWriteError.message).toMatch(/EROFS/);
      expect((await json('/api/feeds/northshore.coffee')).status).toBe(200);
    } finally {
      execFileSync('mount', ['-o', 'remount,rw', mountPoint]);
    }
    // Everything on disk still opens with the key.
    const reopened = await LowAccountStore.open({ dataDir: mountPoint, key: live.config.tokenKey! });
    expect(reopened.getToken(id)).toBe(live.store.getToken(id));
  });
});
