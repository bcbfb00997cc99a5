// Prometheus metrics for `GET /metrics`. Each Metrics owns its registry, never prom-client's global one,
// so several apps in one process (the tests) keep apart. Events are counted where they happen: feed
// answers through the observer `feedRoute` hands the feed route and its fast path, Instagram calls
// through the client's observer. State is read when scraped, in `collect` callbacks: accounts, token
// expiry, quota use, the mirror's backlog and disk use, and the failed writes the stores count, so
// nothing has to be kept in step by hand. Labels are bounded: route patterns, cache verdicts, status
// codes, fixed endpoint names, and the connected accounts' ids and usernames. No token, secret or URL.
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AccountStatus, AccountStore } from '../accounts/types.js';
import type { FeedService } from '../feed/feed-service.js';
import type { InstagramCall } from '../instagram/calls.js';

const ACCOUNT_STATUSES: readonly AccountStatus[] = ['active', 'expired', 'reconnect_required', 'error'];
// From a warm page out of memory (tens of microseconds) to a visitor waiting on Instagram (seconds).
const FEED_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const INSTAGRAM_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export interface MetricsDeps {
  store: Pick<AccountStore, 'list' | 'writeFailures'>;
  /** The feed service, when there is one: quota use, snapshot writes and the media mirror. */
  feeds?: Pick<FeedService, 'status'>;
  now?: () => number;
  /**
   * Also CPU, memory, event loop, GC and handles (prom-client's default metrics, standard names). Off
   * unless asked for: the event-loop monitor is a timer, and only main.ts's process should run one.
   */
  processMetrics?: boolean;
}

/** Told of one feed answer: its X-Cache (`none` for an error answer), its status and how long it took. */
export type FeedAnswerObserver = (cache: string, status: number, seconds: number) => void;

type FeedRequestLabel = 'route' | 'cache' | 'status';
type AccountLabel = 'account' | 'username';

export class Metrics {
  readonly #registry = new Registry();
  readonly #feedRequests: Counter<FeedRequestLabel>;
  readonly #feedDuration: Histogram<Exclude<FeedRequestLabel, 'status'>>;
  readonly #instagramCalls: Counter<'endpoint' | 'outcome'>;
  readonly #instagramDuration: Histogram<'endpoint'>;

