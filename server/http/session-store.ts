// express-session's MemoryStore never forgets expired sessions. Sessions here only carry pending
// OAuth `state` values, so this store keeps them in a Map, drops expired ones as it goes (no timers:
// createApp starts none) and caps the total so a flood of /instagram/connect calls cannot grow memory.
import session from 'express-session';

interface Entry {
  data: session.SessionData;
  expiresAt: number;
}

export class PruningSessionStore extends session.Store {
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;
  readonly #now: () => number;
  #writes = 0;

  constructor(options: { maxEntries?: number; now?: () => number } = {}) {
    super();
    this.#maxEntries = options.maxEntries ?? 10_000;
    this.#now = options.now ?? Date.now;
  }

  get size(): number {
    return this.#entries.size;
  }

  override get(sid: string, callback: (err: unknown, session?: session.SessionData | null) => void): void {
    const entry = this.#entries.get(sid);
    if (entry && entry.expiresAt <= this.#now()) this.#entries.delete(sid);
    callback(null, entry && entry.expiresAt > this.#now() ? structuredClone(entry.data) : null);
  }

  override set(sid: string, data: session.SessionData, callback?: (err?: unknown) => void): void {
    const maxAge = data.cookie?.maxAge ?? 3600_000;
    this.#entries.delete(sid); // re-insert so Map order stays oldest-first
    this.#entries.set(sid, { data: structuredClone(data), expiresAt: this.#now() + maxAge });
    if (++this.#writes % 100 === 0) this.#prune();
    // Oldest sessions go first when the cap is reached: an abandoned consent page matters least.
    while (this.#entries.size > this.#maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
    callback?.();
  }

  override destroy(sid: string, callback?: (err?: unknown) => void): void {
    this.#entries.delete(sid);
    callback?.();
  }

  override touch(sid: string, data: session.SessionData, callback?: () => void): void {
    const entry = this.#entries.get(sid);
    // An expired session stays expired, as express-session's own MemoryStore has it.
    if (entry && entry.expiresAt > this.#now()) entry.expiresAt = this.#now() + (data.cookie?.maxAge ?? 3600_000);
    callback?.();
  }

  #prune(): void {
    const now = this.#now();
    for (const [sid, entry] of this.#entries) if (entry.expiresAt <= now) this.#entries.delete(sid);
  }
}
