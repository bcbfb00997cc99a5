// Cluster mode's protections on their own, against the real redis-server of `npm run test:cluster`
// (skipped by plain `npm run test:server`, which has no Redis): leases expire and fence, a write under a stale lease is refused, replicas follow each
// other within a second, a dead leader is replaced, and Redis only ever holds sealed tokens.
import { randomBytes } from 'node:crypto';
import { afterEach, describe as suite, expect, it } from 'vitest';
import { Leadership } from '../../../server/cluster/leader.js';
import { RedisLocks } from '../../../server/cluster/locks.js';
import { RedisAccountStore } from '../../../server/cluster/redis-account-store.js';
import { connectRedis, type RedisConnections } from '../../../server/cluster/redis.js';
import { StaleLeaseError } from '../../../server/runtime/coordination.js';
import { createMemoryLogger } from '../../../server/runtime/logger.js';
import { LowAccountStore } from '../../../server/accounts/account-store.js';
import { openBackend } from '../../../server/cluster/backend.js';
import { EMPTY_CURATION } from '../../../server/curation/curation.js';
import { clusterRedisUrl, tempDir, testAccount, testConfig } from '../helpers/setup.js';

const describe = suite.skipIf(clusterRedisUrl === undefined);
const url = clusterRedisUrl!;
const logger = createMemoryLogger();
const opened: { close(): unknown }[] = [];
const TOKEN = 'IGAAcluster-plain-token-0123456789';

async function connect(prefix: string): Promise<RedisConnections> {
  const redis = await connectRedis(url, logger, prefix);
  opened.push(redis);
  return redis;
}

function prefix(): string {
  return `igf-unit-${randomBytes(6).toString('hex')}:`;
}

async function waitFor(check: () => boolean, ms: number): Promise<number> {
  const started = Date.now();
  while (!check()) {
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise(r => setTimeout(r, 20));
  }
  return Date.now() - started;
}

afterEach(async () => {
  while (opened.length) await opened.pop()!.close();
});

describe('leases', () => {
  it('are exclusive, fenced in order, and free again after the TTL when the holder never gives them back', async () => {
    const p = prefix();
    const [a, b] = [new RedisLocks(await connect(p)), new RedisLocks(await connect(p))];
    const first = await a.acquire('chunk:x', 300);
    expect(first).not.toBeNull();
    expect(await b.acquire('chunk:x', 300)).toBeNull();
    // The holder is "killed": it neither renews nor releases.
    await new Promise(r => setTimeout(r, 350));
    const second = await b.acquire('chunk:x', 300);
    expect(second!.fence).toBeGreaterThan(first!.fence);
    expect(await a.renew(first!, 300)).toBe(false);
    await a.release(first!); // no effect on b's lease
    expect(await a.acquire('chunk:x', 300)).toBeNull();
  });
});

