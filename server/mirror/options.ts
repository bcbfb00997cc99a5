import type { Logger } from '../runtime/logger.js';
import { DEFAULT_RETAIN_MS } from './gc.js';
import type { JobLimits } from './mirror-target.js';
import { INSTAGRAM_CDN_HOSTS } from './url-policy.js';
import { DEFAULT_MAX_INPUT_PIXELS } from './variants.js';

export interface MediaMirrorOptions {
  /** Files go under `${dataDir}/media/<accountId>/`. */
  dataDir: string;
  /** MEDIA_DIR: files go under `<mediaDir>/<accountId>/` instead. */
  mediaDir?: string;
  /** Base of the URLs put into Feed JSON, e.g. `http://localhost:3000`. */
  publicUrl: string;
  /** Hosts media may come from: `*.suffix` (subdomains, default port) or exact `host[:port]`. Default: Instagram's CDNs. */
  allowedHosts?: readonly string[];
  /** Exact `host:port` values allowed over plain http (the emulator on loopback). Default: none. */
  allowHttpHosts?: readonly string[];
  /** Per image download. Default 15 MB. */
  maxBytes?: number;
  /** Per download, connect to last byte. Default 15 s. */
  timeoutMs?: number;
  /** Parallel jobs, clamped to 1..4. Default 2. */
  concurrency?: number;
  /** Disk budget for everything under `${dataDir}/media` (MEDIA_CACHE_MAX_MB * 1024 * 1024). Default 1 GiB. */
  maxCacheBytes?: number;
  /** Also mirror videos (MEDIA_MIRROR_VIDEOS). Default false. */
  mirrorVideos?: boolean;
  /** Per video download. Default 64 MB. */
  videoMaxBytes?: number;
  /** sharp's decompression-bomb guard. Default 50 MP. */
  maxInputPixels?: number;
  /** How long an item no longer scheduled is kept (see gc.ts). Default 48 h. */
  retainMs?: number;
  logger: Logger;
  now?: () => number;
}

export interface ResolvedOptions {
  publicUrl: string;
  limits: JobLimits;
  concurrency: number;
  maxCacheBytes: number;
  mirrorVideos: boolean;
  retainMs: number;
  logger: Logger;
  now: () => number;
}

export function resolveOptions(options: MediaMirrorOptions): ResolvedOptions {
  return {
    publicUrl: options.publicUrl.replace(/\/+$/, ''),
    limits: {
      policy: { allowedHosts: options.allowedHosts ?? INSTAGRAM_CDN_HOSTS, allowHttpHosts: options.allowHttpHosts ?? [] },
      maxBytes: options.maxBytes ?? 15 * 1024 * 1024,
      timeoutMs: options.timeoutMs ?? 15_000,
      videoMaxBytes: options.videoMaxBytes ?? 64 * 1024 * 1024,
      maxInputPixels: options.maxInputPixels ?? DEFAULT_MAX_INPUT_PIXELS,
    },
    concurrency: Math.min(4, Math.max(1, Math.floor(options.concurrency ?? 2))),
    maxCacheBytes: options.maxCacheBytes ?? 1024 * 1024 * 1024,
    mirrorVideos: options.mirrorVideos ?? false,
    retainMs: options.retainMs ?? DEFAULT_RETAIN_MS,
    logger: options.logger,
    now: options.now ?? Date.now,
  };
}
