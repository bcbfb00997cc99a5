import { Router, type Request, type RequestHandler, type Response } from 'express';
import { HttpError } from '../errors.js';
import type { FeedPage, FeedService } from '../feed/feed-service.js';
import { accountParam } from './params.js';

export interface FeedRouteDeps {
  feeds: Pick<FeedService, 'getPage'>;
  allowedOrigins: '*' | string[];
  ttlSeconds: number;
  /** The per-client rate limit shared with the other routes. */
  limiter?: RequestHandler;
}

/** `?limit` 1..100 (default 12); anything else is a 400, never a silent clamp. */
function limitParam(value: unknown): number {
  if (value === undefined) return 12;
  if (typeof value !== 'string' || !/^\d{1,3}$/.test(value) || Number(value) < 1 || Number(value) > 100) {
    throw new HttpError(400, 'invalid_limit', '`limit` must be a whole number from 1 to 100.');
  }
  return Number(value);
}

function afterParam(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '' || value.length > 2048) {
    throw new HttpError(400, 'invalid_cursor', 'The `after` cursor is not one this server issued for this account.');
  }
  return value;
}

export function feedRouter(deps: FeedRouteDeps): Router {
  const router = Router();
  const origins = deps.allowedOrigins === '*' ? '*' : new Set(deps.allowedOrigins);

  /** Headers every feed response carries, errors included: the widget must be able to read their status. */
  const baseHeaders = (req: Request): Record<string, string> => {
    const headers: Record<string, string> = {
      'X-Content-Type-Options': 'nosniff',
      'Cross-Origin-Resource-Policy': 'cross-origin',
      'Access-Control-Expose-Headers': 'ETag, X-Cache',
    };
    if (origins === '*') {
      headers['Access-Control-Allow-Origin'] = '*';
    } else {
      headers.Vary = 'Origin';
      const origin = req.headers.origin;
      if (origin && origins.has(origin)) headers['Access-Control-Allow-Origin'] = origin;
    }
    return headers;
  };
  const withHeaders = (res: Response, headers: Record<string, string>) => (error: unknown) => {
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    throw error;
  };

  router.options('/api/feeds/:account', (req, res) => {
    res.writeHead(204, {
      ...baseHeaders(req),
      'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
      'Access-Control-Allow-Headers': 'If-None-Match',
      'Access-Control-Max-Age': '86400',
    });
    res.end();
  });

  // One writeHead with every header: Node's fast path when nothing was set before (the hot path).
  const send = (req: Request, res: Response, page: FeedPage, base: Record<string, string>) => {
    const headers: Record<string, string | number> = {
      ...base,
      'X-Cache': page.cache,
      ETag: page.rendered.etag,
      'Cache-Control': `public, max-age=${page.maxAge}, stale-while-revalidate=${deps.ttlSeconds}, stale-if-error=86400`,
    };
    if (matchesEtag(req.headers['if-none-match'], page.rendered.etag)) {
      res.writeHead(304, headers).end();
      return;
    }
    headers['Content-Type'] = 'application/json; charset=utf-8';
    headers['Content-Length'] = page.rendered.body.length;
    res.writeHead(200, headers).end(req.method === 'HEAD' ? undefined : page.rendered.body);
  };

  router.get('/api/feeds/:account', (req, res) => {
    const base = baseHeaders(req);
    let page: FeedPage | Promise<FeedPage>;
    try {
      // Inside the try so that a 429 carries the CORS headers too (the widget shows it, not a network error).
      deps.limiter?.(req, res, () => undefined);
      const query = req.query;
      page = deps.feeds.getPage(accountParam(req.params.account), { limit: limitParam(query.limit), after: afterParam(query.after) });
    } catch (error) {
      return withHeaders(res, base)(error);
    }
    // Cached pages come back synchronously; Express 5 forwards a rejected promise to the error handler.
    if (page instanceof Promise) return page.then(p => send(req, res, p, base), withHeaders(res, base));
    send(req, res, page, base);
  });

  return router;
}

/** `If-None-Match` may list several tags, weak or strong, or `*`. */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  return header.split(',').some(tag => {
    const trimmed = tag.trim();
    return trimmed === '*' || trimmed === etag || trimmed === `W/${etag}`;
  });
}
