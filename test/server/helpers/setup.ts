import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from 'redis';
import { deriveKey } from '../../../server/accounts/crypto.js';
import { createApp, type AppDeps } from '../../../server/app.js';
import { openBackend } from '../../../server/cluster/backend.js';
import type { FragmentRenderer } from '../../../server/routes/html.js';
import { FeedService } from '../../../server/feed/feed-service.js';
import { loadConfig, type Config } from '../../../server/config.js';
import { InstagramClient } from '../../../server/instagram/client.js';
import { Metrics } from '../../../server/metrics/metrics.js';
import type { MediaMirror } from '../../../server/mirror/types.js';
import { createMemoryLogger } from '../../../server/runtime/logger.js';
import type { NewAccount } from '../../../server/accounts/types.js';
import type { Notifier, StatusChange } from '../../../server/runtime/notifier.js';

export const CLIENT_ID = '990011223344556';
export const CLIENT_SECRET = 'shh-client-secret-0123456789abcdef';
export const GRAPH = 'https://graph.instagram.com';
export const API = 'https://api.instagram.com';

export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'igfeed-test-'));
  // Retries: a write the app started in the background (a snapshot after a connect) may still be creating
  // a file while the test ends, which makes one removal attempt fail with ENOTEMPTY.
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 }) };
}

/**
 * `npm run test:cluster` runs this suite with a redis-server of its own (test/helpers/with-redis.ts):
 * every app is then built in cluster mode, under a key prefix of its own. Unset: embedded mode.
 */
export const clusterRedisUrl: string | undefined = process.env.IGFEED_TEST_REDIS_URL || undefined;

export function testConfig(dataDir: string, env: Record<string, string> = {}): Config {
  // The prefix follows the data directory: a test that restarts over the same directory finds its data again.
  const prefix = `igf-test-${createHash('sha256').update(dataDir).digest('hex').slice(0, 12)}:`;
  // Demo mode (no Instagram app) has no cluster mode: those tests stay embedded.
  const cluster = clusterRedisUrl && env.INSTAGRAM_CLIENT_ID !== '' ? { REDIS_URL: clusterRedisUrl, REDIS_PREFIX: prefix } : {};
  return loadConfig({
    ...cluster,
    INSTAGRAM_CLIENT_ID: CLIENT_ID,
    INSTAGRAM_CLIENT_SECRET: CLIENT_SECRET,
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    SESSION_SECRET: 'test-session-secret-value',
    PUBLIC_URL: 'http://localhost:3000',
    DATA_DIR: dataDir,
    ...env,
  });
}

export function recordingNotifier(): Notifier & { changes: StatusChange[] } {
  const changes: StatusChange[] = [];
  return { changes, statusChanged: async change => void changes.push(change) };
}

/** A real app over a real store in a temp dir; Instagram is whatever nock says. */
export interface BuildOptions {
  env?: Record<string, string>;
  now?: () => number;
  /** Reuse a data directory (and key) to simulate a restart. */
  reuse?: { dir: string; config: Config };
  /** Extra routers, as main.ts mounts the widget and demo page. */
  routers?: AppDeps['routers'];
  readiness?: AppDeps['readiness'];
  /** Makes a media mirror over the app's data directory for the feed service (MEDIA_MODE=mirror); none by default. */
  mirror?: (dataDir: string) => MediaMirror;
  /** Metrics with process metrics too, as main.ts builds them. */
  processMetrics?: boolean;
}

