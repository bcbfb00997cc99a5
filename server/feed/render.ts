// Serialising a feed page once and reusing the bytes: the hot path of GET /api/feeds/:account is a
// map lookup plus `res.end(buffer)`, which is what keeps it close to a bare Express route.
import { createHash } from 'node:crypto';
import type { Feed } from '../../widget/contract.js';

export interface RenderedFeed {
  body: Buffer;
  etag: string;
}

/** `tag`: what else the ETag must change with (the curation revisions), besides the body. */
export function renderFeed(feed: Feed, tag = ''): RenderedFeed {
  const body = Buffer.from(JSON.stringify(feed));
  return { body, etag: `"${createHash('sha1').update(body).update(tag).digest('base64url').slice(0, 20)}"` };
}
