// The Express app, built from injected dependencies, and the request listener that puts the warm-feed
// fast path in front of it. Neither listens nor starts timers: main.ts does both, and tests drive the
// listener directly with supertest.
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, RequestListener } from 'node:http';
import proxyAddr from 'proxy-addr';
import type { AccountStore } from './accounts/types.js';
import { createAdminGuard } from './http/admin-auth.js';
import type { Config } from './config.js';
import { httpErrorFor } from './http/domain-errors.js';
import { HttpError } from './http/http-error.js';
import type { InstagramClient } from './instagram/client.js';
import type { ClusterStatus, Locks } from './runtime/coordination.js';
import type { Logger } from './runtime/logger.js';
import type { Notifier } from './runtime/notifier.js';
import type { FeedService } from './feed/feed-service.js';
import { adminRouter } from './routes/admin.js';
import { type FragmentRenderer, htmlRouter } from './routes/html.js';
import { loadBuiltRenderer } from './render/load-renderer.js';
import { CurationService } from './curation/curation-service.js';
import { FEED_ROUTE, feedFastPath, feedRouter } from './routes/feed.js';
import { connectRouter } from './routes/connect.js';
import { healthRouter } from './routes/health.js';
import type { DeletionRecords } from './accounts/deletion-log.js';
import { rateLimit, type SharedRateLimit } from './http/rate-limit.js';
import { mediaRouter } from './routes/media.js';
import { metaRouter } from './routes/meta.js';
import { PruningSessionStore } from './http/session-store.js';
import { createAccessLog } from './http/access-log.js';
import { Readiness } from './runtime/readiness.js';
import { Metrics } from './metrics/metrics.js';
import { metricsGuard } from './http/metrics-auth.js';
import { metricsRouter } from './routes/metrics.js';
import { syndicationRouter } from './routes/syndication.js';

export interface AppDeps {
  config: Config;
  store: AccountStore;
  instagram: InstagramClient;
  notifier: Notifier;
  logger: Logger;
  now?: () => number;
  sessionStore?: session.Store;
  /** Cluster mode: the request budget all instances share (the limiter still answers locally first). */
  sharedRateLimit?: SharedRateLimit;
  /** Cluster mode: leases, so a token refreshed through the admin API is never refreshed twice (jobs/token-refresh.ts). */
  locks?: Locks;
  refreshLeaseMs?: number;
  /** Cluster mode: Redis reachable, this instance leading (admin `/healthz`). */
  clusterStatus?: () => ClusterStatus;
  /** The feed service; without it only the connect, admin and health routes exist. */
  feeds?: FeedService;
  /** Meta data-deletion confirmations; without it the Meta callbacks are not mounted. */
  deletions?: DeletionRecords;
  /** Extra routers mounted before the 404 handler (widget, demo page...). */
  routers?: RequestHandler[];
  /** What `/readyz` answers; main.ts moves it through starting, ready and draining. Absent: always ready. */
  readiness?: Pick<Readiness, 'state'>;
  /** What `/metrics` reports; main.ts passes one with process metrics. Absent: one without them. */
  metrics?: Metrics;
  /** Lit's SSR of the element (`/api/feeds/:account/html`, `/embed/:account`); default: the build in dist/ssr/. */
  fragmentRenderer?: () => Promise<FragmentRenderer>;
}

/** The Express app, and the request listener an HTTP server runs: the warm-feed fast path, then the app. */
export interface CreatedApp {
  app: express.Express;
  listener: RequestListener;
}

