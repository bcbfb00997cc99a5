// What several instances need to agree on, as interfaces the services take: exclusive leases with a
// fencing number (cluster/locks.ts keeps them in Redis). Embedded mode passes none: one process
// already does one thing at a time where it matters.

/**
 * The right to do one thing (fetch a chunk, refresh a token, run the scheduler) until `ttlMs` after it
 * was taken. `fence` grows with every grant of the same name, so a write made under an old lease
 * (its holder paused past the expiry while another took over) can be told apart and refused.
 */
export interface Lease {
  readonly name: string;
  readonly fence: number;
  /** What the lock key holds while this lease is current. */
  readonly value: string;
}

export interface Locks {
  /** The lease, or null while another holder has it. Rejects when the lock service is unreachable. */
  acquire(name: string, ttlMs: number): Promise<Lease | null>;
  /** Still ours? Extends it by `ttlMs` when it is; false when it expired or another holder has it. */
  renew(lease: Lease, ttlMs: number): Promise<boolean>;
  /** Gives it back early (never someone else's: a no-op once expired). */
  release(lease: Lease): Promise<void>;
}

/** A write made under a lease that was no longer current: another holder may have done the work. */
export class StaleLeaseError extends Error {
  override name = 'StaleLeaseError';
  constructor(readonly lease: Lease) {
    super(`The lease ${lease.name} (fence ${lease.fence}) expired before the write; another holder may have taken over`);
  }
}

/** How this instance sees the cluster (admin `/healthz`): Redis reachable, and whether it leads. */
export interface ClusterStatus {
  redis: 'up' | 'down';
  leader: boolean;
}
