// One `debug` line per request: method, path without its query (queries carry OAuth codes and
// cursors), status, duration and, for feed answers, X-Cache. createApp builds it only when debug lines
// are written: at any other level the listener is the bare one and the hot path does no work for it.
import type { RequestListener, ServerResponse } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { Logger } from '../runtime/logger.js';

export interface AccessLog {
  /** A feed answer's X-Cache: the feed route sends its headers with writeHead, where getHeader cannot see them. */
  noteCache(res: ServerResponse, cache: string): void;
  wrap(listener: RequestListener): RequestListener;
}

export function createAccessLog(logger: Logger): AccessLog {
  const caches = new WeakMap<ServerResponse, string>();
  return {
    noteCache: (res, cache) => void caches.set(res, cache),
    wrap: listener => (req, res) => {
      const start = performance.now();
      const { method, url = '' } = req;
      res.once('close', () => {
        const query = url.indexOf('?');
        const cache = caches.get(res) ?? res.getHeader('X-Cache');
        logger.debug('request', {
          method,
          path: (query === -1 ? url : url.slice(0, query)).slice(0, 200),
          status: res.statusCode,
          ms: Math.round((performance.now() - start) * 10) / 10,
          ...(cache !== undefined && { cache }),
          ...(!res.writableFinished && { aborted: true }),
        });
      });
      listener(req, res);
    },
  };
}
