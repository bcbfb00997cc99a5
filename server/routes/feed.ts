import { Router, type Request, type RequestHandler, type Response } from 'express';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import { parse as parseQuery } from 'node:querystring';
import { corsHeaders, type Headers, PREFLIGHT_HEADERS } from '../http/cors.js';
import { HttpError } from '../http/http-error.js';
import type { FeedPage, FeedService } from '../feed/feed-service.js';
import type { RateLimiter } from '../http/rate-limit.js';
import { ACCOUNTS_PATTERN, accountsParam, afterParam, limitParam, matchesEtag } from './params.js';

export interface FeedRouteDeps {
  feeds: Pick<FeedService, 'getPage' | 'cachedPage' | 'getAllPage'>;
  /** Guards `?all=1` (every post, hidden ones too: the moderation screen). */
  requireAdmin?: RequestHandler;
  allowedOrigins: '*' | string[];
  ttlSeconds: number;
  /** The per-client rate limit shared with the other routes. */
  limiter?: RateLimiter;
  /** Told each answer's X-Cache (the access log at debug level); absent, sending does no extra work. */
  onCache?: (res: ServerResponse, cache: FeedPage['cache']) => void;
  /** Told of each answer (the metrics): its X-Cache or `none` for an error, its status and its duration in seconds. */
  observe?: (cache: FeedPage['cache'] | 'none', status: number, seconds: number) => void;
}

/** The one feed route, also the label its metrics carry. */
export const FEED_ROUTE = '/api/feeds/:account';

const secondsSince = (start: number) => (performance.now() - start) / 1000;

/** What the Express route and the fast path share: the headers and the one `writeHead` of an answer. */
function feedResponder(deps: FeedRouteDeps) {
  const cors = corsHeaders(deps.allowedOrigins);
  const { onCache } = deps;
  const cacheControl = (page: FeedPage) => `public, max-age=${page.maxAge}, stale-while-revalidate=${deps.ttlSeconds}, stale-if-error=86400`;
  return {
    /** Headers every feed response carries, errors included: the widget must be able to read their status. */
    baseHeaders(req: IncomingMessage): Headers {
      return cors(req, {
        'X-Content-Type-Options': 'nosniff',
        'Cross-Origin-Resource-Policy': 'cross-origin',
        'Access-Control-Expose-Headers': 'ETag, X-Cache',
      });
    },
    // Decided once: without an access log, the hot path calls `send` itself.
    send: onCache
      ? (req: IncomingMessage, res: ServerResponse, page: FeedPage, headers: Headers) => {
          onCache(res, page.cache);
          send(req, res, page, headers);
        }
      : send,
  };
  // One writeHead with every header: Node's fast path when nothing was set before (the hot path).
  function send(req: IncomingMessage, res: ServerResponse, page: FeedPage, headers: Headers): void {
    headers['X-Cache'] = page.cache;
    headers.ETag = page.rendered.etag;
    headers['Cache-Control'] = cacheControl(page);
    if (matchesEtag(req.headers['if-none-match'], page.rendered.etag)) {
      res.writeHead(304, headers).end();
      return;
    }
    headers['Content-Type'] = 'application/json; charset=utf-8';
    headers['Content-Length'] = page.rendered.body.length;
    res.writeHead(200, headers).end(req.method === 'HEAD' ? undefined : page.rendered.body);
  }
}

