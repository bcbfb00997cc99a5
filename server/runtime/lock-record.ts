// What `DATA_DIR/server.lock` says about its holder, how to read it, and the error that names a live
// holder to a process that has to refuse (see data-dir-lock.ts for the protocol).
import { readFile } from 'node:fs/promises';

/** A holder on another host is presumed dead after this long without a heartbeat. */
export const STALE_AFTER_MS = 30_000;

/** What `server.lock` holds. */
export interface LockRecord {
  /** `server` or `refresh-tokens`: who holds the directory. */
  role: string;
  pid: number;
  host: string;
  startedAt: string;
  heartbeatAt: string;
  /** Loopback URL of the holder's admin API (`http://127.0.0.1:3000`); null for a CLI. */
  adminUrl: string | null;
  /** Random per acquisition: tells our lock from a successor's with the same pid. */
  nonce: string;
}

/**
 * Thrown when another live process holds DATA_DIR. `holder` names it; the message says what to do.
 * Never retried by the caller: the process refuses to run (or, for the CLI, asks that holder instead).
 */
export class DataDirLockedError extends Error {
  override name = 'DataDirLockedError';
  constructor(
    readonly dataDir: string,
    readonly holder: LockRecord,
    now: number,
  ) {
    super(
      `DATA_DIR ${dataDir} is in use by ${describeHolder(holder, now)}.\n` +
        'Only one process may use a data directory. Stop that process first, or give this one its own DATA_DIR.\n' +
        `(A lock left by a crashed process is taken over by itself: at once on the same machine, after ${STALE_AFTER_MS / 1000} s without a heartbeat from another one.)`,
    );
  }
}

/** "the instagram-feed server (pid 1234 on host web1, since ..., last heartbeat 2 s ago)". */
export function describeHolder(holder: LockRecord, now: number): string {
  const who = holder.role === 'server' ? 'the instagram-feed server' : `\`npm run ${holder.role}\``;
  const beat = Math.max(0, Math.round((now - Date.parse(holder.heartbeatAt)) / 1000));
  const api = holder.adminUrl ? `, admin API ${holder.adminUrl}` : '';
  return `${who} (pid ${holder.pid} on host ${holder.host}, since ${holder.startedAt}, last heartbeat ${beat} s ago${api})`;
}

export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The lock record, undefined when unreadable (treated as stale), null when there is no lock. */
export async function readLock(path: string): Promise<LockRecord | undefined | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const value = JSON.parse(text) as LockRecord;
    return typeof value.pid === 'number' && typeof value.host === 'string' && typeof value.heartbeatAt === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
