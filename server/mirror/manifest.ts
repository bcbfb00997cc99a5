// Per-account record of what the mirror holds: `${dataDir}/media/<accountId>/manifest.json`, written
// atomically after every finished job. The files on disk are named in it; anything in the account's
// directory that it does not name is an orphan that garbage collection may delete.
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../runtime/atomic-file.js';
import type { ImageVariants } from './variants.js';

export const MANIFEST_FILE = 'manifest.json';

/** `image`: a photo (post or carousel child); `poster`: a video's or reel's thumbnail; `video`: the mp4. */
export type TargetKind = 'image' | 'poster' | 'video';

interface EntryBase {
  /** First 8 hex digits of the SHA-256 of the downloaded bytes; part of every file name. */
  hash: string;
  /** When the item was last part of a `schedule` call (ms): garbage collection reads this. */
  seenAt: number;
  mirroredAt: number;
}

export interface ImageEntry extends EntryBase, ImageVariants {
  kind: 'image' | 'poster';
}

export interface VideoEntry extends EntryBase {
  kind: 'video';
  file: string;
  bytes: number;
}

export type ManifestEntry = ImageEntry | VideoEntry;

export interface Manifest {
  version: 1;
  accountId: string;
  /** Time of the latest `schedule` call for the account (ms): the byte budget evicts the oldest first. */
  lastSyncedAt: number;
  /** Times of the latest RECENT_SYNCS `schedule` calls, oldest first. */
  syncs: number[];
  /** Keyed by `<mediaId>:<kind>`. */
  entries: Record<string, ManifestEntry>;
}

export function emptyManifest(accountId: string): Manifest {
  return { version: 1, accountId, lastSyncedAt: 0, syncs: [], entries: {} };
}

export function entryKey(mediaId: string, kind: TargetKind): string {
  return `${mediaId}:${kind}`;
}

/** Every file an entry owns. */
export function entryFiles(entry: ManifestEntry): string[] {
  return entry.kind === 'video' ? [entry.file] : entry.files.map(f => f.file);
}

/** Bytes of every file an entry owns. */
export function entryBytes(entry: ManifestEntry): number {
  return entry.kind === 'video' ? entry.bytes : entry.files.reduce((sum, file) => sum + file.bytes, 0);
}

/** The manifest in `dir`, undefined when there is none; throws when it exists but is not ours. */
export async function loadManifest(dir: string, accountId: string): Promise<Manifest | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, MANIFEST_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const value = JSON.parse(text) as Partial<Manifest>;
  if (value?.version !== 1 || value.accountId !== accountId || typeof value.entries !== 'object' || value.entries === null) {
    throw new Error(`${join(dir, MANIFEST_FILE)} is not a media manifest of account ${accountId}`);
  }
  return {
    version: 1,
    accountId,
    lastSyncedAt: Number(value.lastSyncedAt) || 0,
    syncs: Array.isArray(value.syncs) ? value.syncs.filter(n => typeof n === 'number') : [],
    entries: value.entries,
  };
}

export async function saveManifest(dir: string, manifest: Manifest): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFileAtomic(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest)}\n`);
}