export function feedRouter(deps: FeedRouteDeps): Router {
  const router = Router();
  const { baseHeaders, send } = feedResponder(deps);
  const { observe } = deps;
  const withHeaders = (res: ServerResponse, headers: Headers, start: number) => (error: unknown) => {
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    // The error handler picks the status: the answer is counted once it has gone out.
    if (observe) res.once('finish', () => observe('none', res.statusCode, secondsSince(start)));
    throw error;
  };
  const answer = (req: IncomingMessage, res: ServerResponse, page: FeedPage, headers: Headers, start: number) => {
    send(req, res, page, headers);
    observe?.(page.cache, res.statusCode, secondsSince(start));
  };

  router.options(FEED_ROUTE, (req, res) => {
    res.writeHead(204, { ...baseHeaders(req), ...PREFLIGHT_HEADERS });
    res.end();
  });

  router.get(FEED_ROUTE, (req, res) => {
    if (req.query.all !== undefined) return allPosts(req, res);
    const start = observe ? performance.now() : 0;
    const headers = baseHeaders(req);
    let page: FeedPage | Promise<FeedPage>;
    try {
      // Inside the try so that a 429 carries the CORS headers too (the widget shows it, not a network error).
      deps.limiter?.(req, res, () => undefined);
      const query = req.query;
      page = deps.feeds.getPage(accountsParam(req.params.account), { limit: limitParam(query.limit), after: afterParam(query.after) });
    } catch (error) {
      return withHeaders(res, headers, start)(error);
    }
    // Cached pages come back synchronously; Express 5 forwards a rejected promise to the error handler.
    if (page instanceof Promise) return page.then(p => answer(req, res, p, headers, start), withHeaders(res, headers, start));
    answer(req, res, page, headers, start);
  });

  /**
   * `?all=1`: every post of one account with `hidden` and `hiddenReason`, for admins. Never cached and
   * never shared cross-origin (no CORS header): a page elsewhere must not read it through an admin's browser.
   */
  async function allPosts(req: Request, res: Response): Promise<void> {
    if (req.query.all !== '1') throw new HttpError(400, 'invalid_all', '`all` must be 1 (every post, for the moderation screen) or absent.');
    if (!deps.requireAdmin) throw new HttpError(403, 'admin_only', 'Only the site owner can see every post.');
    await new Promise<void>((resolve, reject) => deps.requireAdmin!(req, res, error => (error ? reject(error) : resolve())));
    const page = await deps.feeds.getAllPage(accountsParam(req.params.account), { limit: limitParam(req.query.limit), after: afterParam(req.query.after) });
    res
      .set({ 'Cache-Control': 'private, no-store', 'X-Content-Type-Options': 'nosniff', 'Content-Type': 'application/json; charset=utf-8' })
      .send(page.rendered.body);
  }

  return router;
}

const FEED_PATH = '/api/feeds/';

/**
 * The hot path without Express: a GET or HEAD of `/api/feeds/<account>` whose page is cached and
 * rendered, from a client under its rate limit, is answered straight from Node's request event,
 * with the very headers and bytes the Express route sends. Anything else (other spellings of the
 * path, bad parameters, a cold page, an error, a 429) returns false untouched and goes to Express,
 * which answers it as before. Express's routing, request decoration and query parsing about halve the
 * throughput of a warm feed (`npm run bench:server` measures both), and this is where visitors' traffic lands.
 */
export function feedFastPath(deps: FeedRouteDeps & { clientAddress: (req: IncomingMessage) => string | undefined }) {
  const { baseHeaders, send } = feedResponder(deps);
  const { observe } = deps;
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    const url = req.url;
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !url?.startsWith(FEED_PATH)) return false;
    const start = observe ? performance.now() : 0;
    const q = url.indexOf('?');
    const account = url.slice(FEED_PATH.length, q === -1 ? undefined : q);
    if (!ACCOUNTS_PATTERN.test(account)) return false;
    let limit: number;
    let after: string | undefined;
    try {
      const query = q === -1 ? {} : parseQuery(url.slice(q + 1));
      // The moderation view is for admins, and Express's route checks that.
      if (query.all !== undefined) return false;
      limit = limitParam(query.limit);
      after = afterParam(query.after);
    } catch {
      return false;
    }
    const page = deps.feeds.cachedPage(account, { limit, after });
    if (!page) return false;
    const headers = baseHeaders(req);
    if (deps.limiter?.consume(deps.clientAddress(req) ?? 'unknown', headers)) return false;
    send(req, res, page, headers);
    observe?.(page.cache, res.statusCode, secondsSince(start));
    return true;
  };
}
