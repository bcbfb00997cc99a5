// Cluster mode's backend (REDIS_URL): loaded by backend.ts only when REDIS_URL is set, so embedded
// mode never loads the Redis client, connect-redis or rate-limiter-flexible.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { RedisStore } from 'connect-redis';
import { LowAccountStore } from '../accounts/account-store.js';
import { AccountBackoff } from '../feed/backoff.js';
import type { Backend, BackendOptions } from './backend.js';
import { chunkExchange } from './chunk-exchange.js';
import { clusterMirror } from './cluster-mirror.js';
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
    await importEmbedded(store, locks, options);
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
      status: () => ({ redis: redis.client.isReady ? 'up' : 'down', leader: leadership.isLeader() }),
      shareMirror: mirror => clusterMirror(mirror, { redis, leadership, instance: locks.instance, logger }),
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

/**
 * Moving from embedded mode: the first instance to start on an empty Redis copies the accounts of its
 * DATA_DIR/db.json (tokens opened with the key and sealed again, curation and bookkeeping kept), under
 * a lease so two instances starting together do not both import. db.json is left as it was.
 */
async function importEmbedded(store: RedisAccountStore, locks: RedisLocks, options: BackendOptions & { now: () => number }): Promise<void> {
  const { config, logger, key, now } = options;
  if (store.list().length > 0 || !existsSync(join(config.dataDir, 'db.json'))) return;
  const lease = await locks.acquire('import-embedded', 60_000);
  if (!lease) return;
  try {
    await store.refresh();
    if (store.list().length > 0) return;
    const embedded = await LowAccountStore.open({ dataDir: config.dataDir, key, oldKeys: config.oldTokenKeys, now });
    for (const account of embedded.list()) {
      const { id, appScopedId, username, profile, tokenIssuedAt, tokenExpiresAt, connectedAt: _c, updatedAt: _u, ...rest } = account;
      await store.upsert({ id, appScopedId, username, profile, tokenIssuedAt, tokenExpiresAt }, embedded.getToken(id));
      await store.update(id, rest);
    }
    if (embedded.list().length > 0) logger.info(`Cluster mode: copied ${embedded.list().length} account(s) from ${join(config.dataDir, 'db.json')} into Redis`);
  } finally {
    await locks.release(lease).catch(() => undefined);
  }
}