describe('the account store in Redis', () => {
  it('refuses a write made under a lease that expired, keeping the token written by the new holder', async () => {
    const p = prefix();
    const key = randomBytes(32);
    const redisA = await connect(p);
    const redisB = await connect(p);
    const a = await RedisAccountStore.open({ redis: redisA, key, logger });
    const b = await RedisAccountStore.open({ redis: redisB, key, logger });
    opened.push(a, b);
    await a.upsert(testAccount(Date.now()), TOKEN);
    const [locksA, locksB] = [new RedisLocks(redisA), new RedisLocks(redisB)];
    const slow = (await locksA.acquire('refresh:x', 200))!;
    await new Promise(r => setTimeout(r, 250)); // A pauses past its lease...
    const fresh = (await locksB.acquire('refresh:x', 5_000))!; // ...B takes over and refreshes
    await b.update('17841400000000001', { lastRefreshAt: new Date().toISOString() }, 'IGAAnew-token-from-b-0123456789', { lease: fresh });
    await expect(a.update('17841400000000001', { lastRefreshAt: null }, 'IGAAold-token-from-a-0123456789', { lease: slow })).rejects.toThrow(StaleLeaseError);
    expect(await b.latest('17841400000000001')).toBeDefined();
    expect(b.getToken('17841400000000001')).toBe('IGAAnew-token-from-b-0123456789');
  });

  it('shows a change made by one instance on the other within a second, a deletion included', async () => {
    const p = prefix();
    const key = randomBytes(32);
    const a = await RedisAccountStore.open({ redis: await connect(p), key, logger });
    const b = await RedisAccountStore.open({ redis: await connect(p), key, logger });
    opened.push(a, b);
    await a.upsert(testAccount(Date.now()), TOKEN);
    expect(await waitFor(() => b.get('northshore.coffee') !== undefined, 1_000)).toBeLessThan(1_000);
    expect(b.getToken('northshore.coffee')).toBe(TOKEN);
    await a.update('northshore.coffee', { lastError: 'seen on a' });
    await waitFor(() => b.get('northshore.coffee')?.lastError === 'seen on a', 1_000);
    await b.delete('northshore.coffee');
    expect(await waitFor(() => a.get('northshore.coffee') === undefined, 1_000)).toBeLessThan(1_000);
  });

  it('writes the accounts back when Redis comes back without them, and follows changes after that', async () => {
    const p = prefix();
    const key = randomBytes(32);
    const redis = await connect(p);
    const a = await RedisAccountStore.open({ redis, key, logger });
    const b = await RedisAccountStore.open({ redis: await connect(p), key, logger });
    opened.push(a, b);
    await a.upsert(testAccount(Date.now()), TOKEN);
    for (let i = 0; i < 5; i++) await a.update('northshore.coffee', { lastError: `before ${i}` });
    await waitFor(() => b.get('northshore.coffee')?.lastError === 'before 4', 1_000);
    // Redis restarted without persistence: every key of ours is gone.
    await redis.client.del(await redis.client.keys(`${p}*`));
    const restored = async () => (await redis.client.hGet(`${p}accounts`, '17841400000000001')) !== null;
    const started = Date.now();
    while (!(await restored())) {
      if (Date.now() - started > 3_000) throw new Error('not written back within 3 s');
      await new Promise(r => setTimeout(r, 50));
    }
    expect(a.getToken('northshore.coffee')).toBe(TOKEN);
    // Revisions started again: a change after the restore still reaches the other replica.
    await b.update('northshore.coffee', { lastError: 'after' });
    await waitFor(() => a.get('northshore.coffee')?.lastError === 'after', 2_000);
  });

  it('keeps only sealed tokens in Redis', async () => {
    const p = prefix();
    const redis = await connect(p);
    const store = await RedisAccountStore.open({ redis, key: randomBytes(32), logger });
    opened.push(store);
    await store.upsert(testAccount(Date.now()), TOKEN);
    const keys = await redis.client.keys(`${p}*`);
    let everything = '';
    for (const k of keys) {
      const type = await redis.client.type(k);
      everything += type === 'hash' ? JSON.stringify(await redis.client.hGetAll(k)) : type === 'string' ? await redis.client.get(k) : '';
    }
    expect(everything).toContain('northshore.coffee');
    expect(everything).not.toContain(TOKEN);
  });
});

describe('leader election', () => {
  it('has one leader, and another takes over once the leader dies without a word', async () => {
    const p = prefix();
    const redisA = await connect(p);
    const a = new Leadership({ locks: new RedisLocks(redisA), logger, leaseMs: 600, renewMs: 150 });
    const b = new Leadership({ locks: new RedisLocks(await connect(p)), logger, leaseMs: 600, renewMs: 150 });
    a.start();
    await waitFor(() => a.isLeader(), 1_000);
    b.start();
    await new Promise(r => setTimeout(r, 400));
    expect([a.isLeader(), b.isLeader()]).toEqual([true, false]);
    // The leader's link dies: no renewal, no release; its lease runs out in Redis.
    const killedAt = Date.now();
    redisA.client.destroy();
    let both = false;
    await waitFor(() => {
      both ||= a.isLeader() && b.isLeader();
      return b.isLeader();
    }, 2_000);
    expect(Date.now() - killedAt).toBeLessThan(600 + 150 + 300);
    expect(both).toBe(false);
    expect(a.isLeader()).toBe(false);
    await Promise.all([a.stop(), b.stop()]);
  });
});

describe('moving from embedded mode', () => {
  it('copies the accounts of db.json into an empty Redis once, tokens and curation included', async () => {
    const { dir, cleanup } = await tempDir();
    try {
      const config = testConfig(dir);
      const embedded = await LowAccountStore.open({ dataDir: dir, key: config.tokenKey! });
      await embedded.upsert(testAccount(Date.now()), TOKEN);
      const curation = { ...EMPTY_CURATION, hidden: ['1'], revision: 3, updatedAt: new Date().toISOString(), pinSets: [] };
      await embedded.update('northshore.coffee', { curation });
      const first = await openBackend({ config, logger, key: config.tokenKey! });
      const second = await openBackend({ config, logger, key: config.tokenKey! });
      opened.push(first, second);
      for (const backend of [first, second]) {
        expect(backend.store.list().map(a => a.username)).toEqual(['northshore.coffee']);
        expect(backend.store.getToken('northshore.coffee')).toBe(TOKEN);
        expect(backend.store.get('northshore.coffee')!.curation).toMatchObject({ revision: 3 });
      }
    } finally {
      await cleanup();
    }
  });
});
