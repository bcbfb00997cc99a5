// Crash-safe file writes: write a uniquely named temp file (mode 0600) in the same directory, fsync
// it, rename it over the target, fsync the directory. A crash at any point leaves either the old or
// the new file, never a torn one. Writes to one path are serialised so an older state can never be
// renamed over a newer one. Temp files orphaned by a crash are removed by `removeStaleTempFiles`.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const TEMP_MARK = '.tmp-';
const queues = new Map<string, Promise<unknown>>();

export async function writeFileAtomic(path: string, data: string | Buffer): Promise<void> {
  const previous = queues.get(path) ?? Promise.resolve();
  const next = previous.catch(() => undefined).then(() => write(path, data));
  queues.set(path, next);
  try {
    await next;
  } finally {
    if (queues.get(path) === next) queues.delete(path);
  }
}

async function write(path: string, data: string | Buffer): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}${TEMP_MARK}${randomBytes(6).toString('hex')}`);
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await rm(temp, { force: true });
    throw error;
  }
  await handle.close();
  try {
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  await syncDir(dir);
}

async function syncDir(dir: string): Promise<void> {
  try {
    const handle = await open(dir, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Some filesystems refuse fsync on directories; the rename itself is still atomic.
  }
}

/** Deletes temp files a crashed process left behind next to `path`'s siblings in `dir`. */
export async function removeStaleTempFiles(dir: string): Promise<number> {
  let removed = 0;
  for (const name of await readdir(dir).catch(() => [] as string[])) {
    if (name.startsWith('.') && name.includes(TEMP_MARK)) {
      await rm(join(dir, name), { force: true });
      removed++;
    }
  }
  return removed;
}

/** Creates a private directory (0700) if it is missing. */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
}
