// Fetched chunks shared by the instances: `igf:chunk:<account>|<cursor>` holds the chunk as JSON for
// twice the feed TTL (as long as a copy may be served), written only under the chunk's current lease.
import type { Lease } from '../runtime/coordination.js';
import type { ChunkExchange, SharedChunk } from '../feed/shared-load.js';
import { lockKey, type RedisLocks } from './locks.js';
import type { RedisConnections } from './redis.js';

const PUT = `if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
return 1`;

export function chunkExchange(redis: RedisConnections, locks: RedisLocks): ChunkExchange {
  const { client, prefix } = redis;
  const key = (chunk: string) => `${prefix}chunk:${chunk}`;
  return {
    locks,
    async get(chunk) {
      const json = await client.get(key(chunk));
      return json ? (JSON.parse(json) as SharedChunk) : undefined;
    },
    async put(chunk: string, value: SharedChunk, lease: Lease, ttlMs: number) {
      const stored = { media: value.media, igNext: value.igNext, fetchedAt: value.fetchedAt };
      const result = await client.eval(PUT, {
        keys: [key(chunk), lockKey(prefix, lease.name)],
        arguments: [lease.value, JSON.stringify(stored), String(Math.ceil(ttlMs))],
      });
      return Number(result) === 1;
    },
  };
}