  constructor(deps: MetricsDeps) {
    const registers = [this.#registry];
    const { store, feeds } = deps;
    const now = deps.now ?? Date.now;
    if (deps.processMetrics) collectDefaultMetrics({ register: this.#registry });

    this.#feedRequests = new Counter({
      name: 'instagram_feed_http_requests_total',
      help: 'Feed API answers by route pattern, cache verdict (the X-Cache header: hit, miss, stale; none for an error answer) and HTTP status.',
      labelNames: ['route', 'cache', 'status'],
      registers,
    });
    this.#feedDuration = new Histogram({
      name: 'instagram_feed_http_request_duration_seconds',
      help: 'Time to answer a feed API request, by route pattern and cache verdict (none for an error answer).',
      labelNames: ['route', 'cache'],
      buckets: FEED_BUCKETS,
      registers,
    });
    this.#instagramCalls = new Counter({
      name: 'instagram_feed_instagram_calls_total',
      help: 'Calls to Instagram by endpoint (oauth_token, exchange_token, refresh_access_token, me, media, media_by_id) and outcome (ok, rate_limited, auth_error, api_error, network_error, malformed, error).',
      labelNames: ['endpoint', 'outcome'],
      registers,
    });
    this.#instagramDuration = new Histogram({
      name: 'instagram_feed_instagram_call_duration_seconds',
      help: 'Duration of calls to Instagram by endpoint, failed ones included.',
      labelNames: ['endpoint'],
      buckets: INSTAGRAM_BUCKETS,
      registers,
    });

    new Gauge({
      name: 'instagram_feed_accounts',
      help: 'Connected accounts by status.',
      labelNames: ['status'],
      registers,
      collect() {
        const counts = new Map<string, number>(ACCOUNT_STATUSES.map(status => [status, 0]));
        for (const account of store.list()) counts.set(account.status, (counts.get(account.status) ?? 0) + 1);
        for (const [status, count] of counts) this.set({ status }, count);
      },
    });
    new Gauge<AccountLabel>({
      name: 'instagram_feed_token_expires_in_seconds',
      help: "Seconds until each connected account's access token expires (negative once it has).",
      labelNames: ['account', 'username'],
      registers,
      collect() {
        // Rebuilt at every scrape: a disconnected or renamed account leaves no series behind.
        this.reset();
        for (const account of store.list()) {
          const expiresAt = Date.parse(account.tokenExpiresAt);
          if (Number.isFinite(expiresAt)) this.set({ account: account.id, username: account.username }, (expiresAt - now()) / 1000);
        }
      },
    });
    new Counter({
      name: 'instagram_feed_store_write_errors_total',
      help: 'Failed writes to DATA_DIR by store: accounts (db.json), feed_snapshots (feeds/<id>.json).',
      labelNames: ['store'],
      registers,
      collect() {
        // The stores count their failures; this only reads the counts, which never go down.
        this.reset();
        this.inc({ store: 'accounts' }, store.writeFailures ?? 0);
        if (feeds) this.inc({ store: 'feed_snapshots' }, feeds.status().snapshotWriteFailures);
      },
    });
    if (!feeds) return;

    new Gauge<AccountLabel>({
      name: 'instagram_feed_instagram_usage_percent',
      help: "Instagram's quota use (the highest of its usage headers, percent) reported with each account's latest fetch.",
      labelNames: ['account', 'username'],
      registers,
      collect() {
        this.reset();
        const usage = feeds.status().usagePercent;
        for (const account of store.list()) {
          const percent = usage.get(account.id);
          if (percent !== undefined) this.set({ account: account.id, username: account.username }, percent);
        }
      },
    });
    // Direct mode has no mirror: no mirror series at all rather than zeros that look like one.
    if (!feeds.status().mirror) return;
    new Gauge({
      name: 'instagram_feed_mirror_queue_length',
      help: 'Media mirror downloads running or waiting.',
      registers,
      collect() {
        this.set(feeds.status().mirror?.queueLength ?? 0);
      },
    });
    new Gauge({
      name: 'instagram_feed_mirror_bytes',
      help: 'Bytes of mirrored media on disk (the files the manifests list).',
      registers,
      collect() {
        this.set(feeds.status().mirror?.bytes ?? 0);
      },
    });
  }

  /**
   * The observer for one feed route pattern (`/api/feeds/:account`). Its series are looked up once per
   * cache verdict and status, so that on the warm path an answer costs one counter increment and one
   * histogram observation.
   */
  feedRoute(route: string): FeedAnswerObserver {
    const byCache = new Map<string, { duration: Histogram.Internal<'route' | 'cache'>; byStatus: Map<number, Counter.Internal> }>();
    return (cache, status, seconds) => {
      let series = byCache.get(cache);
      if (!series) byCache.set(cache, (series = { duration: this.#feedDuration.labels(route, cache), byStatus: new Map() }));
      let requests = series.byStatus.get(status);
      if (!requests) series.byStatus.set(status, (requests = this.#feedRequests.labels(route, cache, String(status))));
      requests.inc();
      series.duration.observe(seconds);
    };
  }

  /** The Instagram client's observer (`instagram.observe(metrics.instagramCall)`). */
  readonly instagramCall = (call: InstagramCall): void => {
    this.#instagramCalls.inc({ endpoint: call.endpoint, outcome: call.outcome });
    this.#instagramDuration.observe({ endpoint: call.endpoint }, call.seconds);
  };

  /** The exposition text, with the content type to send it as. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.#registry.contentType, body: await this.#registry.metrics() };
  }
}
