// The small records cluster mode keeps in Redis hashes: last-good copies of first chunks
// (`igf:snapshots`, by account id) and Meta data-deletion confirmations (`igf:deletions`, by code).
import type { DeletionEntry, DeletionRecords, DeletionStatus } from '../accounts/deletion-log.js';
import { parseSnapshot, type Snapshot, type Snapshots } from '../feed/snapshots.js';
import type { Logger } from '../runtime/logger.js';
import { WriteStatus, type WriteError } from '../runtime/write-status.js';
import type { Redis, RedisConnections } from './redis.js';

/** As the file-based log: a year of codes is plenty. */
const MAX_DELETIONS = 10_000;

export class RedisSnapshots implements Snapshots {
  readonly #client: Redis;
  readonly #key: string;
  readonly #logger: Logger;
  readonly #writes: WriteStatus;

  constructor(redis: RedisConnections, logger: Logger, now: () => number = Date.now) {
    this.#client = redis.client;
    this.#key = `${redis.prefix}snapshots`;
    this.#logger = logger;
    this.#writes = new WriteStatus(now);
  }

  get lastWriteError(): WriteError | null {
    return this.#writes.lastError;
  }

  get writeFailures(): number {
    return this.#writes.failures;
  }

  async loadAll(): Promise<Snapshot[]> {
    const snapshots: Snapshot[] = [];
    for (const [id, json] of Object.entries(await this.#client.hGetAll(this.#key))) {
      try {
        const data = parseSnapshot(json);
        if (data) snapshots.push(data);
      } catch (error) {
        this.#logger.warn(`Ignoring an unreadable feed snapshot of account ${id}`, { error: (error as Error).message });
      }
    }
    return snapshots;
  }

  async save(snapshot: Snapshot): Promise<void> {
    try {
      await this.#writes.track(() => this.#client.hSet(this.#key, snapshot.accountId, JSON.stringify(snapshot)));
    } catch (error) {
      this.#logger.error('Could not save the last-good copy of a feed; serving from memory', { error: (error as Error).message });
    }
  }

  async remove(accountId: string): Promise<void> {
    await this.#client.hDel(this.#key, accountId);
  }
}

export class RedisDeletionLog implements DeletionRecords {
  readonly #client: Redis;
  readonly #key: string;
  readonly #now: () => number;

  constructor(redis: RedisConnections, now: () => number = Date.now) {
    this.#client = redis.client;
    this.#key = `${redis.prefix}deletions`;
    this.#now = now;
  }

  async get(code: string): Promise<DeletionEntry | undefined> {
    const json = await this.#client.hGet(this.#key, code);
    return json ? (JSON.parse(json) as DeletionEntry) : undefined;
  }

  async record(code: string, status: DeletionStatus): Promise<void> {
    const requestedAt = (await this.get(code))?.requestedAt ?? new Date(this.#now()).toISOString();
    await this.#client.hSet(this.#key, code, JSON.stringify({ status, requestedAt }));
    // Unlike the file, a hash has no order: past the cap, drop the oldest-requested tenth.
    if ((await this.#client.hLen(this.#key)) <= MAX_DELETIONS) return;
    const entries = Object.entries(await this.#client.hGetAll(this.#key)).map(([c, json]) => [c, (JSON.parse(json) as DeletionEntry).requestedAt] as const);
    entries.sort((a, b) => a[1].localeCompare(b[1]));
    const drop = entries.slice(0, Math.ceil(MAX_DELETIONS / 10)).map(([c]) => c);
    if (drop.length > 0) await this.#client.hDel(this.#key, drop);
  }
}
