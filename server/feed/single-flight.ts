// In-flight de-duplication ("single flight") in front of a store. The *promise* of a load is kept
// while it runs, so any number of concurrent callers for one key share a single upstream call; on
// success the value goes into the store, on failure nothing is stored and the next caller tries
// again. The store decides how long values stay (feed/memory.ts: a byte-bounded LRU).

/** Where loaded values go. */
export interface CacheStore<T> {
  set(key: string, value: T): void;
}

export class FlightCache<T> {
  readonly #store: CacheStore<T>;
  readonly #inFlight = new Map<string, Promise<T>>();

  constructor(store: CacheStore<T>) {
    this.#store = store;
  }

  isLoading(key: string): boolean {
    return this.#inFlight.has(key);
  }

  /** Runs `loader` unless a load for `key` is already running, in which case its promise is shared. */
  load(key: string, loader: () => Promise<T>): Promise<T> {
    const running = this.#inFlight.get(key);
    if (running) return running;
    let started: Promise<T>;
    try {
      started = loader();
    } catch (error) {
      return Promise.reject(error); // thrown synchronously: nothing was started, nothing to share
    }
    const promise = (async () => {
      try {
        const value = await started;
        this.#store.set(key, value);
        return value;
      } finally {
        this.#inFlight.delete(key);
      }
    })();
    this.#inFlight.set(key, promise);
    return promise;
  }
}
