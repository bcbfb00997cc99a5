// Cluster mode's single flight across instances. FlightCache (single-flight.ts) already makes one
// load per chunk in this process; this makes it one load per chunk in the cluster: a loader first
// looks for a copy another instance stored that is fresh enough, else takes the chunk's lease and
// fetches, else (another instance holds the lease) waits for that instance's copy to appear. The lease
// expires, so an instance killed mid-fetch delays the others by its TTL at most; the copy is stored
// only while the lease is current (fenced), so a fetcher that outlived its lease cannot overwrite a
// newer copy. Without the exchange (Redis unreachable), the loader fetches by itself.
import type { Media } from '../../widget/contract.js';
import type { Lease, Locks } from '../runtime/coordination.js';

/** A chunk as instances hand it to each other: what was fetched, not this process's bookkeeping. */
export interface SharedChunk {
  media: Media[];
  igNext: string | null;
  fetchedAt: number;
}

/** Where instances leave fetched chunks for each other (cluster/chunk-exchange.ts). */
export interface ChunkExchange {
  locks: Locks;
  get(key: string): Promise<SharedChunk | undefined>;
  /** Stores the copy if `lease` is still current; false when it was not (nothing stored). */
  put(key: string, chunk: SharedChunk, lease: Lease, ttlMs: number): Promise<boolean>;
}

export interface SharedLoadOptions {
  key: string;
  /** Whether another instance's copy may be served instead of fetching (newer than ours and not due). */
  usable(chunk: SharedChunk): boolean;
  /** Fetches from Instagram (and does what a fetch implies); called with the lease held. */
  fetch(): Promise<SharedChunk>;
  /** How long a fetch may hold the lease (it renews nothing: a fetch is bounded by INSTAGRAM_TIMEOUT_MS). */
  leaseMs: number;
  keepMs: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const POLL_MS = 50;

export type SharedLoad = { chunk: SharedChunk; fetched: boolean };

export async function loadShared(exchange: ChunkExchange, options: SharedLoadOptions): Promise<SharedLoad> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? (ms => new Promise(resolve => setTimeout(resolve, ms)));
  // Waiting longer than a lease lasts is pointless: by then the holder is dead or its lease is ours to take.
  const deadline = now() + options.leaseMs + 1_000;
  for (;;) {
    let lease: Lease | null;
    try {
      const other = await exchange.get(options.key);
      if (other && options.usable(other)) return { chunk: other, fetched: false };
      lease = await exchange.locks.acquire(`chunk:${options.key}`, options.leaseMs);
    } catch {
      return { chunk: await options.fetch(), fetched: true }; // no Redis: this instance on its own
    }
    if (lease) return fetchUnder(exchange, options, lease);
    if (now() > deadline) return { chunk: await options.fetch(), fetched: true };
    await sleep(POLL_MS);
  }
}

async function fetchUnder(exchange: ChunkExchange, options: SharedLoadOptions, lease: Lease): Promise<SharedLoad> {
  try {
    // Another instance may have stored its copy between our look and our lease.
    const other = await exchange.get(options.key).catch(() => undefined);
    if (other && options.usable(other)) return { chunk: other, fetched: false };
    const chunk = await options.fetch();
    await exchange.put(options.key, chunk, lease, options.keepMs).catch(() => false);
    return { chunk, fetched: true };
  } finally {
    await exchange.locks.release(lease).catch(() => undefined);
  }
}
