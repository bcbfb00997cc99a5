// One leader among the instances runs the scheduler's cluster-wide tasks (token refresh). The leader
// holds the `leader` lease (cluster/locks.ts) and renews it every RENEW_MS; when it dies, the lease
// expires after LEASE_MS and the next instance to campaign takes it: a takeover within
// LEASE_MS + RENEW_MS (20 s). A leader that cannot renew (Redis unreachable, or paused past its
// lease) stops counting itself leader when its lease would have expired, before anyone else can
// take it, so two leaders never run at once; each write they make is fenced besides.
import type { Lease, Locks } from '../runtime/coordination.js';
import type { Logger } from '../runtime/logger.js';

export const LEASE_MS = 15_000;
export const RENEW_MS = 5_000;
/** Stop counting ourselves leader this long before the lease could expire in Redis (clock drift, a slow reply). */
const MARGIN_MS = 1_000;

export interface LeadershipOptions {
  locks: Locks;
  logger: Logger;
  leaseMs?: number;
  renewMs?: number;
}

export class Leadership {
  readonly #options: LeadershipOptions;
  readonly #leaseMs: number;
  readonly #marginMs: number;
  #lease: Lease | null = null;
  #validUntil = 0;
  #timer: NodeJS.Timeout | undefined;
  #campaigning: Promise<void> | undefined;
  readonly #elected: ((lease: Lease) => void)[] = [];

  constructor(options: LeadershipOptions) {
    this.#options = options;
    this.#leaseMs = options.leaseMs ?? LEASE_MS;
    this.#marginMs = Math.min(MARGIN_MS, this.#leaseMs / 5);
  }

  /** Leader now, and sure of it for a while yet. */
  isLeader(): boolean {
    return this.#lease !== null && Date.now() < this.#validUntil;
  }

  /** The current lease while leader (its fence orders the leaders), else null. */
  get lease(): Lease | null {
    return this.isLeader() ? this.#lease : null;
  }

  /** Runs `listener` each time this instance becomes leader. */
  whenElected(listener: (lease: Lease) => void): void {
    this.#elected.push(listener);
  }

  start(): void {
    if (this.#timer) return;
    void this.campaign();
    this.#timer = setInterval(() => void this.campaign(), this.#options.renewMs ?? RENEW_MS);
    this.#timer.unref();
  }

  /** One round: renew the lease we hold, or try to take it. */
  campaign(): Promise<void> {
    this.#campaigning ??= this.#round().finally(() => (this.#campaigning = undefined));
    return this.#campaigning;
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#campaigning;
    const lease = this.#lease;
    this.#step(null);
    if (lease) await this.#options.locks.release(lease).catch(() => undefined);
  }

  async #round(): Promise<void> {
    const { locks, logger } = this.#options;
    const started = Date.now();
    try {
      if (this.#lease && Date.now() < this.#validUntil) {
        if (await locks.renew(this.#lease, this.#leaseMs)) this.#validUntil = started + this.#leaseMs - this.#marginMs;
        else this.#step(null);
        return;
      }
      this.#step(null);
      const lease = await locks.acquire('leader', this.#leaseMs);
      if (lease) {
        this.#validUntil = started + this.#leaseMs - this.#marginMs;
        this.#step(lease);
      }
    } catch (error) {
      logger.debug('Leader election round failed (Redis unreachable?)', { error: (error as Error).message });
      if (Date.now() >= this.#validUntil) this.#step(null);
    }
  }

  #step(lease: Lease | null): void {
    const was = this.#lease;
    this.#lease = lease;
    if (!was && lease) {
      this.#options.logger.info(`This instance is now the leader (fence ${lease.fence}): it runs the token refresh`);
      for (const listener of this.#elected) listener(lease);
    } else if (was && !lease) {
      this.#options.logger.warn('This instance is no longer the leader');
    }
  }
}
