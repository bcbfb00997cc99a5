import type { Media, MediaSource, MirrorFields } from '../../widget/contract.js';
import { entryKey, type ImageEntry, type ManifestEntry } from './manifest.js';

type Entries = Readonly<Record<string, ManifestEntry>>;
type Patch = MirrorFields & { mediaUrl?: string; thumbnailUrl?: string };

/**
 * Feed media with mirror fields and our URLs for everything already mirrored; anything else is returned
 * as it came (the same object), which is also exactly what MEDIA_MODE=direct serves. Pure: reads only
 * its arguments. `baseUrl` ends with `/media/<accountId>/`.
 */
export function decorateMedia(media: readonly Media[], entries: Entries | undefined, baseUrl: string, mirrorVideos: boolean): Media[] {
  if (!entries) return [...media];
  return media.map(item => decorateItem(item, entries, baseUrl, mirrorVideos));
}

function decorateItem(item: Media, entries: Entries, baseUrl: string, mirrorVideos: boolean): Media {
  if (item.type !== 'carousel' || item.children.length === 0) {
    const patch = patchFor(item.id, item.type === 'image' || item.type === 'carousel', entries, baseUrl, mirrorVideos);
    return patch ? { ...item, ...patch } : item;
  }
  const children = item.children.map(child => {
    const patch = patchFor(child.id, child.type === 'image', entries, baseUrl, mirrorVideos);
    return patch ? { ...child, ...patch } : child;
  });
  const [cover, original] = [children[0]!, item.children[0]!];
  if (children.every((child, i) => child === item.children[i])) return item;
  if (cover === original) return { ...item, children };
  // The album shows its first child: give it that child's size, color and variants.
  const { width, height, color, placeholder, sources } = cover;
  const top: Media = { ...item, children, ...defined({ width, height, color, placeholder, sources }), thumbnailUrl: cover.thumbnailUrl };
  if (cover.type === 'image' || item.mediaUrl === original.mediaUrl) top.mediaUrl = cover.mediaUrl;
  return top;
}

function patchFor(id: string, isImage: boolean, entries: Entries, baseUrl: string, mirrorVideos: boolean): Patch | undefined {
  const image = entries[entryKey(id, isImage ? 'image' : 'poster')];
  const video = !isImage && mirrorVideos ? entries[entryKey(id, 'video')] : undefined;
  const patch: Patch = {};
  if (image && image.kind !== 'video' && image.files.length > 0) {
    const fallback = baseUrl + largestJpeg(image);
    Object.assign(patch, {
      width: image.width,
      height: image.height,
      color: image.color,
      placeholder: image.placeholder,
      sources: toSources(image, baseUrl),
      thumbnailUrl: fallback,
    });
    if (isImage) patch.mediaUrl = fallback;
  }
  if (video?.kind === 'video') patch.mediaUrl = baseUrl + video.file;
  return Object.keys(patch).length > 0 ? patch : undefined;
}

/** WebP first, then JPEG, each by ascending width. */
function toSources(entry: ImageEntry, baseUrl: string): MediaSource[] {
  const rank = (type: string) => (type === 'image/webp' ? 0 : 1);
  return [...entry.files]
    .sort((a, b) => rank(a.type) - rank(b.type) || a.width - b.width)
    .map(f => ({ width: f.width, height: f.height, url: baseUrl + f.file, type: f.type }));
}

function largestJpeg(entry: ImageEntry): string {
  const jpegs = entry.files.filter(f => f.type === 'image/jpeg');
  const pool = jpegs.length > 0 ? jpegs : entry.files;
  return pool.reduce((a, b) => (b.width > a.width ? b : a)).file;
}

function defined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The smallest JPEG of a mirrored image (what an 88 px avatar needs), or undefined when not mirrored. */
export function smallestJpegUrl(entries: Entries | undefined, mediaId: string, baseUrl: string): string | undefined {
  const entry = entries?.[entryKey(mediaId, 'image')];
  if (!entry || entry.kind === 'video' || entry.files.length === 0) return undefined;
  const [smallest] = toSources(entry, baseUrl).filter(source => source.type === 'image/jpeg');
  return smallest?.url ?? baseUrl + largestJpeg(entry);
}
