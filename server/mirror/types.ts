import type { Media } from '../../widget/contract.js';

/** What the mirror holds and owes: for the metrics. */
export interface MirrorStatus {
  /** Download jobs running or waiting. */
  queueLength: number;
  /** Bytes of the mirrored files the manifests list. */
  bytes: number;
}

/**
 * The media mirror (MEDIA_MODE=mirror): re-hosts resized copies of Instagram images on our server.
 * The feed service calls it; it never blocks a visitor request.
 */
export interface MediaMirror {
  /**
   * After a successful sync: queue downloads for media not mirrored yet, and for the profile picture
   * when `avatarUrl` is given. Returns at once, never throws.
   */
  schedule(accountId: string, media: readonly Media[], options?: { avatarUrl?: string | null }): void;
  /**
   * Media with mirror fields added (width, height, color, placeholder, sources) and image URLs pointing
   * at our server, for the items already mirrored; others unchanged. Pure and fast: called when a page
   * is rendered (the result is memoised until `version` changes).
   */
  decorate(accountId: string, media: readonly Media[]): Media[];
  /** Our URL of the account's profile picture (scheduled with `avatarUrl`) once mirrored: the smallest JPEG. */
  avatar(accountId: string): string | undefined;
  /** Deletes every file and record of an account at once (disconnect, data deletion). */
  forget(accountId: string): Promise<void>;
  /** Its backlog and disk use, read from memory. */
  status(): MirrorStatus;
  /** Changes whenever new mirror results become visible, so memoised renders can be invalidated. */
  readonly version: number;
}

/** The disk mirror's extras for cluster mode (cluster/cluster-mirror.ts): one instance writes, the others read. */
export interface SharedMediaMirror extends MediaMirror {
  /** Reads the account's manifest from MEDIA_DIR again: another instance changed it. */
  reload(accountId: string): Promise<void>;
  /** Runs `listener` after this process saved an account's manifest or deleted its media. */
  onChanged(listener: (accountId: string) => void): void;
}
