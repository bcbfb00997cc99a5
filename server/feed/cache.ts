// A generic cache with in-flight de-duplication ("single flight"). The *promise* of a load is kept
// while it runs, so any number of concurrent callers for one key share a single upstream call; on
// success the value replaces it, on failure nothing is stored and the next caller tries again.
// node-cache holds the values: clones off (values are treated as immutable) and no check timer
// (createApp starts no timers; expired keys are dropped lazily on access).
import NodeCache from 'node-cache';

export class FlightCache<T> {
  readonly #values: NodeCache;
  readonly #inFlight = new Map<string, Promise<T>>();

  constructor(options: { maxKeys?: number } = {}) {
    this.#values = new NodeCache({ stdTTL: 0, checkperiod: 0, useClones: false, maxKeys: options.maxKeys ?? -1 });
  }

  peek(key: string): T | undefined {
    return this.#values.get<T>(key);
  }

  /** Stores a value; `ttlSeconds` 0 keeps it until deleted (stale copies must outlive freshness). */
  set(key: string, value: T, ttlSeconds = 0): void {
    try {
      this.#values.set(key, value, ttlSeconds);
    } catch {
      // maxKeys reached: serving without caching this key beats failing the request.
    }
  }

  delete(key: string): void {
    this.#values.del(key);
  }

  keys(): string[] {
    return this.#values.keys();
  }

  isLoading(key: string): boolean {
    return this.#inFlight.has(key);
  }

  /** Runs `loader` unless a load for `key` is already running, in which case its promise is shared. */
  load(key: string, loader: () => Promise<T>, ttlSeconds = 0): Promise<T> {
    const running = this.#inFlight.get(key);
    if (running) return running;
    const promise = (async () => {
      try {
        const value = await loader();
        this.set(key, value, ttlSeconds);
        return value;
      } finally {
        this.#inFlight.delete(key);
      }
    })();
    this.#inFlight.set(key, promise);
    return promise;
  }
}
