// The media mirror in cluster mode: MEDIA_DIR is one directory every instance mounts, and one instance
// writes it, the leader. Another instance that fetched posts hands the leader the job over Redis
// (`igf:mirror:schedule`); with no leader at that moment the job is dropped and the next fetch brings it
// again. After the leader saves an account's manifest it says so (`igf:mirror:changed`) and the others
// read the manifest again, so they only ever name files that are on the shared disk; files a manifest
// stops naming are deleted after that message. A disconnect deletes the account's media from any
// instance, and every instance forgets it.
import type { Media } from '../../widget/contract.js';
import type { MediaMirror, SharedMediaMirror } from '../mirror/types.js';
import type { Logger } from '../runtime/logger.js';
import type { Leadership } from './leader.js';
import type { RedisConnections } from './redis.js';

interface ScheduleMessage {
  accountId: string;
  media: Media[];
  avatarUrl: string | null;
}

interface ChangedMessage {
  from: string;
  accountId: string;
  forgotten: boolean;
}

export async function clusterMirror(
  local: SharedMediaMirror,
  options: { redis: RedisConnections; leadership: Leadership; instance: string; logger: Logger },
): Promise<MediaMirror> {
  const { redis, leadership, instance, logger } = options;
  const scheduleChannel = `${redis.prefix}mirror:schedule`;
  const changedChannel = `${redis.prefix}mirror:changed`;
  let forgetting = false;
  const publish = (channel: string, message: unknown) =>
    void redis.client
      .publish(channel, JSON.stringify(message))
      .catch(error => logger.debug('Could not reach Redis for the mirror', { error: (error as Error).message }));

  local.onChanged(accountId => publish(changedChannel, { from: instance, accountId, forgotten: forgetting } satisfies ChangedMessage));
  await redis.subscriber.subscribe(scheduleChannel, text => {
    if (!leadership.isLeader()) return;
    const message = JSON.parse(text) as ScheduleMessage;
    local.schedule(message.accountId, message.media, { avatarUrl: message.avatarUrl });
  });
  await redis.subscriber.subscribe(changedChannel, text => {
    const message = JSON.parse(text) as ChangedMessage;
    if (message.from === instance) return;
    const done = message.forgotten ? local.forget(message.accountId) : local.reload(message.accountId);
    done.catch(error => logger.warn('Could not read a media manifest another instance wrote', { account: message.accountId, error: (error as Error).message }));
  });

  return {
    schedule(accountId, media, scheduleOptions = {}) {
      if (leadership.isLeader()) return local.schedule(accountId, media, scheduleOptions);
      publish(scheduleChannel, { accountId, media: [...media], avatarUrl: scheduleOptions.avatarUrl ?? null } satisfies ScheduleMessage);
    },
    decorate: (accountId, media) => local.decorate(accountId, media),
    avatar: accountId => local.avatar(accountId),
    status: () => local.status(),
    get version() {
      return local.version;
    },
    async forget(accountId) {
      forgetting = true;
      try {
        await local.forget(accountId);
      } finally {
        forgetting = false;
      }
    },
  };
}
