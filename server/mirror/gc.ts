// Garbage collection and the disk budget.
//
// Retention: the feed service calls `schedule` once per fetched chunk (the first page on every refresh,
// later pages only when visitors page there), so "absent from the latest call" does not mean deleted
// on Instagram. An entry is dropped only when it was in neither of the account's last RECENT_SYNCS
// calls AND nobody scheduled it for `retainMs` (default 48 h). That keeps the last two syncs' worth,
// covers feed JSON still cached by browsers and CDNs, and lets rarely viewed later pages expire and be
// mirrored again on demand (content-hashed names make that idempotent).
//
// Budget: when everything under `${dataDir}/media` exceeds `maxCacheBytes`, whole accounts are
// deleted, least recently synced first, never the account that was just synced.
import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { entryFiles, MANIFEST_FILE, type Manifest } from './manifest.js';

export const RECENT_SYNCS = 2;
export const DEFAULT_RETAIN_MS = 48 * 3600_000;

/** Keys of the entries that the retention rule above lets go. */
export function expiredEntries(manifest: Manifest, now: number, retainMs: number): string[] {
  const recent = manifest.syncs.slice(-RECENT_SYNCS);
  const since = recent.length > 0 ? Math.min(...recent) : -Infinity;
  return Object.entries(manifest.entries)
    .filter(([, entry]) => entry.seenAt < since && now - entry.seenAt >= retainMs)
    .map(([key]) => key);
}

/** Deletes every file in `dir` that the manifest does not name (dropped entries, crash leftovers). */
export async function sweepUnreferenced(dir: string, manifest: Manifest): Promise<number> {
  const keep = new Set([MANIFEST_FILE, ...Object.values(manifest.entries).flatMap(entryFiles)]);
  let removed = 0;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (keep.has(name)) continue;
    await rm(join(dir, name), { force: true, recursive: true });
    removed++;
  }
  return removed;
}

/** Bytes per account directory under `root`. */
export async function measureAccounts(root: string, isAccount: (name: string) => boolean): Promise<Map<string, number>> {
  const sizes = new Map<string, number>();
  for (const entry of await readdir(root, { withFileTypes: true }).catch(() => [])) {
    if (!entry.isDirectory() || !isAccount(entry.name)) continue;
    let bytes = 0;
    for (const name of await readdir(join(root, entry.name)).catch(() => [] as string[])) {
      bytes += await stat(join(root, entry.name, name)).then(
        s => s.size,
        () => 0,
      );
    }
    sizes.set(entry.name, bytes);
  }
  return sizes;
}

/** Accounts to delete, in order, to get `sizes` under `maxBytes`; `protect` is never chosen. */
export function chooseEvictions(sizes: ReadonlyMap<string, number>, lastSyncedAt: (account: string) => number, maxBytes: number, protect: string): string[] {
  let total = [...sizes.values()].reduce((sum, bytes) => sum + bytes, 0);
  const victims: string[] = [];
  const candidates = [...sizes.keys()].filter(account => account !== protect).sort((a, b) => lastSyncedAt(a) - lastSyncedAt(b));
  for (const account of candidates) {
    if (total <= maxBytes) break;
    victims.push(account);
    total -= sizes.get(account)!;
  }
  return victims;
}
