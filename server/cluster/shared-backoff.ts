// Backoff state shared by the instances (feed/backoff.ts): when one instance sees Instagram fail for an
// account, the others hold that account back too instead of each trying again. `igf:backoff` holds each
// key's state; changes are announced on `igf:backoff:changed` and applied to every other instance's
// local table, which is what the request path reads (synchronously).
import type { AccountBackoff, BackoffState } from '../feed/backoff.js';
import type { Logger } from '../runtime/logger.js';
import type { RedisConnections } from './redis.js';

interface Message {
  from: string;
  key: string;
  state: BackoffState | null;
}

export async function shareBackoff(backoff: AccountBackoff, redis: RedisConnections, instance: string, logger: Logger, now: () => number): Promise<void> {
  const STATES = `${redis.prefix}backoff`;
  const CHANNEL = `${redis.prefix}backoff:changed`;
  const load = async () => {
    for (const [key, json] of Object.entries(await redis.client.hGetAll(STATES))) {
      const state = JSON.parse(json) as BackoffState;
      // Long over and forgiven: nothing left to share.
      if (state.blockedUntil < now() - 3600_000) void redis.client.hDel(STATES, key).catch(() => undefined);
      else backoff.apply(key, state);
    }
  };
  await load();
  redis.onReady(() => void load().catch(() => undefined));
  await redis.subscriber.subscribe(CHANNEL, text => {
    const message = JSON.parse(text) as Message;
    if (message.from !== instance) backoff.apply(message.key, message.state);
  });
  backoff.share((key, state) => {
    const message: Message = { from: instance, key, state };
    const write = state ? redis.client.hSet(STATES, key, JSON.stringify(state)) : redis.client.hDel(STATES, key);
    write
      .then(() => redis.client.publish(CHANNEL, JSON.stringify(message)))
      .catch(error => logger.debug('Could not share a backoff change; this instance keeps it', { error: (error as Error).message }));
  });
}
