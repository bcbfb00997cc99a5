import { createHash, randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { download, type DownloadLimits } from './download.js';
import type { ImageEntry, VideoEntry } from './manifest.js';
import type { MirrorTarget } from './targets.js';
import { writeImageVariants } from './variants.js';

export interface JobLimits extends DownloadLimits {
  videoMaxBytes: number;
  maxInputPixels: number;
}

type Fresh<T> = Omit<T, 'seenAt' | 'mirroredAt'>;

/** Downloads one target into `dir` and writes its files; the entry describes them. */
export function mirrorTarget(target: MirrorTarget, dir: string, limits: JobLimits): Promise<Fresh<ImageEntry> | Fresh<VideoEntry>> {
  return target.kind === 'video' ? mirrorVideo(target, dir, limits) : mirrorImage(target, dir, limits);
}

async function mirrorImage(target: MirrorTarget, dir: string, limits: JobLimits): Promise<Fresh<ImageEntry>> {
  const chunks: Buffer[] = [];
  await download(target.url, 'image', limits, chunk => void chunks.push(chunk));
  const bytes = Buffer.concat(chunks);
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 8);
  const variants = await writeImageVariants(bytes, dir, `${target.mediaId}-${hash}`, limits.maxInputPixels);
  return { kind: target.kind === 'poster' ? 'poster' : 'image', hash, ...variants };
}

/** Videos can be large: streamed to a temp file while hashing, never held in memory. */
async function mirrorVideo(target: MirrorTarget, dir: string, limits: JobLimits): Promise<Fresh<VideoEntry>> {
  await mkdir(dir, { recursive: true });
  const temp = join(dir, `.${target.mediaId}.mp4.tmp-${randomBytes(4).toString('hex')}`);
  const handle = await open(temp, 'w');
  const hasher = createHash('sha256');
  try {
    const { bytes } = await download(target.url, 'video', { ...limits, maxBytes: limits.videoMaxBytes }, async chunk => {
      hasher.update(chunk);
      await handle.write(chunk);
    });
    await handle.close();
    const hash = hasher.digest('hex').slice(0, 8);
    const file = `${target.mediaId}-${hash}.mp4`;
    await rename(temp, join(dir, file));
    return { kind: 'video', hash, file, bytes };
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
}
