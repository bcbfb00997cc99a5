import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ensurePrivateDir, writeFileAtomic } from '../runtime/atomic-file.js';

/**
 * Demo mode only: the token key lives in `DATA_DIR/secret.key` (0600), generated on first start.
 * Production deployments pass TOKEN_ENCRYPTION_KEY instead, so the key never sits beside the data.
 */
export async function loadOrCreateKeyFile(dataDir: string): Promise<{ key: Buffer; created: boolean; path: string }> {
  await ensurePrivateDir(dataDir);
  const path = join(dataDir, 'secret.key');
  try {
    const key = Buffer.from((await readFile(path, 'utf8')).trim(), 'base64');
    if (key.length !== 32) throw new Error(`${path} does not hold a 32-byte base64 key`);
    return { key, created: false, path };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = randomBytes(32);
  await writeFileAtomic(path, `${key.toString('base64')}\n`);
  return { key, created: true, path };
}
