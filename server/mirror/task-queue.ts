/**
 * A small FIFO work queue with bounded concurrency and a bounded backlog, so a big first sync cannot
 * start hundreds of downloads or hold unbounded memory. Tasks carry a tag (the account id) so that
 * forgetting an account can drop its waiting work. Tasks must not reject.
 */
export class TaskQueue {
  readonly #concurrency: number;
  readonly #maxWaiting: number;
  #running = 0;
  #waiting: { tag: string; run: () => Promise<void> }[] = [];
  #idle: (() => void)[] = [];

  constructor(concurrency: number, maxWaiting: number) {
    this.#concurrency = concurrency;
    this.#maxWaiting = maxWaiting;
  }

  /** Tasks running or waiting. */
  get size(): number {
    return this.#running + this.#waiting.length;
  }

  /** False when the backlog is full: the caller tries again later. */
  add(tag: string, run: () => Promise<void>): boolean {
    if (this.#waiting.length >= this.#maxWaiting) return false;
    this.#waiting.push({ tag, run });
    this.#pump();
    return true;
  }

  /** Drops waiting (not running) tasks with this tag; returns how many. */
  drop(tag: string): number {
    const before = this.#waiting.length;
    this.#waiting = this.#waiting.filter(task => task.tag !== tag);
    const dropped = before - this.#waiting.length;
    if (this.size === 0) this.#settle();
    return dropped;
  }

  /** Resolves once nothing is running or waiting. */
  idle(): Promise<void> {
    return this.size === 0 ? Promise.resolve() : new Promise(resolve => this.#idle.push(resolve));
  }

  #pump(): void {
    while (this.#running < this.#concurrency && this.#waiting.length > 0) {
      const task = this.#waiting.shift()!;
      this.#running++;
      void task.run().finally(() => {
        this.#running--;
        this.#pump();
        if (this.size === 0) this.#settle();
      });
    }
  }

  #settle(): void {
    for (const resolve of this.#idle.splice(0)) resolve();
  }
}