export function createApp(deps: AppDeps): CreatedApp {
  const { config, logger } = deps;
  const now = deps.now ?? Date.now;
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', 'strong');
  app.set('query parser', 'simple');
  if (config.trustProxy !== undefined) app.set('trust proxy', /^\d+$/.test(config.trustProxy) ? Number(config.trustProxy) : config.trustProxy);
  const limiter = rateLimit({ max: config.rateLimitPerMinute, now, shared: deps.sharedRateLimit });
  const { feeds } = deps;
  const metrics = deps.metrics ?? new Metrics({ store: deps.store, feeds, now });
  deps.instagram.observe(metrics.instagramCall);
  // The feed API is the hot path and answers JSON only: it comes first, applies the same limiter
  // itself, and sets the few headers JSON needs (nosniff, CORS, CORP) instead of the document ones.
  // Only at debug level: otherwise the listener and the feed route stay exactly as they were.
  const { requireAdmin, sameOrigin, isAdmin } = createAdminGuard({
    password: config.adminPassword,
    publicUrl: config.publicUrl,
    allowedHosts: config.allowedHosts,
    now,
  });
  const accessLog = logger.enabled('debug') ? createAccessLog(logger) : undefined;
  const feedDeps = feeds && {
    requireAdmin,
    feeds,
    allowedOrigins: config.allowedOrigins,
    ttlSeconds: config.feedTtlSeconds,
    limiter,
    onCache: accessLog?.noteCache,
    observe: metrics.feedRoute(FEED_ROUTE),
  };
  if (feedDeps) app.use(feedRouter(feedDeps));
  // RSS and JSON Feed of the same pages: like the feed route, they apply the limiter themselves and keep CORS on errors.
  if (feeds) {
    app.use(syndicationRouter({ feeds, allowedOrigins: config.allowedOrigins, publicUrl: config.publicUrl, ttlSeconds: config.feedTtlSeconds, limiter }));
  }
  app.use(limiter);
  app.use(securityHeaders(config));
  if (feeds) {
    app.use(htmlRouter({ feeds, publicUrl: config.publicUrl, allowedOrigins: config.allowedOrigins, renderer: deps.fragmentRenderer ?? loadBuiltRenderer() }));
  }

  // Sessions exist only for the OAuth dance; feed requests never get a cookie.
  const sessions = session({
    name: 'igfeed.sid',
    secret: config.sessionSecret ?? randomBytes(32).toString('hex'),
    store: deps.sessionStore ?? new PruningSessionStore({ now }),
    resave: false,
    saveUninitialized: false,
    rolling: false,
    // Behind a TLS-terminating proxy the socket is plain HTTP; trust X-Forwarded-Proto for the Secure cookie only.
    proxy: config.publicUrl.startsWith('https:'),
    cookie: { httpOnly: true, sameSite: 'lax', secure: config.publicUrl.startsWith('https:'), maxAge: 15 * 60_000, path: '/instagram' },
  });
  app.use('/instagram', sessions);

  app.use(
    connectRouter({
      store: deps.store,
      instagram: deps.instagram,
      logger,
      now,
      requireAdmin,
      onConnected: feeds && (id => feeds.sync(id, { resetBackoff: true, profileJustRead: true })),
    }),
  );
  app.use(
    adminRouter({
      store: deps.store,
      instagram: deps.instagram,
      notifier: deps.notifier,
      logger,
      now,
      windowDays: config.tokenRefreshWindowDays,
      locks: deps.locks,
      leaseMs: deps.refreshLeaseMs,
      requireAdmin,
      sameOrigin,
      syncFeed: feeds && (id => feeds.sync(id)),
      onDeleted: feeds && (id => feeds.forget(id)),
      curation: new CurationService({ store: deps.store, changed: feeds && (id => feeds.curationChanged(id)), now }),
    }),
  );
  app.use(healthRouter({ store: deps.store, isAdmin, feeds, readiness: deps.readiness ?? new Readiness('ready'), cluster: deps.clusterStatus }));
  app.use(metricsRouter({ metrics, guard: metricsGuard({ token: config.metricsToken, requireAdmin }) }));
  if (deps.deletions) {
    app.use(
      metaRouter({
        store: deps.store,
        deletions: deps.deletions,
        appSecret: config.instagram.clientSecret,
        publicUrl: config.publicUrl,
        logger,
        forget: async id => feeds?.forget(id),
        // The emulator's app secret is public: in demo mode a valid signature is not enough.
        guard: config.demoMode ? [requireAdmin, sameOrigin] : [],
      }),
    );
  }
  app.use(mediaRouter({ dir: config.mediaDir }));
  for (const router of deps.routers ?? []) app.use(router);

  app.use((req, _res, next) => next(new HttpError(404, 'not_found', `Nothing here: ${req.method} ${req.path.slice(0, 200)}`)));
  app.use(errorHandler(logger));

  if (!feedDeps) return { app, listener: accessLog ? accessLog.wrap(app) : app };

  // The client address the limiter keys on, as Express's req.ip computes it (TRUST_PROXY included).
  const trust = app.get('trust proxy fn') as (address: string, hop: number) => boolean;
  const clientAddress = config.trustProxy === undefined ? (req: IncomingMessage) => req.socket.remoteAddress : (req: IncomingMessage) => proxyAddr(req, trust);
  const fastPath = feedFastPath({ ...feedDeps, clientAddress });
  // Warm feed pages are answered before Express decorates the request and routes it (see feedFastPath);
  // everything else goes to the Express app. test/server/feed.test.ts checks both paths answer alike,
  // and fails if the fast path stops being taken.
  const listener: RequestListener = (req, res) => {
    try {
      if (fastPath(req, res)) return;
    } catch (error) {
      // A bug here must cost the fast path, not the request: Express answers it (or its error handler does).
      logger.error('feed fast path failed', { error: (error as Error)?.message });
      if (res.headersSent) return void res.destroy();
    }
    app(req, res);
  };
  return { app, listener: accessLog ? accessLog.wrap(listener) : listener };
}