/** A real app over a real store in a temp dir, with the feed service; Instagram is whatever nock says. */
export async function buildApp(options: BuildOptions = {}) {
  const { dir, cleanup } = options.reuse ? { dir: options.reuse.dir, cleanup: async () => {} } : await tempDir();
  const config = options.reuse?.config ?? testConfig(dir, options.env);
  const logger = createMemoryLogger({ level: config.logLevel, format: config.logFormat });
  const backend = await openBackend({ config, logger, key: config.tokenKey!, now: options.now });
  const { store, deletions } = backend;
  const notifier = recordingNotifier();
  const instagram = new InstagramClient(config.instagram);
  const feeds = new FeedService({
    store,
    instagram,
    notifier,
    logger,
    now: options.now,
    random: () => 1,
    snapshots: backend.snapshots,
    exchange: backend.exchange,
    backoff: backend.backoff,
    cursorKeys: [config.tokenKey!, ...config.oldTokenKeys].map(key => deriveKey(key, 'feed-cursor')),
    ttlSeconds: config.feedTtlSeconds,
    cacheMaxBytes: config.feedCacheMaxMb * 1024 * 1024,
    mirror: options.mirror?.(dir),
  });
  await feeds.init();
  // `app` is the whole request path (the fast path, then Express), as the server runs it.
  const { listener: app } = createApp({
    config,
    store,
    instagram,
    notifier,
    logger,
    now: options.now,
    feeds,
    deletions,
    routers: options.routers,
    readiness: options.readiness,
    metrics: options.processMetrics ? new Metrics({ store, feeds, now: options.now, processMetrics: true }) : undefined,
    fragmentRenderer: sourceRenderer,
    sessionStore: backend.sessionStore,
    sharedRateLimit: backend.sharedRateLimit,
    locks: backend.locks,
    clusterStatus: backend.status,
  });
  store.watch?.((id, account) => {
    if (!account) feeds.forgetHere(id);
  });
  const close = async () => {
    await backend.close();
    await cleanup();
  };
  return { app, config, store, logger, notifier, instagram, feeds, deletions, backend, dir, cleanup: close };
}

// The element's server-side renderer from its sources (the server loads the build in dist/ssr/, which the
// tests run before). A variable path: the root tsconfig has no DOM types to check widget code with.
const SSR_SOURCE = '../../../widget/ssr.js';
const sourceRenderer = () => import(SSR_SOURCE).then(module => module.renderFeedElement as FragmentRenderer);

/** @northshore.coffee as the tests store it, its 60-day token issued at `issuedAt`; `overrides` for the rest. */
export function testAccount(issuedAt: number, overrides: Partial<NewAccount> = {}): NewAccount {
  return {
    id: '17841400000000001',
    appScopedId: null,
    username: 'northshore.coffee',
    profile: {
      username: 'northshore.coffee',
      name: 'North Shore',
      accountType: 'BUSINESS',
      profilePictureUrl: null,
      followersCount: 1,
      followsCount: 1,
      mediaCount: 1,
      biography: null,
      website: null,
    },
    tokenIssuedAt: new Date(issuedAt).toISOString(),
    tokenExpiresAt: new Date(issuedAt + 60 * 86_400_000).toISOString(),
    ...overrides,
  };
}

/** Reads a few keys of the app's Redis namespace (cluster mode). */
async function readRedis<T>(config: Config, read: (client: ReturnType<typeof createClient>, prefix: string) => Promise<T>): Promise<T> {
  const client = createClient({ url: config.redisUrl });
  await client.connect();
  try {
    return await read(client, config.redisPrefix);
  } finally {
    client.destroy();
  }
}

/** The accounts as persisted, as text: db.json, or in cluster mode the records in Redis. */
export async function persistedAccounts(ctx: { config: Config; dir: string }): Promise<string> {
  if (!ctx.config.redisUrl) return readFile(join(ctx.dir, 'db.json'), 'utf8');
  return readRedis(ctx.config, async (client, prefix) => JSON.stringify(await client.hGetAll(`${prefix}accounts`)));
}

/** The last-good copy of an account's first chunk as persisted: DATA_DIR/feeds/<id>.json, or in cluster mode its Redis record. */
export async function persistedSnapshot(ctx: { config: Config; dir: string }, id: string): Promise<string> {
  if (!ctx.config.redisUrl) return readFile(join(ctx.dir, 'feeds', `${id}.json`), 'utf8');
  return readRedis(ctx.config, async (client, prefix) => (await client.hGet(`${prefix}snapshots`, id)) ?? '');
}
