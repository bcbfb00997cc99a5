// Widget bundle sizes, gzip -9 as `npm run build` reports them, next to instafeed.js's minified bundle
// (the client-side library most integration guides use) as a size reference.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ROOT } from './harness.js';

export interface BundleSize {
  name: string;
  file: string;
  bytes: number;
  gzip: number;
}

async function size(name: string, path: string): Promise<BundleSize> {
  const code = await readFile(path);
  return { name, file: path.slice(ROOT.length), bytes: code.length, gzip: gzipSync(code, { level: 9 }).length };
}

export async function bundleSizes(): Promise<BundleSize[]> {
  const dist = join(ROOT, 'dist');
  const files = await readdir(dist);
  const chunk = (prefix: string) => {
    const file = files.find(f => f.startsWith(prefix) && f.endsWith('.js'));
    if (!file) throw new Error(`dist/${prefix}*.js is missing: run npm run build`);
    return join(dist, file);
  };
  return Promise.all([
    size('ESM initial chunk (Lit included)', join(dist, 'instagram-feed.js')),
    size('header and tiles chunk (loads alongside the first request)', chunk('instagram-feed-feed-view-')),
    size('lazy lightbox chunk', chunk('instagram-feed-lightbox-')),
    size('lazy carousel-layout chunk', chunk('instagram-feed-scroll-nav-')),
    size('IIFE (classic script)', join(dist, 'instagram-feed.iife.js')),
    size('instafeed.js 2.1.0 (reference, minified)', join(ROOT, 'node_modules/instafeed.js/dist/instafeed.min.js')),
  ]);
}
