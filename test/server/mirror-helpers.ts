import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import nock from 'nock';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { createMemoryLogger } from '../../server/runtime/logger.js';
import { createMediaMirror, type MediaMirrorOptions } from '../../server/mirror/mirror.js';
import type { Media, MediaChild } from '../../widget/contract.js';
import { tempDir } from './helpers/setup.js';

export const CDN = 'https://scontent-ams2-1.cdninstagram.com';
export const VIDEO_CDN = 'https://video-ams2-1.cdninstagram.com';
export const PUBLIC_URL = 'http://localhost:3000';
export const ACCOUNT = '17841400000000001';
/** The signed part of a CDN URL: must never show up in a log line. */
export const SIGNED_QUERY = 'oh=00_SECRETSIGNATURE&oe=6A1B2C3D';

export function cdnUrl(path: string, base = CDN): string {
  return `${base}${path}?_nc_cat=101&${SIGNED_QUERY}`;
}

/** A JPEG (or PNG/WebP) with some structure, so the resizes and thumbhash have something to chew on. */
export async function makeImage(width: number, height: number, format: 'jpeg' | 'png' | 'webp' | 'gif' = 'jpeg', background = '#c0392b'): Promise<Buffer> {
  const svg = `<svg width="${width}" height="${height}"><circle cx="${width / 3}" cy="${height / 3}" r="${Math.min(width, height) / 6}" fill="#2980b9"/></svg>`;
  return sharp({ create: { width, height, channels: 3, background } })
    .composite([{ input: Buffer.from(svg) }])
    [format]()
    .toBuffer();
}

/** Bytes that pass as an MP4 (an `ftyp` box) without being a real video: the mirror only checks the header. */
export function fakeMp4(size = 4096): Buffer {
  const head = Buffer.from([0, 0, 0, 0x20, ...Buffer.from('ftypisom'), 0, 0, 2, 0, ...Buffer.from('isomiso2avc1mp41')]);
  return Buffer.concat([head, Buffer.alloc(size - head.length, 7)]);
}

const base = {
  caption: '',
  altText: null,
  permalink: 'https://www.instagram.com/p/x/',
  timestamp: '2025-01-15T10:30:00.000Z',
  likeCount: 1,
  commentsCount: 0,
  username: 'northshore.coffee',
  hashtags: [],
  mentions: [],
  pinned: false,
  link: null,
};

export function imagePost(id: string, url: string | null): Media {
  return { ...base, id, type: 'image', mediaUrl: url, thumbnailUrl: url, children: [] };
}

export function videoPost(id: string, poster: string | null, video: string | null, type: 'video' | 'reel' = 'video'): Media {
  return { ...base, id, type, mediaUrl: video, thumbnailUrl: poster, children: [] };
}

export function carouselPost(id: string, children: MediaChild[]): Media {
  return { ...base, id, type: 'carousel', mediaUrl: children[0]?.mediaUrl ?? null, thumbnailUrl: children[0]?.thumbnailUrl ?? null, children };
}

export function imageChild(id: string, url: string): MediaChild {
  return { id, type: 'image', mediaUrl: url, thumbnailUrl: url, altText: null };
}

export function videoChild(id: string, poster: string, video: string): MediaChild {
  return { id, type: 'video', mediaUrl: video, thumbnailUrl: poster, altText: null };
}

/** A mirror over `dataDir` with a memory logger and a clock the test moves. */
export function testMirror(dataDir: string, overrides: Partial<MediaMirrorOptions> = {}) {
  const logger = createMemoryLogger();
  const clock = { now: Date.parse('2025-03-01T12:00:00Z') };
  const mirror = createMediaMirror({ dataDir, publicUrl: PUBLIC_URL, logger, now: () => clock.now, ...overrides });
  return { mirror, logger, clock };
}

/** A real HTTP server on 127.0.0.1 for what nock cannot fake (endless or stalled bodies). */
export async function localServer(handler: RequestListener): Promise<{ server: Server; host: string; close: () => Promise<void> }> {
  const server = createServer(handler);
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  server.unref();
  const { port } = server.address() as AddressInfo;
  return {
    server,
    host: `127.0.0.1:${port}`,
    close: () =>
      new Promise(resolve => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Registers the hooks every CDN-facing mirror test needs: nock blocks the network (loopback aside),
 * each test gets a fresh temp DATA_DIR, interceptors are cleared after it. Read `dir()` inside tests.
 */
export function useCdnSandbox(): { dir: () => string } {
  let dir = '';
  let cleanup: () => Promise<void> = async () => {};
  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
  });
  beforeEach(async () => ({ dir, cleanup } = await tempDir()));
  afterEach(async () => {
    nock.cleanAll();
    await cleanup();
  });
  afterAll(() => nock.enableNetConnect());
  return { dir: () => dir };
}
