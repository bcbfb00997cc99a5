/** A failed write to DATA_DIR, as /healthz shows it to admins. */
export interface WriteError {
  at: string;
  message: string;
}

/**
 * The outcome of the latest write of one kind of file (the account store, feed snapshots): null after
 * a success, the error after a failure. `track` runs a write, records its outcome and rethrows.
 */
export class WriteStatus {
  lastError: WriteError | null = null;
  /** Failed writes since the process started (the metrics' counter). */
  failures = 0;
  readonly #now: () => number;

  constructor(now: () => number = Date.now) {
    this.#now = now;
  }

  async track<T>(write: () => Promise<T>): Promise<T> {
    try {
      const result = await write();
      this.lastError = null;
      return result;
    } catch (error) {
      this.failures++;
      this.lastError = { at: new Date(this.#now()).toISOString(), message: (error as Error).message };
      throw error;
    }
  }
}
