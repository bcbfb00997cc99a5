// The offline stand-in for `npm audit --omit=dev` (which cannot reach its advisory service from our
// build machines): every production package in the lockfile is at or past the fixed version of each
// advisory reviewed in security/advisories.json, and no known-compromised version is installed.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

interface LockPackage {
  version?: string;
  dev?: boolean;
}
interface Advisory {
  package: string;
  id: string;
  fixedIn: string;
}

const root = new URL('../../', import.meta.url);
const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8')) as { packages: Record<string, LockPackage> };
const review = JSON.parse(readFileSync(new URL('security/advisories.json', root), 'utf8')) as {
  advisories: Advisory[];
  compromised: { package: string; version: string; id: string }[];
};

/** Installed production copies of a package: `node_modules/<name>` anywhere in the tree, dev-only ones left out. */
function productionCopies(packages: Record<string, LockPackage>, name: string): string[] {
  return Object.entries(packages)
    .filter(([path, entry]) => (path === `node_modules/${name}` || path.endsWith(`/node_modules/${name}`)) && !entry.dev && entry.version)
    .map(([, entry]) => entry.version!);
}

/** -1, 0 or 1; plain x.y.z (a pre-release counts as its release). */
function compareVersions(a: string, b: string): number {
  const [pa, pb] = [a, b].map(v => v.split('-')[0]!.split('.').map(Number));
  for (let i = 0; i < 3; i++) if (pa![i] !== pb![i]) return pa![i]! < pb![i]! ? -1 : 1;
  return 0;
}

describe('production dependencies against reviewed advisories', () => {
  it('compares versions numerically', () => {
    expect(compareVersions('2.0.7', '2.0.8')).toBe(-1);
    expect(compareVersions('7.30.2', '7.29.1')).toBe(1);
    expect(compareVersions('0.35.10', '0.35.4')).toBe(1);
    expect(compareVersions('8.4.0', '8.4.0')).toBe(0);
    expect(productionCopies({ 'node_modules/a': { version: '1.0.0' }, 'node_modules/x/node_modules/a': { version: '0.9.0', dev: true } }, 'a')).toEqual([
      '1.0.0',
    ]);
  });

  it.each(review.advisories.map(a => [`${a.package} ${a.id}`, a] as const))('%s: every production copy is fixed', (_name, advisory) => {
    const copies = productionCopies(lock.packages, advisory.package);
    expect(copies.length, `${advisory.package} is no longer a production dependency: drop it from security/advisories.json`).toBeGreaterThan(0);
    for (const version of copies)
      expect(compareVersions(version, advisory.fixedIn), `${advisory.package}@${version} < ${advisory.fixedIn}`).toBeGreaterThanOrEqual(0);
  });

  it('installs no known-compromised version', () => {
    for (const bad of review.compromised) expect(productionCopies(lock.packages, bad.package)).not.toContain(bad.version);
  });
});
