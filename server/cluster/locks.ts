// Leases in Redis: `igf:lock:<name>` holds `<instance>:<fence>` with a TTL (PX), and `igf:fence:<name>`
// counts the grants. A killed holder never blocks the others for longer than the TTL; a paused one
// that wakes up after it finds its lease gone (renew false) and its fenced writes refused.
import { randomBytes } from 'node:crypto';
import type { Lease, Locks } from '../runtime/coordination.js';
import type { Redis, RedisConnections } from './redis.js';

const ACQUIRE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
local fence = redis.call('INCR', KEYS[2])
redis.call('SET', KEYS[1], ARGV[1] .. ':' .. fence, 'PX', ARGV[2])
return fence`;
const RENEW = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0`;
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0`;

export function lockKey(prefix: string, name: string): string {
  return `${prefix}lock:${name}`;
}

export class RedisLocks implements Locks {
  readonly #client: Redis;
  readonly prefix: string;
  /** This process, in lock values: random, so a restarted instance never mistakes an old lease for its own. */
  readonly instance = randomBytes(6).toString('hex');

  constructor(redis: RedisConnections) {
    this.#client = redis.client;
    this.prefix = redis.prefix;
  }

  async acquire(name: string, ttlMs: number): Promise<Lease | null> {
    const fence = Number(
      await this.#client.eval(ACQUIRE, {
        keys: [lockKey(this.prefix, name), `${this.prefix}fence:${name}`],
        arguments: [this.instance, String(Math.ceil(ttlMs))],
      }),
    );
    return fence > 0 ? { name, fence, value: `${this.instance}:${fence}` } : null;
  }

  async renew(lease: Lease, ttlMs: number): Promise<boolean> {
    return Number(await this.#client.eval(RENEW, { keys: [lockKey(this.prefix, lease.name)], arguments: [lease.value, String(Math.ceil(ttlMs))] })) === 1;
  }

  async release(lease: Lease): Promise<void> {
    await this.#client.eval(RELEASE, { keys: [lockKey(this.prefix, lease.name)], arguments: [lease.value] });
  }
}
