// Per-account protection of Instagram (and of our quota): after a failure the account is blocked
// for an exponentially growing, jittered, capped delay; Instagram's own `estimated_time_to_regain_access`
// wins when longer; quota use above 80% pauses the account before Instagram starts refusing. While
// blocked, visitor traffic is served from cache and causes no Instagram call at all. The cap never
// exceeds the feed TTL: a failing account is still retried about as often as a healthy one refreshes.
// Keys are account ids, or `<account>|<cursor>` for a later chunk whose own failures block only that
// chunk (outcomes.ts); chunk-source.ts checks both before fetching a later chunk.
const BASE_MS = 30_000;
const CAP_MS = 15 * 60_000;
const AUTH_BLOCK_MS = 60 * 60_000;
export const USAGE_PAUSE_PERCENT = 80;
const USAGE_PAUSE_MS = 10 * 60_000;

export interface BackoffState {
  failures: number;
  blockedUntil: number;
}
type State = BackoffState;

/** Told of every change (null: forgotten), so cluster mode can share it with the other instances. */
export type BackoffListener = (key: string, state: BackoffState | null) => void;

export class AccountBackoff {
  readonly #states = new Map<string, State>();
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #capMs: number;
  #listener: BackoffListener | undefined;

  constructor(now: () => number, random: () => number = Math.random, options: { ttlMs?: number } = {}) {
    this.#now = now;
    this.#random = random;
    this.#capMs = Math.max(BASE_MS, Math.min(CAP_MS, options.ttlMs ?? CAP_MS));
  }

  /** Reports this instance's changes to `listener`. */
  share(listener: BackoffListener): void {
    this.#listener = listener;
  }

  /** Takes a change another instance made (not reported back). */
  apply(key: string, state: BackoffState | null): void {
    if (state) this.#states.set(key, { ...state });
    else this.#states.delete(key);
  }

  /** Milliseconds until calls are allowed again; 0 when not blocked. */
  blockedFor(account: string): number {
    return Math.max(0, (this.#states.get(account)?.blockedUntil ?? 0) - this.#now());
  }

  succeeded(account: string): void {
    const state = this.#states.get(account);
    if (!state || state.failures === 0) return;
    state.failures = 0;
    this.#listener?.(account, state);
  }

  /** Records a failure and returns how long the account is now blocked. */
  failed(account: string, options: { retryAfterMs?: number | null; auth?: boolean } = {}): number {
    const state = this.#state(account);
    state.failures++;
    const exponential = Math.min(this.#capMs, BASE_MS * 2 ** (state.failures - 1));
    let delay = Math.round(exponential * (0.5 + this.#random() * 0.5));
    if (options.auth) delay = AUTH_BLOCK_MS; // a dead token stays dead until someone reconnects
    if (options.retryAfterMs) delay = Math.max(delay, options.retryAfterMs);
    state.blockedUntil = Math.max(state.blockedUntil, this.#now() + delay);
    this.#listener?.(account, state);
    return state.blockedUntil - this.#now();
  }

  /** Quota headers: pause before Instagram starts throttling, or for as long as it says. */
  usage(account: string, usage: { percent: number; regainAccessMs: number | null }): void {
    if (usage.percent < USAGE_PAUSE_PERCENT && !usage.regainAccessMs) return;
    const state = this.#state(account);
    state.blockedUntil = Math.max(state.blockedUntil, this.#now() + (usage.regainAccessMs ?? USAGE_PAUSE_MS));
    this.#listener?.(account, state);
  }

  /** Forgets a key's state; an account's key also forgets its later chunks' (`<account>|<cursor>`). */
  reset(key: string): void {
    this.#states.delete(key);
    this.#listener?.(key, null);
    if (key.includes('|')) return;
    for (const other of this.#states.keys()) {
      if (!other.startsWith(`${key}|`)) continue;
      this.#states.delete(other);
      this.#listener?.(other, null);
    }
  }

  #state(account: string): State {
    let state = this.#states.get(account);
    if (!state) this.#states.set(account, (state = { failures: 0, blockedUntil: 0 }));
    return state;
  }
}
