import { createHmac, timingSafeEqual } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { RequestHandler, Response } from 'express';
import type { EmulatorContext } from './pipeline.js';

// A stand-in for scontent-*.cdninstagram.com: signed URLs whose `oe` is the expiry as hex Unix seconds and `oh` a
// signature over path and expiry. Expiry is rounded down to fixed windows (an hour at most), like the real CDN,
// so repeated Graph reads within a window hand out identical URLs.

/** The committed fixture media (see media/generate.sh). */
export const MEDIA_DIR = fileURLToPath(new URL('./media/', import.meta.url));
const FILES = new Set(readdirSync(MEDIA_DIR).filter(file => /^[a-z0-9-]+\.(jpg|mp4)$/.test(file)));

export type CdnKind = 'image' | 'video' | 'profile';

const BUCKETS: Record<CdnKind, string> = {
  image: '/cdn/v/t51.2885-15/',
  profile: '/cdn/v/t51.2885-19/',
  video: '/cdn/o1/v/t16/f2/m86/',
};
const HOSTS: Record<CdnKind, string> = {
  image: 'scontent.cdninstagram.com',
  profile: 'scontent.cdninstagram.com',
  video: 'video.cdninstagram.com',
};
const MAX_AGE_SECONDS = 14 * 86_400;

function signature(secret: string, path: string, oe: string): string {
  return createHmac('sha256', secret).update(`cdn:${path}:${oe}`).digest('hex').slice(0, 32);
}

/** Path and query of a signed URL for a fixture file; prefix the emulator's base URL. */
export function cdnPath(ctx: EmulatorContext, file: string, kind: CdnKind): string {
  const ttl = ctx.controls.cdnTtlSeconds;
  const window = Math.min(3600, ttl);
  const nowSeconds = Math.floor(ctx.now() / 1000);
  const oe = (Math.floor(nowSeconds / window) * window + ttl).toString(16).toUpperCase();
  const path = BUCKETS[kind] + file;
  const category = 100 + (file.length % 9);
  const oh = signature(ctx.clientSecret, path, oe);
  const query = new URLSearchParams({ _nc_ht: HOSTS[kind], _nc_cat: String(category), oh, oe });
  return `${path}?${query}`;
}

function refuse(res: Response, status: number, text: string): void {
  res.status(status).set('Cache-Control', 'no-store').type('text/plain').send(text);
}

/** GET/HEAD `/cdn/...`: serves fixture media while the URL's signature holds and `oe` lies in the future. */
export function cdnHandler(ctx: EmulatorContext): RequestHandler {
  return (req, res) => {
    ctx.stats.count('cdn');
    const kind = (Object.keys(BUCKETS) as CdnKind[]).find(k => req.path.startsWith(BUCKETS[k]));
    const file = kind ? req.path.slice(BUCKETS[kind].length) : '';
    if (!kind || !FILES.has(file) || (kind === 'video') !== file.endsWith('.mp4')) return refuse(res, 404, 'Not Found');
    const oe = typeof req.query.oe === 'string' ? req.query.oe : '';
    const oh = typeof req.query.oh === 'string' ? req.query.oh : '';
    if (!/^[0-9a-f]{1,12}$/i.test(oe)) return refuse(res, 403, 'Bad URL timestamp');
    const expected = Buffer.from(signature(ctx.clientSecret, req.path, oe));
    const given = Buffer.from(oh);
    const valid = given.length === expected.length && timingSafeEqual(given, expected);
    if (!valid) return refuse(res, 403, 'URL signature mismatch');
    const remaining = parseInt(oe, 16) - Math.floor(ctx.now() / 1000);
    if (remaining <= 0) return refuse(res, 403, 'URL signature expired');
    res.sendFile(
      file,
      {
        root: MEDIA_DIR,
        dotfiles: 'deny',
        headers: {
          'Cache-Control': `max-age=${Math.min(remaining, MAX_AGE_SECONDS)}, no-transform`,
          'Access-Control-Allow-Origin': '*',
          'Timing-Allow-Origin': '*',
        },
      },
      error => {
        // Aborted range requests end up here too; only answer when nothing was sent yet.
        if (error && !res.headersSent) refuse(res, 404, 'Not Found');
      },
    );
  };
}
