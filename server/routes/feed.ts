import { Router, type Request, type Response } from 'express';
import { HttpError } from '../errors.js';
import type { FeedService } from '../feed/feed-service.js';
import { accountParam } from './params.js';

export interface FeedRouteDeps {
  feeds: Pick<FeedService, 'getPage'>;
  allowedOrigins: '*' | string[];
  ttlSeconds: number;
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

  // CORS first, so that error responses are readable by the widget too (it shows their status).
  const cors = (req: Request, res: Response) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    if (origins === '*') {
      res.setHeader('Access-Control-Allow-Origin', '*');
      return;
    }
    res.setHeader('Vary', 'Origin');
    const origin = req.headers.origin;
    if (origin && origins.has(origin)) res.setHeader('Access-Control-Allow-Origin', origin);
  };

  router.options('/api/feeds/:account', (req, res) => {
    cors(req, res);
    res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, OPTIONS');
    res.setHeader('Access-Control-Allow-Headers', 'If-None-Match');
    res.setHeader('Access-Control-Max-Age', '86400');
    res.status(204).end();
  });

  router.get('/api/feeds/:account', async (req, res) => {
    cors(req, res);
    res.setHeader('Access-Control-Expose-Headers', 'ETag, X-Cache');
    const account = accountParam(req.params.account);
    const limit = limitParam(req.query.limit);
    const after = afterParam(req.query.after);
    const page = await deps.feeds.getPage(account, { limit, after });
    res.setHeader('X-Cache', page.cache);
    res.setHeader('ETag', page.rendered.etag);
    res.setHeader(
      'Cache-Control',
      `public, max-age=${page.maxAge}, stale-while-revalidate=${deps.ttlSeconds}, stale-if-error=86400`,
    );
    if (matchesEtag(req.headers['if-none-match'], page.rendered.etag)) {
      res.status(304).end();
      return;
    }
    res.setHeader('Content-Type', 'application/json; charset=utf-8');
    res.setHeader('Content-Length', page.rendered.body.length);
    res.end(req.method === 'HEAD' ? undefined : page.rendered.body);
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
