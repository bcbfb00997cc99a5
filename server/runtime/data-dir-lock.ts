// One writer per DATA_DIR. The holder keeps `DATA_DIR/server.lock`: who it is (role, pid, host, start
// time), a heartbeat it refreshes every few seconds, and the loopback URL of its admin API, so that
// `npm run refresh-tokens` can work through a running server instead of writing the files itself.
//
// - Creation is atomic and complete: the record is written to a private temp file which is then
//   hard-linked to `server.lock`; `link` fails with EEXIST when a lock exists, so a reader never sees a
//   half-written lock.
// - A lock is stale when its pid no longer exists on this host (or is our own pid: a restarted container),
//   or, for a holder on another host, when its heartbeat is older than STALE_AFTER_MS.
// - Taking over a stale lock happens under a guard file (`server.lock.takeover`, created with `wx`): only
//   the guard's holder removes the stale lock, so a racer can never remove a lock that another racer has
//   just created. Both racers then try to create; the loser finds a live holder and refuses. A guard left
//   by a crash in that millisecond window is removed once it is GUARD_STALE_MS old.
// - The heartbeat replaces the file atomically and only while it is still ours; release removes it only if
//   it is still ours. A holder that finds its lock taken (it froze for longer than STALE_AFTER_MS) calls
//   `onLost`.
import { randomBytes } from 'node:crypto';
import { link, open, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { ensurePrivateDir, writeFileAtomic } from './atomic-file.js';
import { DataDirLockedError, type LockRecord, pidAlive, readLock, STALE_AFTER_MS } from './lock-record.js';

export { DataDirLockedError, type LockRecord, readLock } from './lock-record.js';

export const LOCK_FILE = 'server.lock';
const HEARTBEAT_MS = 5_000;
const GUARD_STALE_MS = 10_000;
const RETRY_MS = 50;
const MAX_ATTEMPTS = 100;

export interface LockOptions {
  dataDir: string;
  role: string;
  adminUrl: string | null;
  now?: () => number;
  host?: string;
  pid?: number;
  /** Whether a pid on this host still runs (tests inject it). */
  isAlive?: (pid: number) => boolean;
  heartbeatMs?: number;
  staleAfterMs?: number;
  /** Test seam: awaited after a lock was judged stale, and again just before it is removed. */
  pause?: (step: 'stale' | 'removing') => Promise<void>;
  /** Called once when the heartbeat finds that another process took the lock over. */
  onLost?: (holder: LockRecord) => void;
}

export interface DataDirLock {
  readonly path: string;
  readonly record: LockRecord;
  /** Stops the heartbeat and removes the lock file if it is still ours. */
  release(): Promise<void>;
}

/** Takes DATA_DIR's lock or throws DataDirLockedError naming the live holder. Creates DATA_DIR if missing. */
export async function acquireDataDirLock(options: LockOptions): Promise<DataDirLock> {
  const now = options.now ?? Date.now;
  const self = { host: options.host ?? hostname(), pid: options.pid ?? process.pid };
  const isAlive = options.isAlive ?? pidAlive;
  const staleAfterMs = options.staleAfterMs ?? STALE_AFTER_MS;
  const path = join(options.dataDir, LOCK_FILE);
  const guard = `${path}.takeover`;
  const stale = (holder: LockRecord | undefined): boolean => {
    if (!holder) return true;
    if (holder.host === self.host) return holder.pid === self.pid || !isAlive(holder.pid);
    return now() - Date.parse(holder.heartbeatAt) > staleAfterMs;
  };
  const time = new Date(now()).toISOString();
  const record: LockRecord = {
    role: options.role,
    ...self,
    startedAt: time,
    heartbeatAt: time,
    adminUrl: options.adminUrl,
    nonce: randomBytes(8).toString('hex'),
  };

  await ensurePrivateDir(options.dataDir);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    // Look before creating anything: a refused process leaves no trace in DATA_DIR, not even a temp file.
    const holder = await readLock(path);
    if (holder !== undefined && holder !== null && !stale(holder)) throw new DataDirLockedError(options.dataDir, holder, now());
    if (holder === null) {
      if (await create(path, record)) return hold(path, record, options, now);
      continue;
    }
    await options.pause?.('stale');
    if (!(await createExclusive(guard, `${self.pid}@${self.host}\n`))) {
      await removeIfOlder(guard, GUARD_STALE_MS, now());
      await sleep(RETRY_MS);
      continue;
    }
    try {
      const current = await readLock(path);
      // Under the guard nobody else replaces the lock; a live one may have appeared since we looked. The stale
      // one is replaced in one rename, never removed first: a racer that found no lock in between would take it.
      if (current !== null && stale(current)) {
        await options.pause?.('removing');
        await writeFileAtomic(path, `${JSON.stringify(record, null, 2)}\n`);
        return hold(path, record, options, now);
      }
      if (await create(path, record)) return hold(path, record, options, now);
    } finally {
      await rm(guard, { force: true });
    }
  }
  throw new Error(`Could not take the lock ${path}: it kept changing hands. Try again.`);
}

/** Writes the whole record to a temp file, then links it into place: false when a lock exists. */
async function create(path: string, record: LockRecord): Promise<boolean> {
  const temp = `${path}.${record.pid}-${randomBytes(4).toString('hex')}.new`;
  await createExclusive(temp, `${JSON.stringify(record, null, 2)}\n`);
  try {
    await link(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await rm(temp, { force: true });
  }
}

async function createExclusive(path: string, data: string): Promise<boolean> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'wx', 0o600);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return true;
}

async function removeIfOlder(path: string, ageMs: number, now: number): Promise<void> {
  const info = await stat(path).catch(() => undefined);
  if (info && now - info.mtimeMs > ageMs) await rm(path, { force: true });
}

function hold(path: string, record: LockRecord, options: LockOptions, now: () => number): DataDirLock {
  let current = record;
  let lost = false;
  let beating: Promise<void> = Promise.resolve();
  const beat = async () => {
    const onDisk = await readLock(path).catch(() => null);
    // Missing: someone is inspecting it mid-takeover; skip this beat rather than recreate it.
    if (lost || onDisk === null) return;
    if (onDisk?.nonce !== record.nonce) {
      lost = true;
      if (onDisk) options.onLost?.(onDisk);
      return;
    }
    current = { ...current, heartbeatAt: new Date(now()).toISOString() };
    await writeFileAtomic(path, `${JSON.stringify(current, null, 2)}\n`);
  };
  const timer = setInterval(() => {
    beating = beating.then(beat).catch(() => undefined);
  }, options.heartbeatMs ?? HEARTBEAT_MS);
  timer.unref();
  return {
    path,
    get record() {
      return current;
    },
    async release() {
      clearInterval(timer);
      await beating;
      const onDisk = await readLock(path).catch(() => null);
      if (onDisk?.nonce === record.nonce) await rm(path, { force: true });
    },
  };
}

const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));
