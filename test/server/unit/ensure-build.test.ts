// `npm start` builds only when it must: a fresh clone (no build), an edit after the last build, or a
// build that stopped half way (no stamp); never in a production tree, which has dist/ but no sources.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildNeeded } from '../../../scripts/ensure-build.mjs';

let root: string;
const write = (path: string, secondsAgo: number) => {
  const file = join(root, path);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(file, '');
  const time = Date.now() / 1000 - secondsAgo;
  // Folders count too (a deleted source changes its folder's mtime), so they get the same age.
  for (let path = file; path !== root; path = dirname(path)) utimesSync(path, time, time);
};

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'igfeed-build-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('buildNeeded', () => {
  it('builds a fresh clone, and a build that stopped before its stamp', () => {
    write('server/main.ts', 100);
    expect(buildNeeded(root)).toBe('first start');
    write('dist/server/server/main.js', 50);
    expect(buildNeeded(root)).toBe('first start');
  });

  it('rebuilds when any source, however deep, is newer than the stamp', () => {
    write('server/main.ts', 100);
    write('widget/media/tile.ts', 100);
    write('dist/build.json', 50);
    expect(buildNeeded(root)).toBeUndefined();
    write('widget/media/tile.ts', 10);
    expect(buildNeeded(root)).toBe('sources changed');
  });

  it('never builds a production tree (dist/ without sources)', () => {
    write('dist/server/server/main.js', 100);
    expect(buildNeeded(root)).toBeUndefined();
  });
});
