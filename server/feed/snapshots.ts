// Last-good copies of each account's first page, one JSON file per account under DATA_DIR/feeds.
// Written atomically after every successful fetch and read back at start-up, so a feed survives an
// Instagram outage that starts while the server is down. A failed write (disk full, read-only) is
// logged and reported by /healthz; the previous file stays intact and serving goes on from memory.
import { readdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Media } from '../../widget/contract.js';
import type { Logger } from '../runtime/logger.js';
import { ensurePrivateDir, removeStaleTempFiles, writeFileAtomic } from '../runtime/atomic-file.js';
import { WriteStatus, type WriteError } from '../runtime/write-status.js';

export interface Snapshot {
  version: 1;
  accountId: string;
  media: Media[];
  /** Instagram's cursor for the page after this one (not a secret: cursors carry no token). */
  next: string | null;
  fetchedAt: number;
}

/** Where last-good copies live: files under DATA_DIR/feeds (SnapshotStore), or Redis in cluster mode. */
export interface Snapshots {
  loadAll(): Promise<Snapshot[]>;
  /** Never throws: a failed save is logged and counted. */
  save(snapshot: Snapshot): Promise<void>;
  remove(accountId: string): Promise<void>;
  readonly lastWriteError: WriteError | null;
  readonly writeFailures: number;
}

/** A stored last-good copy from its JSON; undefined when it is not one (throws on JSON that does not parse). */
export function parseSnapshot(json: string): Snapshot | undefined {
  const data = JSON.parse(json) as Snapshot;
  return data.version === 1 && Array.isArray(data.media) && typeof data.fetchedAt === 'number' ? data : undefined;
}

export class SnapshotStore implements Snapshots {
  readonly #dir: string;
  readonly #logger: Logger;
  readonly #writes: WriteStatus;

  constructor(dataDir: string, logger: Logger, now: () => number = Date.now) {
    this.#dir = join(dataDir, 'feeds');
    this.#logger = logger;
    this.#writes = new WriteStatus(now);
  }

  /** The last failed save, or null when the latest one worked. */
  get lastWriteError(): WriteError | null {
    return this.#writes.lastError;
  }

  /** Failed saves since the process started. */
  get writeFailures(): number {
    return this.#writes.failures;
  }

  async loadAll(): Promise<Snapshot[]> {
    await ensurePrivateDir(this.#dir);
    await removeStaleTempFiles(this.#dir);
    const snapshots: Snapshot[] = [];
    for (const name of await readdir(this.#dir)) {
      if (!/^\d+\.json$/.test(name)) continue;
      try {
        const data = parseSnapshot(await readFile(join(this.#dir, name), 'utf8'));
        if (data) snapshots.push(data);
      } catch (error) {
        this.#logger.warn(`Ignoring unreadable feed snapshot ${name}`, { error: (error as Error).message });
      }
    }
    return snapshots;
  }

  async save(snapshot: Snapshot): Promise<void> {
    try {
      await this.#writes.track(() => writeFileAtomic(this.#path(snapshot.accountId), JSON.stringify(snapshot)));
    } catch (error) {
      this.#logger.error('Could not save the last-good copy of a feed; serving from memory', { error: (error as Error).message });
    }
  }

  async remove(accountId: string): Promise<void> {
    await rm(this.#path(accountId), { force: true });
  }

  #path(accountId: string): string {
    if (!/^\d+$/.test(accountId)) throw new Error('Account ids are numeric');
    return join(this.#dir, `${accountId}.json`);
  }
}
