// RSS 2.0 and JSON Feed 1.1 of the curated feed, for one account or a merged list. Both are made from
// the very page the Feed JSON route serves (FeedService.getPage: same cache, same curation, no Instagram
// call of their own), and answer with that route's headers: CORS per ALLOWED_ORIGINS, nosniff, the
// rate limit, Cache-Control, and an ETag derived from the page's, so a 304 needs no rendering.
import { Router, type Request, type Response } from 'express';
import { createHash } from 'node:crypto';
import type { Feed } from '../../widget/contract.js';
import type { FeedPage, FeedService } from '../feed/feed-service.js';
import { corsHeaders, PREFLIGHT_HEADERS } from '../http/cors.js';
import type { RateLimiter } from '../http/rate-limit.js';
import type { FeedLinks } from '../syndication/describe.js';
import { toJsonFeed } from '../syndication/json-feed.js';
import { toRss } from '../syndication/rss.js';
import { accountsParam, afterParam, limitParam, matchesEtag } from './params.js';

export interface SyndicationRouteDeps {
  feeds: Pick<FeedService, 'getPage'>;
  allowedOrigins: '*' | string[];
  /** PUBLIC_URL, without a trailing slash: the documents' links are absolute. */
  publicUrl: string;
  ttlSeconds: number;
  /** The per-client rate limit shared with the other routes. */
  limiter?: RateLimiter;
}

export const RSS_ROUTE = '/api/feeds/:account/rss.xml';
export const JSON_FEED_ROUTE = '/api/feeds/:account/feed.json';

const DEFAULT_LIMIT = 20;
// Part of every ETag: a release that changes what these documents say must not answer 304 to copies of the old ones.
const RENDERING = '1';

interface Format {
  route: string;
  file: string;
  contentType: string;
  render(feed: Feed, links: FeedLinks & { ttlSeconds: number }): string;
}

const FORMATS: Format[] = [
  { route: RSS_ROUTE, file: 'rss.xml', contentType: 'application/rss+xml; charset=utf-8', render: toRss },
  {
    route: JSON_FEED_ROUTE,
    file: 'feed.json',
    contentType: 'application/feed+json; charset=utf-8',
    render: (feed, links) => JSON.stringify(toJsonFeed(feed, links)),
  },
];

export function syndicationRouter(deps: SyndicationRouteDeps): Router {
  const router = Router();
  const cors = corsHeaders(deps.allowedOrigins);

  /** Set before anything can fail, so errors (a 429 included) carry them too, as on the Feed JSON route. */
  const baseHeaders = (req: Request, res: Response) => {
    res.set(
      cors(req, { 'X-Content-Type-Options': 'nosniff', 'Cross-Origin-Resource-Policy': 'cross-origin', 'Access-Control-Expose-Headers': 'ETag, X-Cache' }),
    );
  };

  const answer = (req: Request, res: Response, format: Format, page: FeedPage, self: string) => {
    const etag = `"${createHash('sha1').update(`${RENDERING}\n${page.rendered.etag}\n${self}`).digest('base64url').slice(0, 20)}"`;
    const headers: Record<string, string | number> = {
      'X-Cache': page.cache,
      ETag: etag,
      'Cache-Control': `public, max-age=${page.maxAge}, stale-while-revalidate=${deps.ttlSeconds}, stale-if-error=86400`,
    };
    if (matchesEtag(req.headers['if-none-match'], etag)) return void res.writeHead(304, headers).end();
    const feed = JSON.parse(page.rendered.body.toString('utf8')) as Feed;
    const body = Buffer.from(format.render(feed, { site: deps.publicUrl, self, ttlSeconds: deps.ttlSeconds }));
    headers['Content-Type'] = format.contentType;
    headers['Content-Length'] = body.length;
    res.writeHead(200, headers).end(req.method === 'HEAD' ? undefined : body);
  };

  for (const format of FORMATS) {
    router.options(format.route, (req, res) => {
      baseHeaders(req, res);
      res.writeHead(204, PREFLIGHT_HEADERS);
      res.end();
    });

    router.get(format.route, (req, res) => {
      baseHeaders(req, res);
      deps.limiter?.(req, res, () => undefined);
      const account = accountsParam(req.params.account);
      const limit = limitParam(req.query.limit, 50, DEFAULT_LIMIT);
      const page = deps.feeds.getPage(account, { limit, after: afterParam(req.query.after) });
      // The documents name their own first page: `after` stays out, `limit` only when not the default.
      const self = `${deps.publicUrl}/api/feeds/${account}/${format.file}${limit === DEFAULT_LIMIT ? '' : `?limit=${limit}`}`;
      // Express 5 forwards a rejected promise (an unknown account, Instagram down) to the error handler.
      if (page instanceof Promise) return page.then(p => answer(req, res, format, p, self));
      answer(req, res, format, page, self);
    });
  }
  return router;
}
