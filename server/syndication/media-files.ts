// Which URLs of a post a feed reader gets: the picture it shows, and the files behind the post (the
// photo, the video, an album's children) with their MIME types. Mirrored images come as several
// sizes and types; readers get the largest JPEG, the one every reader can show.
import type { Media, MediaChild, MediaSource } from '../../widget/contract.js';

/** A file of a post, as Media RSS's media:content and JSON Feed's attachments describe it. */
export interface MediaFile {
  url: string;
  medium: 'image' | 'video';
  /** MIME type, when the mirror or the file name says it. */
  type: string | undefined;
  width: number | undefined;
  height: number | undefined;
  /** A video's poster. */
  poster: string | null;
}

/** An absolute http(s) URL, in its parsed (percent-encoded) form; null for anything else. */
export function safeUrl(value: string | null | undefined): string | null {
  if (!value || !/^https?:\/\//i.test(value)) return null;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
  } catch {
    return null;
  }
}

/** The largest JPEG of the mirror's copies, else the largest of any type. */
function bestSource(sources: readonly MediaSource[] | undefined): MediaSource | undefined {
  const usable = (sources ?? []).filter(source => safeUrl(source.url));
  const jpegs = usable.filter(source => source.type === 'image/jpeg');
  return (jpegs.length > 0 ? jpegs : usable).reduce<MediaSource | undefined>((best, source) => (!best || source.width > best.width ? source : best), undefined);
}

/** The picture of a post: the photo, a video's poster, an album's cover (its first child's picture). */
export function imageOf(media: Media): string | null {
  const source = bestSource(media.sources);
  if (source) return safeUrl(source.url);
  if (media.type === 'image') return safeUrl(media.mediaUrl) ?? safeUrl(media.thumbnailUrl);
  if (media.type === 'carousel' && media.children[0]?.type !== 'video') return safeUrl(media.thumbnailUrl) ?? safeUrl(media.mediaUrl);
  return safeUrl(media.thumbnailUrl);
}

/** The post's files: its photo or video, or an album's children (its cover when Instagram listed none). */
export function filesOf(media: Media): MediaFile[] {
  if (media.type !== 'carousel') return fileOf(media, media.type === 'image' ? 'image' : 'video');
  const children = media.children.flatMap(child => fileOf(child, child.type));
  return children.length > 0 ? children : fileOf(media, 'image');
}

function fileOf(media: Media | MediaChild, medium: 'image' | 'video'): MediaFile[] {
  const source = bestSource(media.sources);
  const image = source && safeUrl(source.url);
  const url = medium === 'image' ? (image ?? safeUrl(media.mediaUrl)) : safeUrl(media.mediaUrl);
  if (!url) return [];
  const own = medium === 'image' && image ? source : undefined;
  return [
    {
      url,
      medium,
      type: own?.type ?? typeOfUrl(url),
      width: own?.width,
      height: own?.height,
      poster: medium === 'video' ? (image ?? safeUrl(media.thumbnailUrl)) : null,
    },
  ];
}

/** The MIME type a URL's file name says, when it says one. */
function typeOfUrl(url: string): string | undefined {
  const extension = /\.([a-z0-9]{2,4})$/i.exec(new URL(url).pathname)?.[1]?.toLowerCase();
  return extension ? MIME_TYPES[extension] : undefined;
}

const MIME_TYPES: Record<string, string> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  mov: 'video/quicktime',
  webm: 'video/webm',
};
