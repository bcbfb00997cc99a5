// writeFileAtomic, removeStaleTempFiles and ensurePrivateDir on real files in a temp directory: whole
// replacement, private modes, no temp files left behind, the old content kept when a write fails, and
// writes to one path applied in call order.
import { chmod, mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensurePrivateDir, removeStaleTempFiles, writeFileAtomic } from '../../../server/runtime/atomic-file.js';
import { tempDir } from '../helpers/setup.js';

let dir = '';
let cleanup: () => Promise<void> = async () => {};
beforeEach(async () => {
  ({ dir, cleanup } = await tempDir());
});
afterEach(() => cleanup());

const mode = async (path: string) => (await stat(path)).mode & 0o777;

describe('writeFileAtomic', () => {
  it('should create a file, then replace its content whole', async () => {
    const path = join(dir, 'db.json');
    await writeFileAtomic(path, 'x'.repeat(10_000));
    await writeFileAtomic(path, Buffer.from('{"short":true}'));
    expect(await readFile(path, 'utf8')).toBe('{"short":true}');
    expect(await readdir(dir)).toEqual(['db.json']);
  });

  it.skipIf(process.platform === 'win32')('should leave the file readable by its owner only, also when it was not before', async () => {
    const path = join(dir, 'db.json');
    await writeFile(path, 'old', { mode: 0o644 });
    await chmod(path, 0o644);
    await writeFileAtomic(path, 'new');
    expect(await mode(path)).toBe(0o600);
  });

  it('should apply concurrent writes to one path in call order', async () => {
    const path = join(dir, 'db.json');
    await Promise.all(Array.from({ length: 20 }, (_, i) => writeFileAtomic(path, `${i}`.repeat(1000 * (20 - i)))));
    expect(await readFile(path, 'utf8')).toBe('19'.repeat(1000));
    expect(await readdir(dir)).toEqual(['db.json']);
  });

  describe('when a write fails', () => {
    it('should keep the old content, remove its temp file, and not hold up the next write', async () => {
      const path = join(dir, 'db.json');
      await writeFileAtomic(path, 'old');
      // Not a string or Buffer: fails while writing the temp file, after it was created.
      await expect(writeFileAtomic(path, 42 as never)).rejects.toThrow();
      expect(await readFile(path, 'utf8')).toBe('old');
      expect(await readdir(dir)).toEqual(['db.json']);
      const failing = writeFileAtomic(path, 42 as never).then(
        () => 'written',
        () => 'failed',
      );
      await writeFileAtomic(path, 'next');
      expect(await failing).toBe('failed');
      expect(await readFile(path, 'utf8')).toBe('next');
    });

    it('should remove its temp file when the rename fails', async () => {
      const path = join(dir, 'taken');
      await mkdir(path);
      await writeFile(join(path, 'inside'), 'keep');
      await expect(writeFileAtomic(path, 'data')).rejects.toThrow();
      expect(await readdir(dir)).toEqual(['taken']);
      expect(await readFile(join(path, 'inside'), 'utf8')).toBe('keep');
    });

    it('should reject when the directory does not exist, creating nothing', async () => {
      await expect(writeFileAtomic(join(dir, 'missing', 'db.json'), 'data')).rejects.toMatchObject({ code: 'ENOENT' });
      expect(await readdir(dir)).toEqual([]);
    });
  });
});

describe('removeStaleTempFiles', () => {
  it('should delete only the temp files a crashed write left behind, and say how many', async () => {
    const names = ['db.json', '.db.json.tmp-0a1b2c3d4e5f', '.feed.json.tmp-ffffffffffff', '.hidden', 'notes.tmp-1', 'db.json.bak'];
    for (const name of names) await writeFile(join(dir, name), name);
    expect(await removeStaleTempFiles(dir)).toBe(2);
    expect((await readdir(dir)).sort()).toEqual(['.hidden', 'db.json', 'db.json.bak', 'notes.tmp-1']);
    expect(await readFile(join(dir, 'db.json'), 'utf8')).toBe('db.json');
  });

  it('should remove nothing and not throw for a missing directory', async () => {
    expect(await removeStaleTempFiles(join(dir, 'missing'))).toBe(0);
  });
});

describe('ensurePrivateDir', () => {
  it.skipIf(process.platform === 'win32')('should create missing directories as 0700 and accept an existing one', async () => {
    const path = join(dir, 'data', 'feeds');
    await ensurePrivateDir(path);
    expect(await mode(path)).toBe(0o700);
    await ensurePrivateDir(path);
    expect(await mode(path)).toBe(0o700);
  });
});
