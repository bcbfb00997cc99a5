// Process entry: configuration, real dependencies, listen, scheduler, graceful shutdown.
import { existsSync } from 'node:fs';
import { createServer, type RequestListener, type Server } from 'node:http';
import { join } from 'node:path';
import { createApp } from './app.js';
import { bootstrap, type Runtime } from './runtime/bootstrap.js';
import { ConfigError, type Config } from './config.js';
import { deriveKey } from './accounts/crypto.js';
import { FeedService } from './feed/feed-service.js';
import { createMediaMirror } from './mirror/mirror.js';
import { INSTAGRAM_CDN_HOSTS } from './mirror/url-policy.js';
import { Scheduler } from './jobs/scheduler.js';
import { refreshDueTokens } from './jobs/token-refresh.js';
import type { Logger } from './runtime/logger.js';
import { demoRouter } from './routes/demo.js';
import { widgetRouter } from './routes/widget.js';
import { packageRoot } from './runtime/package-root.js';
import { Readiness } from './runtime/readiness.js';
import { Metrics } from './metrics/metrics.js';

const SHUTDOWN_GRACE_MS = 4_000;
const ROOT = packageRoot();

async function main(): Promise<void> {
  let runtime: Runtime;
  try {
    runtime = await bootstrap();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\nSee README.md (Configuration) for every variable.\n`);
      process.exit(1);
    }
    throw error;
  }
  const { config, logger, key, store, instagram, notifier, backend } = runtime;
  const now = Date.now;
  const disk = config.mediaMode === 'mirror' ? createMirror(config, logger) : undefined;
  const mirror = disk && backend.shareMirror ? await backend.shareMirror(disk) : disk;
  const feeds = new FeedService({
    mirror,
    store,
    instagram,
    notifier,
    logger,
    now,
    snapshots: backend.snapshots,
    exchange: backend.exchange,
    backoff: backend.backoff,
    // A fetch is one or two Instagram calls (posts, and the profile at most daily) and a few writes.
    fetchLeaseMs: 3 * config.instagram.timeoutMs + 5_000,
    // Cursors signed under an old key stay valid while TOKEN_ENCRYPTION_KEYS_OLD lists it (key rotation).
    cursorKeys: [key, ...config.oldTokenKeys].map(k => deriveKey(k, 'feed-cursor')),
    ttlSeconds: config.feedTtlSeconds,
    cacheMaxBytes: config.feedCacheMaxMb * 1024 * 1024,
  });
  await feeds.init();
  // Cluster mode: another instance disconnected an account (and removed its shared state); drop this one's copies.
  store.watch?.((id, account) => {
    if (!account) feeds.forgetHere(id);
  });
  // `npm start` builds first (scripts/ensure-build.mjs); a server started some other way says what is missing.
  if (!existsSync(join(ROOT, 'dist', 'instagram-feed.js'))) logger.warn('dist/ has no widget build: run `npm run build` to serve /widget/ and the demo page');
  const { deletions, leadership, locks } = backend;
  const routers = [widgetRouter(join(ROOT, 'dist')), demoRouter({ dir: join(ROOT, 'dist', 'demo'), demoMode: config.demoMode, publicUrl: config.publicUrl })];
  const readiness = new Readiness();
  // Process metrics (CPU, memory, event loop, GC) belong to the real process: only main.ts asks for them.
  const metrics = new Metrics({ store, feeds, now, processMetrics: true });
  const { sessionStore, sharedRateLimit } = backend;
  // One Instagram call (bounded by its timeout) and one write: a refresh killed midway holds the token back this long at most.
  const refreshLeaseMs = Math.round(1.5 * config.instagram.timeoutMs) + 2_000;
  const { listener } = createApp({
    config,
    store,
    instagram,
    notifier,
    logger,
    now,
    feeds,
    deletions,
    routers,
    readiness,
    metrics,
    sessionStore,
    sharedRateLimit,
    locks,
    refreshLeaseMs,
    clusterStatus: backend.status,
  });
  const scheduler = new Scheduler({
    logger,
    isLeader: leadership && (() => leadership.isLeader()),
    tasks: [
      {
        name: 'token-refresh',
        intervalMs: 15 * 60_000,
        leaderOnly: true,
        run: () => refreshDueTokens({ store, instagram, notifier, logger, now, locks, leaseMs: refreshLeaseMs, windowDays: config.tokenRefreshWindowDays }),
      },
      // Every instance: each refreshes the chunks its own visitors view; the chunk exchange makes that one Instagram call per chunk.
      // Often enough to catch chunks inside their last 5 s of freshness; a pass only reads memory.
      { name: 'feed-refresh-ahead', intervalMs: 5_000, run: () => feeds.refreshAhead() },
    ],
  });

  const server = await listen(listener, config, logger);
  scheduler.start();
  // A new leader runs the token refresh at once: the old one may have died in the middle of a pass.
  leadership?.whenElected(() => void scheduler.runNow('token-refresh'));
  leadership?.start();
  readiness.ready();
  installShutdown(server, logger, readiness, async () => {
    await scheduler.stop();
    await runtime.close();
  });
}

function createMirror(config: Config, logger: Logger) {
  // In demo mode the emulator plays Instagram's CDN, over plain HTTP on loopback.
  const emulatorHost = config.demoMode ? [new URL(config.instagram.graphUrl).host] : [];
  return createMediaMirror({
    dataDir: config.dataDir,
    mediaDir: config.mediaDir,
    publicUrl: config.publicUrl,
    allowedHosts: [...INSTAGRAM_CDN_HOSTS, ...emulatorHost],
    allowHttpHosts: emulatorHost,
    maxCacheBytes: config.mediaCacheMaxMb * 1024 * 1024,
    mirrorVideos: config.mediaMirrorVideos,
    logger,
  });
}

function listen(listener: RequestListener, config: Config, logger: Logger): Promise<Server> {
  return new Promise((resolve, reject) => {
    // Slow clients (slowloris) hold a socket and memory: the headers must arrive within 10 s and the
    // whole request within REQUEST_TIMEOUT_MS (Node's defaults are 60 s and 5 min), or the answer is 408.
    // Node checks these limits periodically; a check every second keeps the cut-off close to the limit.
    const requestTimeout = config.requestTimeoutMs;
    const server = createServer(
      { requestTimeout, headersTimeout: Math.min(10_000, requestTimeout), connectionsCheckingInterval: Math.min(1_000, requestTimeout / 2) },
      listener,
    );
    // A backlog above Node's default 511: a burst of new visitors' connections (or a CDN opening many)
    // must queue, not have their SYNs dropped and retried seconds later.
    server.listen(config.port, config.host, 4096, () => {
      logger.info(`instagram-feed is listening on ${config.publicUrl} (bound to ${config.host}:${config.port})`);
      resolve(server);
    });
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        process.stderr.write(`Port ${config.port} is already in use. Stop the other process or set PORT to a free port.\n`);
        process.exit(1);
      }
      reject(error);
    });
    // Node 20's libuv accepts one connection per event-loop turn (libuv#3696). When the process is
    // saturated by hundreds of busy keep-alive connections, each turn is long and new connections wait
    // in the backlog: with every feed request going through Express, 1,000 connections left some new
    // ones unanswered for over 20 s. The warm-page fast path keeps turns short enough that the backlog
    // drains within a second (test/soak/load.test.ts); a proxy or CDN in front keeps connections few.
  });
}

function installShutdown(server: Server, logger: Logger, readiness: Readiness, stopOthers: () => Promise<void>): void {
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    // /readyz answers 503 on connections still open, so a load balancer stops sending new requests here.
    readiness.drain();
    logger.info(`${signal} received: finishing requests in flight, then exiting`);
    const force = setTimeout(() => {
      logger.warn('Shutdown took too long; closing remaining connections');
      server.closeAllConnections();
      process.exit(1);
    }, SHUTDOWN_GRACE_MS);
    force.unref();
    server.close(() => {
      void stopOthers().finally(() => {
        clearTimeout(force);
        process.exit(0);
      });
    });
    // Keep-alive connections turn idle as their last response ends; close them as they do.
    server.closeIdleConnections();
    setInterval(() => server.closeIdleConnections(), 50).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch(error => {
  process.stderr.write(`instagram-feed could not start: ${(error as Error).message}\n`);
  process.exit(1);
});
