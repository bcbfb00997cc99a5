// A least-recently-used map bounded by bytes rather than by entries. Each value is stored with the
// caller's estimate of its size; when the total passes `maxBytes`, the least recently used entries
// go first. Pinned entries are counted but never evicted (the caller keeps their number bounded).
// A JS Map iterates in insertion order, so re-inserting an entry on use keeps the oldest one first;
// a hit on the entry used last (a hot page asked for again and again) skips even that.
interface Entry<V> {
  value: V;
  bytes: number;
}

export interface ByteLruOptions<V> {
  maxBytes: number;
  /** Called for every entry that leaves the cache: evicted, deleted, or replaced by `set`. */
  onRemove?: (key: string, value: V) => void;
}

export class ByteLru<V> {
  readonly maxBytes: number;
  readonly #onRemove: (key: string, value: V) => void;
  readonly #pinned = new Map<string, Entry<V>>();
  /** Oldest first. */
  readonly #entries = new Map<string, Entry<V>>();
  #newest: string | undefined;
  #bytes = 0;

  constructor(options: ByteLruOptions<V>) {
    this.maxBytes = options.maxBytes;
    this.#onRemove = options.onRemove ?? (() => undefined);
  }

  /** Bytes held, pinned entries included. */
  get bytes(): number {
    return this.#bytes;
  }

  get size(): number {
    return this.#pinned.size + this.#entries.size;
  }

  /** The value, marking it as just used. */
  get(key: string): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return this.#pinned.get(key)?.value;
    if (key !== this.#newest) {
      this.#entries.delete(key);
      this.#entries.set(key, entry);
      this.#newest = key;
    }
    return entry.value;
  }

  /** The value, leaving its place in the eviction order alone (housekeeping reads). */
  peek(key: string): V | undefined {
    return (this.#entries.get(key) ?? this.#pinned.get(key))?.value;
  }

  has(key: string): boolean {
    return this.#entries.has(key) || this.#pinned.has(key);
  }

  /**
   * Stores `value` as `bytes` big, replacing any value under `key`, then evicts down to the budget.
   * Returns false, storing nothing, for an unpinned value larger than the whole budget.
   */
  set(key: string, value: V, bytes: number, options: { pinned?: boolean } = {}): boolean {
    this.delete(key);
    if (!options.pinned && bytes > this.maxBytes) return false;
    (options.pinned ? this.#pinned : this.#entries).set(key, { value, bytes });
    if (!options.pinned) this.#newest = key;
    this.#bytes += bytes;
    this.#evict();
    return true;
  }

  delete(key: string): boolean {
    const entry = this.#entries.get(key) ?? this.#pinned.get(key);
    if (!entry) return false;
    if (!this.#entries.delete(key)) this.#pinned.delete(key);
    if (key === this.#newest) this.#newest = undefined;
    this.#bytes -= entry.bytes;
    this.#onRemove(key, entry.value);
    return true;
  }

  /** A copy of every key, pinned ones first, so callers may change the cache while they walk it. */
  keys(): string[] {
    return [...this.#pinned.keys(), ...this.#entries.keys()];
  }

  #evict(): void {
    while (this.#bytes > this.maxBytes) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) return; // only pinned entries left
      this.delete(oldest.value);
    }
  }
}
