// Cluster mode's backend (REDIS_URL): loaded by backend.ts only when REDIS_URL is set, so embedded
// mode never loads the Redis client, connect-redis or rate-limiter-flexible.
import { RedisStore } from 'connect-redis';
import { AccountBackoff } from '../feed/backoff.js';
import type { Backend, BackendOptions } from './backend.js';
import { chunkExchange } from './chunk-exchange.js';
import { Leadership } from './leader.js';
import { RedisLocks } from './locks.js';
import { RedisAccountStore } from './redis-account-store.js';
import { RedisDeletionLog, RedisSnapshots } from './redis-records.js';
import { connectRedis } from './redis.js';
import { shareBackoff } from './shared-backoff.js';
import { sharedRateLimit } from './shared-rate-limit.js';

export async function openCluster(options: BackendOptions & { redisUrl: string; now: () => number }): Promise<Backend> {
  const { config, logger, key, now } = options;
  const redis = await connectRedis(options.redisUrl, logger, config.redisPrefix);
  try {
    const store = await RedisAccountStore.open({ redis, key, oldKeys: config.oldTokenKeys, logger, now });
    const locks = new RedisLocks(redis);
    const backoff = new AccountBackoff(now, Math.random, { ttlMs: config.feedTtlSeconds * 1000 });
    await shareBackoff(backoff, redis, locks.instance, logger, now);
    const leadership = new Leadership({ locks, logger });
    return {
      mode: 'cluster',
      store,
      deletions: new RedisDeletionLog(redis, now),
      snapshots: new RedisSnapshots(redis, logger, now),
      sessionStore: new RedisStore({ client: redis.client, prefix: `${redis.prefix}sess:` }),
      sharedRateLimit: config.rateLimitPerMinute > 0 ? sharedRateLimit(redis, config.rateLimitPerMinute) : undefined,
      locks,
      exchange: chunkExchange(redis, locks),
      backoff,
      leadership,
      async close() {
        await leadership.stop();
        store.close();
        await redis.close();
      },
    };
  } catch (error) {
    await redis.close();
    throw error;
  }
}
