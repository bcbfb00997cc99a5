import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../runtime/atomic-file.js';

export type DeletionStatus = 'pending' | 'deleted' | 'no_data';
export interface DeletionEntry {
  status: DeletionStatus;
  requestedAt: string;
}

/** Meta data-deletion confirmation codes: DeletionLog (a file) or, in cluster mode, cluster/redis-records.ts. */
export interface DeletionRecords {
  get(code: string): Promise<DeletionEntry | undefined>;
  record(code: string, status: DeletionStatus): Promise<void>;
}

/**
 * Confirmation codes of Meta data deletion requests and their status, in DATA_DIR/deletions.json, so
 * the status URL we hand to Meta keeps answering after a restart. Holds no personal data.
 */
export class DeletionLog implements DeletionRecords {
  readonly #path: string;
  readonly #entries = new Map<string, DeletionEntry>();
  readonly #now: () => number;

  private constructor(path: string, now: () => number) {
    this.#path = path;
    this.#now = now;
  }

  static async open(dataDir: string, now: () => number = Date.now): Promise<DeletionLog> {
    const log = new DeletionLog(join(dataDir, 'deletions.json'), now);
    try {
      const data = JSON.parse(await readFile(log.#path, 'utf8')) as Record<string, DeletionEntry>;
      for (const [code, entry] of Object.entries(data)) log.#entries.set(code, entry);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`Cannot read ${log.#path}: ${(error as Error).message}`);
    }
    return log;
  }

  async get(code: string): Promise<DeletionEntry | undefined> {
    return this.#entries.get(code);
  }

  async record(code: string, status: DeletionStatus): Promise<void> {
    const requestedAt = this.#entries.get(code)?.requestedAt ?? new Date(this.#now()).toISOString();
    this.#entries.set(code, { status, requestedAt });
    // A year of codes is plenty; drop the oldest beyond that many so the file cannot grow without bound.
    while (this.#entries.size > 10_000) this.#entries.delete(this.#entries.keys().next().value!);
    await writeFileAtomic(this.#path, JSON.stringify(Object.fromEntries(this.#entries)));
  }
}
