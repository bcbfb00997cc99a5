// The Redis connections of cluster mode (REDIS_URL): one for commands, one for subscriptions (a
// subscribed connection can do nothing else). Commands fail at once while Redis is unreachable
// instead of queueing (`disableOfflineQueue`): every caller has a local answer to fall back on
// (memory, the last copy, a 503), and a queue would hold visitors' requests for as long as Redis is
// down. node-redis reconnects by itself and re-subscribes; `onReady` runs after every (re)connect so
// replicas can reload what they may have missed.
import { createClient } from 'redis';
import type { Logger } from '../runtime/logger.js';

export type Redis = ReturnType<typeof createClient>;

/** Every key and channel of ours starts with this (REDIS_PREFIX), so one Redis can hold other data too. */
export const DEFAULT_PREFIX = 'igf:';

export interface RedisConnections {
  /** Prepended to every key and channel name. */
  prefix: string;
  client: Redis;
  subscriber: Redis;
  /** Runs `listener` after each (re)connect of the command connection. */
  onReady(listener: () => void): void;
  close(): Promise<void>;
}

/** `redis://user:secret@host` without the password, for messages. */
export function describeRedisUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return 'an invalid REDIS_URL';
  }
}

export async function connectRedis(url: string, logger: Logger, prefix = DEFAULT_PREFIX): Promise<RedisConnections> {
  const options = {
    url,
    disableOfflineQueue: true,
    pingInterval: 5_000,
    socket: {
      connectTimeout: 5_000,
      // 50 ms, doubling up to 2 s: a restarted Redis is found again within about 2 s.
      reconnectStrategy: (retries: number) => Math.min(50 * 2 ** retries, 2_000),
    },
  };
  const client = createClient(options);
  const subscriber = client.duplicate();
  const listeners: (() => void)[] = [];
  let down = false;
  // node-redis emits 'error' on every failed reconnect attempt: one line when the link drops, one when it is back.
  for (const [name, connection] of [
    ['commands', client],
    ['subscriber', subscriber],
  ] as const) {
    connection.on('error', (error: Error) => {
      if (name === 'commands' && !down) {
        down = true;
        logger.warn(`Redis at ${describeRedisUrl(url)} is unreachable; serving from memory until it is back`, { error: error.message });
      }
    });
  }
  client.on('ready', () => {
    if (down) logger.info(`Redis at ${describeRedisUrl(url)} is reachable again`);
    down = false;
    for (const listener of listeners) listener();
  });
  try {
    await client.connect();
    await subscriber.connect();
  } catch (error) {
    client.destroy();
    subscriber.destroy();
    throw new Error(`Cannot connect to Redis at ${describeRedisUrl(url)}: ${(error as Error).message}`, { cause: error });
  }
  return {
    prefix,
    client,
    subscriber,
    onReady: listener => void listeners.push(listener),
    async close() {
      await Promise.allSettled([client.close(), subscriber.close()]);
    },
  };
}
