import type { Media, MediaChild } from '../../widget/contract.js';
import { entryKey, type TargetKind } from './manifest.js';

/** Media ids become file names: Instagram's are digits; anything outside this is not mirrored. */
export const SAFE_MEDIA_ID = /^[\w-]{1,80}$/;

/** One file to mirror: a photo, a video's poster, or (with MEDIA_MIRROR_VIDEOS) the video. */
export interface MirrorTarget {
  key: string;
  mediaId: string;
  kind: TargetKind;
  url: string;
}

/**
 * What `schedule` should hold for these posts. A carousel's cover is its first child (Instagram's
 * album `media_url` is that child's), so only the children are fetched; an album without children
 * falls back to its own `media_url`.
 */
export function mirrorTargets(media: readonly Media[], mirrorVideos: boolean): MirrorTarget[] {
  const targets = new Map<string, MirrorTarget>();
  const add = (mediaId: string, kind: TargetKind, url: string | null) => {
    if (url && SAFE_MEDIA_ID.test(mediaId)) targets.set(entryKey(mediaId, kind), { key: entryKey(mediaId, kind), mediaId, kind, url });
  };
  const visit = (item: Pick<MediaChild, 'id' | 'mediaUrl' | 'thumbnailUrl'>, isImage: boolean) => {
    if (isImage) return add(item.id, 'image', item.mediaUrl ?? item.thumbnailUrl);
    add(item.id, 'poster', item.thumbnailUrl);
    if (mirrorVideos) add(item.id, 'video', item.mediaUrl);
  };
  for (const item of media) {
    if (item.type === 'carousel' && item.children.length > 0) {
      for (const child of item.children) visit(child, child.type === 'image');
    } else {
      visit(item, item.type === 'image' || item.type === 'carousel');
    }
  }
  return [...targets.values()];
}

/** The profile picture, mirrored under a reserved id that no Instagram media id can take. */
export const AVATAR_ID = 'avatar';

export function avatarTarget(url: string): MirrorTarget {
  return { key: entryKey(AVATAR_ID, 'image'), mediaId: AVATAR_ID, kind: 'image', url };
}
