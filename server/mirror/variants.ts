// Turns one downloaded image into the files we serve: WebP + JPEG at the standard widths that do not
// exceed the original, plus what a page needs before any of them loads (size, dominant color, a
// thumbhash-derived placeholder). sharp is given a pixel limit and the header is checked before any
// decoding, so a small file that declares gigapixels (a decompression bomb) is refused cheaply.
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Metadata, SharpOptions } from 'sharp';
import { rgbaToThumbHash, thumbHashToRGBA } from 'thumbhash';
import { MediaMirrorError } from './mirror-error.js';

type Sharp = typeof import('sharp')['default'];
let loading: Promise<Sharp> | undefined;

/**
 * sharp (libvips, about 30 MB of native code) loads on the first image, so a server with
 * MEDIA_MODE=direct never maps it into memory. A failed load is not cached: the next image retries.
 */
function loadSharp(): Promise<Sharp> {
  if (loading) return loading;
  loading = import('sharp').then(
    module => module.default,
    error => {
      loading = undefined;
      // Not a MediaMirrorError: an installation problem is not the image's fault, so it is retried later.
      throw new Error(`The image library (sharp) could not be loaded: ${(error as Error).message}`, { cause: error });
    },
  );
  return loading;
}

export const VARIANT_WIDTHS: readonly number[] = [320, 640, 1080];
export const DEFAULT_MAX_INPUT_PIXELS = 50_000_000;

export interface VariantFile {
  file: string;
  width: number;
  height: number;
  type: 'image/webp' | 'image/jpeg';
  bytes: number;
}

export interface ImageVariants {
  /** Of the original, after EXIF orientation. */
  width: number;
  height: number;
  /** Dominant color, `#rrggbb`. */
  color: string;
  /** Base64 thumbhash bytes (kept so the placeholder format can change without re-downloading). */
  thumbhash: string;
  /** The thumbhash rendered as a tiny WebP data URL, which browsers paint without any decoder script. */
  placeholder: string;
  files: VariantFile[];
}

/** Standard widths up to the original; the original width itself too when it is not one and below the largest. */
export function variantWidths(originalWidth: number): number[] {
  const widths = VARIANT_WIDTHS.filter(width => width <= originalWidth);
  const largest = VARIANT_WIDTHS[VARIANT_WIDTHS.length - 1]!;
  if (originalWidth < largest && !widths.includes(originalWidth)) widths.push(originalWidth);
  return widths;
}

/** Writes `<baseName>-<width>.webp|jpg` into `dir`; throws `MediaMirrorError` for images we refuse to decode. */
export async function writeImageVariants(input: Buffer, dir: string, baseName: string, maxInputPixels = DEFAULT_MAX_INPUT_PIXELS): Promise<ImageVariants> {
  const sharp = await loadSharp();
  const options = { limitInputPixels: maxInputPixels, failOn: 'error' as const };
  let metadata: Metadata;
  try {
    // Reading the header decodes no pixels, so the limit is checked below with a clearer reason.
    metadata = await sharp(input, { ...options, limitInputPixels: false }).metadata();
  } catch (error) {
    throw new MediaMirrorError('undecodable', 'Image header could not be read', { cause: error });
  }
  if (!metadata.width || !metadata.height) throw new MediaMirrorError('undecodable', 'Image has no dimensions');
  if (metadata.width * metadata.height > maxInputPixels) {
    throw new MediaMirrorError('too_many_pixels', `Image declares ${metadata.width}x${metadata.height} pixels, over the ${maxInputPixels} limit`);
  }
  const { width, height } = metadata.autoOrient;
  const written: string[] = [];
  try {
    const { color, thumbhash, placeholder } = await describeImage(sharp, input, options);
    await mkdir(dir, { recursive: true });
    const files: VariantFile[] = [];
    for (const target of variantWidths(width)) {
      const resized = sharp(input, options).rotate().resize({ width: target, withoutEnlargement: true });
      for (const type of ['image/webp', 'image/jpeg'] as const) {
        const file = `${baseName}-${target}.${type === 'image/webp' ? 'webp' : 'jpg'}`;
        const temp = join(dir, `.${file}.tmp-${randomBytes(4).toString('hex')}`);
        written.push(temp);
        const encoder =
          type === 'image/webp'
            ? resized.clone().webp({ quality: 75 })
            : resized.clone().flatten({ background: '#ffffff' }).jpeg({ quality: 80, mozjpeg: true });
        const info = await encoder.toFile(temp);
        await rename(temp, join(dir, file));
        written.push(join(dir, file));
        files.push({ file, width: info.width, height: info.height, type, bytes: info.size });
      }
    }
    return { width, height, color, thumbhash, placeholder, files };
  } catch (error) {
    await Promise.all(written.map(path => rm(path, { force: true })));
    if (error instanceof MediaMirrorError) throw error;
    const reason = /pixel limit/i.test((error as Error).message) ? 'too_many_pixels' : 'undecodable';
    throw new MediaMirrorError(reason, `Image could not be converted: ${(error as Error).message}`, { cause: error });
  }
}

async function describeImage(sharp: Sharp, input: Buffer, options: SharpOptions): Promise<Pick<ImageVariants, 'color' | 'thumbhash' | 'placeholder'>> {
  // thumbhash wants at most 100x100 RGBA; the same small copy is plenty for the dominant color.
  const { data, info } = await sharp(input, options).rotate().resize(100, 100, { fit: 'inside' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  const hash = rgbaToThumbHash(info.width, info.height, data);
  const { dominant } = await sharp(data, { raw: { width: info.width, height: info.height, channels: 4 } }).stats();
  const color = `#${[dominant.r, dominant.g, dominant.b].map(c => c.toString(16).padStart(2, '0')).join('')}`;
  const decoded = thumbHashToRGBA(hash);
  const tiny = await sharp(Buffer.from(decoded.rgba), { raw: { width: decoded.w, height: decoded.h, channels: 4 } })
    .webp({ quality: 60 })
    .toBuffer();
  return { color, thumbhash: Buffer.from(hash).toString('base64'), placeholder: `data:image/webp;base64,${tiny.toString('base64')}` };
}
