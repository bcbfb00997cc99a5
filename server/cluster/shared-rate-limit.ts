// The cluster-wide request budget per client (RATE_LIMIT_PER_MINUTE across all instances), counted by
// rate-limiter-flexible in Redis. http/rate-limit.ts still counts locally and answers at once; this
// tells it, a moment later, when the client is over the shared budget.
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import type { SharedRateLimit } from '../http/rate-limit.js';
import type { RedisConnections } from './redis.js';

export function sharedRateLimit(redis: RedisConnections, perMinute: number): SharedRateLimit {
  const limiter = new RateLimiterRedis({
    storeClient: redis.client,
    useRedisPackage: true,
    // Fail at once while Redis is down instead of waiting: the local count goes on limiting.
    rejectIfRedisNotReady: true,
    keyPrefix: `${redis.prefix}rate`,
    points: perMinute,
    duration: 60,
  });
  return {
    async consume(key) {
      try {
        await limiter.consume(key);
        return 0;
      } catch (result) {
        if (result instanceof RateLimiterRes) return result.msBeforeNext;
        throw result;
      }
    },
  };
}
