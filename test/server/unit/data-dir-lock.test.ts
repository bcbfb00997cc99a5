// The DATA_DIR lock on real files in a temp directory: a fresh lock, a live holder refused and named, a
// dead pid or a silent other host taken over, a racing takeover with exactly one winner, the heartbeat,
// and release removing only our own lock.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError, LOCK_FILE, type LockOptions, readLock } from '../../../server/runtime/data-dir-lock.js';
import { tempDir } from '../helpers/setup.js';

const T = Date.parse('2026-11-28T12:00:00Z');
let dir = '';
let cleanup: () => Promise<void> = async () => {};
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterEach(() => cleanup());

const lockPath = () => join(dir, LOCK_FILE);
const options = (overrides: Partial<LockOptions> = {}): LockOptions => ({
  dataDir: dir,
  role: 'server',
  adminUrl: 'http://127.0.0.1:3000',
  host: 'web1',
  pid: 1111,
  now: () => T,
  isAlive: () => true,
  ...overrides,
});

async function refused(promise: Promise<unknown>): Promise<DataDirLockedError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DataDirLockedError);
  return error as DataDirLockedError;
}

describe('acquireDataDirLock', () => {
  it('should create the lock with who holds it, and remove it on release', async () => {
    const nested = join(dir, 'data');
    const lock = await acquireDataDirLock(options({ dataDir: nested }));
    const record = JSON.parse(await readFile(join(nested, LOCK_FILE), 'utf8'));
    expect(record).toMatchObject({
      role: 'server',
      pid: 1111,
      host: 'web1',
      startedAt: '2026-11-28T12:00:00.000Z',
      heartbeatAt: '2026-11-28T12:00:00.000Z',
      adminUrl: 'http://127.0.0.1:3000',
    });
    expect(await readdir(nested)).toEqual([LOCK_FILE]);
    await lock.release();
    expect(await readdir(nested)).toEqual([]);
  });

  it('should refuse while a live process on this host holds it, naming the holder', async () => {
    const first = await acquireDataDirLock(options());
    const error = await refused(acquireDataDirLock(options({ pid: 2222, now: () => T + 3000 })));
    expect(error.holder).toMatchObject({ pid: 1111, host: 'web1' });
    expect(error.message).toContain(`DATA_DIR ${dir} is in use by the instagram-feed server (pid 1111 on host web1, since 2026-11-28T12:00:00.000Z`);
    expect(error.message).toContain('last heartbeat 3 s ago, admin API http://127.0.0.1:3000');
    expect(error.message).toContain('Stop that process first, or give this one its own DATA_DIR');
    expect((await readLock(lockPath()))?.nonce).toBe(first.record.nonce);
  });

  it('should take over a lock whose pid no longer exists on this host', async () => {
    await acquireDataDirLock(options());
    const second = await acquireDataDirLock(options({ pid: 2222, isAlive: pid => pid !== 1111 }));
    expect(await readLock(lockPath())).toMatchObject({ pid: 2222, nonce: second.record.nonce });
  });

  it('should take over a lock holding its own pid (a restarted container)', async () => {
    await acquireDataDirLock(options({ pid: 1 }));
    const again = await acquireDataDirLock(options({ pid: 1 }));
    expect((await readLock(lockPath()))?.nonce).toBe(again.record.nonce);
  });

  it('should take over a lock from another host whose heartbeat is older than 30 s', async () => {
    await acquireDataDirLock(options({ host: 'web2', now: () => T - 31_000 }));
    const mine = await acquireDataDirLock(options({ pid: 2222 }));
    expect(await readLock(lockPath())).toMatchObject({ host: 'web1', pid: 2222, nonce: mine.record.nonce });
  });

  it('should refuse a lock from another host with a fresh heartbeat, even if its pid is not alive here', async () => {
    await acquireDataDirLock(options({ host: 'web2', now: () => T - 5_000 }));
    const error = await refused(acquireDataDirLock(options({ pid: 2222, isAlive: () => false })));
    expect(error.message).toContain('pid 1111 on host web2');
  });

  it('should take over an unreadable lock', async () => {
    await writeFile(lockPath(), '');
    const lock = await acquireDataDirLock(options());
    expect((await readLock(lockPath()))?.nonce).toBe(lock.record.nonce);
  });

  it('should let exactly one of several racers take over a stale lock', async () => {
    for (let round = 0; round < 30; round++) {
      await writeFile(lockPath(), JSON.stringify({ role: 'server', pid: 9999, host: 'web1', startedAt: '', heartbeatAt: '', adminUrl: null, nonce: 'old' }));
      const alive = (pid: number) => pid !== 9999;
      // Staggered starts: a late racer must not remove the lock an early one has just created.
      const start = (pid: number) => new Promise(r => setTimeout(r, Math.random() * 4)).then(() => acquireDataDirLock(options({ pid, isAlive: alive })));
      const results = await Promise.allSettled([2001, 2002, 2003, 2004, 2005].map(start));
      const winners = results.filter(r => r.status === 'fulfilled');
      expect(winners).toHaveLength(1);
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(DataDirLockedError);
      const winner = (winners[0] as PromiseFulfilledResult<Awaited<ReturnType<typeof acquireDataDirLock>>>).value;
      expect((await readLock(lockPath()))?.nonce).toBe(winner.record.nonce);
      expect(await readdir(dir)).toEqual([LOCK_FILE]);
      await winner.release();
    }
  });

  it('should refuse when a racer took the stale lock over between our look and our takeover', async () => {
    await writeFile(lockPath(), JSON.stringify({ role: 'server', pid: 9999, host: 'web1', startedAt: '', heartbeatAt: '', adminUrl: null, nonce: 'old' }));
    const alive = (pid: number) => pid !== 9999;
    let first: Promise<unknown> = Promise.resolve();
    const late = acquireDataDirLock(
      options({
        pid: 2002,
        isAlive: alive,
        pause: async step => {
          if (step === 'stale') await (first = acquireDataDirLock(options({ pid: 2001, isAlive: alive })));
        },
      }),
    );
    expect((await refused(late)).holder.pid).toBe(2001);
    await first;
    expect(await readLock(lockPath())).toMatchObject({ pid: 2001 });
  });

  it('should keep others from taking over while one racer removes the stale lock', async () => {
    await writeFile(lockPath(), JSON.stringify({ role: 'server', pid: 9999, host: 'web1', startedAt: '', heartbeatAt: '', adminUrl: null, nonce: 'old' }));
    const alive = (pid: number) => pid !== 9999;
    let other: Promise<unknown> = Promise.resolve();
    const slow = acquireDataDirLock(
      options({
        pid: 2001,
        isAlive: alive,
        pause: async step => {
          if (step !== 'removing') return;
          other = acquireDataDirLock(options({ pid: 2002, isAlive: alive })).then(
            () => 'won',
            (e: unknown) => e,
          );
          await new Promise(r => setTimeout(r, 100));
        },
      }),
    );
    const winner = await slow;
    expect(await other).toBeInstanceOf(DataDirLockedError);
    expect((await readLock(lockPath()))?.nonce).toBe(winner.record.nonce);
  });

  it('should remove only its own lock on release', async () => {
    const lock = await acquireDataDirLock(options());
    const successor = { ...(await readLock(lockPath())), pid: 2222, nonce: 'successor' };
    await writeFile(lockPath(), JSON.stringify(successor));
    await lock.release();
    expect(await readLock(lockPath())).toMatchObject({ pid: 2222, nonce: 'successor' });
  });

  it('should refresh the heartbeat, and report a lock taken over by another process', async () => {
    let time = T;
    let lostTo: unknown;
    const lock = await acquireDataDirLock(options({ now: () => time, heartbeatMs: 200, onLost: holder => (lostTo = holder) }));
    time = T + 5_000;
    // Replaced right after a beat, not in the middle of one (a beat reads, then writes).
    await expect.poll(async () => (await readLock(lockPath()))?.heartbeatAt, { interval: 5 }).toBe('2026-11-28T12:00:05.000Z');
    await writeFile(lockPath(), JSON.stringify({ ...lock.record, pid: 2222, nonce: 'successor' }));
    await expect.poll(() => lostTo, { interval: 20 }).toMatchObject({ pid: 2222 });
    await lock.release();
    expect(await readLock(lockPath())).toMatchObject({ nonce: 'successor' });
  });
});
