import { Router, type NextFunction, type Response } from 'express';
import { join } from 'node:path';
import { HttpError } from '../http/http-error.js';

export interface MediaRouteDeps {
  /** `${dataDir}/media`: one directory per account, written by the media mirror. */
  dir: string;
}

const ACCOUNT = /^\d{1,32}$/;
const FILE = /^[\w-]{1,160}\.(webp|jpg|mp4)$/;
const TYPES: Record<string, string> = { webp: 'image/webp', jpg: 'image/jpeg', mp4: 'video/mp4' };
const ONE_YEAR_MS = 365 * 24 * 3600_000;

/**
 * `GET /media/:account/:file`: mirrored media. Both segments must match strict patterns before any
 * file system access (no dots but the extension, no separators), so no decoded `..`, `%2F` or `%00`
 * ever reaches a path. File names carry a content hash, hence a year of immutable caching. Any site
 * may embed them (CORS, CORP); `sendFile` answers Range requests, which video players rely on.
 */
export function mediaRouter(deps: MediaRouteDeps): Router {
  const router = Router();
  router.get('/media/:account/:file', (req, res, next) => {
    const { account, file } = req.params;
    const match = FILE.exec(file);
    if (!ACCOUNT.test(account) || !match) throw notFound();
    res.sendFile(
      file,
      {
        root: join(deps.dir, account),
        dotfiles: 'deny',
        maxAge: ONE_YEAR_MS,
        immutable: true,
        headers: {
          'Content-Type': TYPES[match[1]!]!,
          'X-Content-Type-Options': 'nosniff',
          'Access-Control-Allow-Origin': '*',
          'Cross-Origin-Resource-Policy': 'cross-origin',
        },
      },
      error => sendFileFailed(error, res, next),
    );
  });
  return router;
}

type SendError = Error & { status?: number; code?: string; headers?: Record<string, string> };

function sendFileFailed(error: SendError | undefined, res: Response, next: NextFunction): void {
  if (!error || error.code === 'ECONNABORTED' || error.code === 'ECONNRESET') return;
  if (res.headersSent) {
    next(error);
    return;
  }
  // `send` may have set the file's headers before refusing; an error must not be cached for a year as video.
  for (const name of ['Content-Type', 'Cache-Control', 'ETag', 'Last-Modified', 'Accept-Ranges', 'Content-Range']) res.removeHeader(name);
  next(translate(error));
}

/** What to answer for `send`'s error: 404 for any missing file, the range and precondition failures as such. */
function translate(error: SendError): Error {
  if (error.status === 404 || error.code === 'ENOENT' || error.code === 'EISDIR') return notFound();
  // `send` puts `Content-Range: bytes */<size>` on the error; clients need it to retry sensibly.
  if (error.status === 416) return new HttpError(416, 'range_not_satisfiable', 'The requested range is outside the file.', { headers: error.headers ?? {} });
  if (error.status === 412) return new HttpError(412, 'precondition_failed', "The file does not match the request's preconditions.");
  return error;
}

function notFound(): HttpError {
  return new HttpError(404, 'not_found', 'No mirrored media at this address.');
}