/**
 * helmet's defaults plus a Content-Security-Policy for the demo page: scripts only from this origin;
 * images and video from here (mirrored media), Instagram's CDNs (direct mode) or, in demo mode, the
 * emulator. Resources meant for other sites (feed JSON, widget, media) loosen CORP themselves.
 */
function securityHeaders(config: Config): RequestHandler {
  const mediaSources = ["'self'", 'data:', 'blob:', 'https://*.cdninstagram.com', 'https://*.fbcdn.net'];
  if (config.demoMode) mediaSources.push(new URL(config.instagram.graphUrl).origin);
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: mediaSources,
        mediaSrc: mediaSources,
        connectSrc: ["'self'"],
        fontSrc: ["'self'", 'data:'],
        objectSrc: ["'none'"],
        baseUri: ["'none'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    strictTransportSecurity: config.publicUrl.startsWith('https:'),
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  });
}

const FILE_HEADERS = ['Content-Type', 'Content-Disposition', 'Content-Encoding', 'Cache-Control', 'ETag', 'Last-Modified', 'Accept-Ranges'];

export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, _next) => {
    // A static file route may have described the file before failing (a 416 for a bad Range): the
    // answer is the JSON envelope, never cached as the file, whatever was set before.
    if (!res.headersSent) for (const name of FILE_HEADERS) res.removeHeader(name);
    let status = 500;
    let code = 'internal_error';
    let message = 'Something went wrong on the server. It has been logged.';
    let field: string | undefined;
    const mapped = httpErrorFor(error);
    if (mapped) {
      ({ status, code, message, field } = mapped);
      for (const [name, value] of Object.entries(mapped.headers)) res.setHeader(name, value);
    } else if (error?.status === 416) {
      // A static file's unsatisfiable Range; `send` put `Content-Range: bytes */<size>` on the response.
      [status, code, message] = [416, 'range_not_satisfiable', 'The requested range is outside the file.'];
    } else if (typeof error?.status === 'number' && error.status >= 400 && error.status < 500) {
      // body-parser and friends: malformed JSON, body too large, bad encoding...
      status = error.status;
      code = error.type === 'entity.too.large' ? 'body_too_large' : 'invalid_request';
      message = error.type === 'entity.too.large' ? 'The request body is too large.' : 'The request could not be read.';
    }
    if (status >= 500) logger.error(`${req.method} ${req.path} failed`, { error: error?.message, name: error?.name });
    if (res.headersSent) return;
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.status(status).json({ error: field === undefined ? { code, message } : { code, message, field } });
  };
}
