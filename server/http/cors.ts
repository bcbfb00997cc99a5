// CORS for the routes other sites read across origins (the Feed JSON, its HTML fragment, RSS and JSON Feed):
// any origin with ALLOWED_ORIGINS=*, else only those listed, and then `Vary: Origin`, since the answer depends on it.
import type { IncomingMessage } from 'node:http';

export type Headers = Record<string, string | number>;

/** What a preflight for those routes answers besides the CORS headers: GET and HEAD, with `If-None-Match`, for a day. */
export const PREFLIGHT_HEADERS: Headers = {
  'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
  'Access-Control-Allow-Headers': 'If-None-Match',
  'Access-Control-Max-Age': '86400',
};

/** For the allowed origins, a function that adds a request's CORS headers to `headers` (a new object by default) and returns it. */
export function corsHeaders(allowedOrigins: '*' | readonly string[]): (req: IncomingMessage, headers?: Headers) => Headers {
  const origins = allowedOrigins === '*' ? '*' : new Set(allowedOrigins);
  return (req, headers = {}) => {
    if (origins === '*') {
      headers['Access-Control-Allow-Origin'] = '*';
    } else {
      headers.Vary = 'Origin';
      const origin = req.headers.origin;
      if (origin && origins.has(origin)) headers['Access-Control-Allow-Origin'] = origin;
    }
    return headers;
  };
}
