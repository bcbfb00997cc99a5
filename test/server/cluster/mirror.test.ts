// The media mirror in cluster mode (cluster/cluster-mirror.ts): two instances over one MEDIA_DIR, one
// of them leader. Only the leader writes; a follower hands its jobs over, reads each manifest the
// leader saves, and so only names files that are on the shared disk. Needs `npm run test:cluster`.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import nock from 'nock';
import { afterEach, beforeAll, describe as suite, expect, it } from 'vitest';
import { clusterMirror } from '../../../server/cluster/cluster-mirror.js';
import { Leadership } from '../../../server/cluster/leader.js';
import { RedisLocks } from '../../../server/cluster/locks.js';
import { connectRedis, type RedisConnections } from '../../../server/cluster/redis.js';
import type { MediaMirror } from '../../../server/mirror/types.js';
import { createMemoryLogger } from '../../../server/runtime/logger.js';
import { clusterRedisUrl } from '../helpers/setup.js';
import { ACCOUNT, CDN, cdnUrl, imagePost, makeImage, testMirror, useCdnSandbox } from '../mirror-helpers.js';

const describe = suite.skipIf(clusterRedisUrl === undefined);
const sandbox = useCdnSandbox();
const logger = createMemoryLogger();
const closing: { close(): unknown; stop?(): unknown }[] = [];
let image: Buffer;
beforeAll(async () => {
  image = await makeImage(800, 800);
});
afterEach(async () => {
  while (closing.length) {
    const item = closing.pop()!;
    await (item.stop ? item.stop() : item.close());
  }
});

async function instance(prefix: string, mediaDir: string) {
  const redis: RedisConnections = await connectRedis(clusterRedisUrl!, logger, prefix);
  closing.push(redis);
  const locks = new RedisLocks(redis);
  const leadership = new Leadership({ locks, logger, leaseMs: 2_000, renewMs: 200 });
  closing.push({ close: () => undefined, stop: () => leadership.stop() });
  const { mirror: disk } = testMirror(sandbox.dir(), { mediaDir, now: Date.now });
  const mirror: MediaMirror = await clusterMirror(disk, { redis, leadership, instance: locks.instance, logger });
  return { mirror, disk, leadership };
}

async function until(check: () => boolean, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms`);
    await new Promise(r => setTimeout(r, 25));
  }
}

describe('the media mirror in cluster mode', () => {
  it('writes on the leader only, and shows a follower only files that are on the shared disk', async () => {
    const prefix = `igf-mirror-${randomBytes(4).toString('hex')}:`;
    const mediaDir = join(sandbox.dir(), 'shared-media');
    const leader = await instance(prefix, mediaDir);
    leader.leadership.start();
    await until(() => leader.leadership.isLeader());
    const follower = await instance(prefix, mediaDir);
    follower.leadership.start();
    const scope = nock(CDN).get('/v/t51.2885-15/a.jpg').query(true).once().reply(200, image, { 'content-type': 'image/jpeg' });
    // The follower fetched the posts: it hands the job to the leader, which downloads once.
    const post = imagePost('1001', cdnUrl('/v/t51.2885-15/a.jpg'));
    follower.mirror.schedule(ACCOUNT, [post]);
    await until(() => (follower.mirror.decorate(ACCOUNT, [post])[0]!.sources?.length ?? 0) > 0);
    expect(scope.isDone()).toBe(true);
    expect(follower.leadership.isLeader()).toBe(false);
    const [leaderView, followerView] = [leader.mirror.decorate(ACCOUNT, [post])[0]!, follower.mirror.decorate(ACCOUNT, [post])[0]!];
    expect(followerView.sources).toEqual(leaderView.sources);
    // A disconnect through the follower deletes the media, and the leader forgets it too.
    await follower.mirror.forget(ACCOUNT);
    await until(() => (leader.mirror.decorate(ACCOUNT, [post])[0]!.sources?.length ?? 0) === 0);
  });
});
