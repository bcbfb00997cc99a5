// custom-elements.json (what editors, Storybook and the README's table are built from) against the CSS the
// element really uses: every `--instagram-feed-*` default stated in the element's JSDoc must be the fallback
// of every `var(--instagram-feed-*, fallback)` in the widget's styles, and every custom property read there
// must be documented. The manifest is made afresh by the analyzer, as `npm run build:package` makes it.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const WIDGET = join(ROOT, 'widget');

interface CssProperty {
  name: string;
  default?: string;
}

let out: string;
let documented: Map<string, string | undefined>;

/** Every `var(--instagram-feed-x, fallback)` in `source`, the fallback read up to its own closing parenthesis. */
function fallbacks(source: string): { name: string; fallback: string | undefined }[] {
  const found = [];
  for (const match of source.matchAll(/var\(\s*(--instagram-feed-[\w-]+)\s*(,?)/g)) {
    let depth = 1;
    let end = match.index + match[0].length;
    while (depth && end < source.length) {
      const char = source[end++];
      if (char === '(') depth++;
      else if (char === ')') depth--;
    }
    const fallback = match[2] ? source.slice(match.index + match[0].length, end - 1).trim() : undefined;
    found.push({ name: match[1]!, fallback: fallback?.replace(/\s+/g, ' ') });
  }
  return found;
}

/** The widget's TypeScript sources (styles live in `css` templates across a few modules), not its build output. */
function widgetSources(dir = WIDGET): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap(entry => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'dist' || entry.name === 'node_modules' ? [] : widgetSources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'igfeed-manifest-'));
  // The analyzer reads its globs and writes its --outdir relative to its working directory, and records the
  // manifest's path in the package.json it finds there: so it runs in a folder of its own, the widget linked in.
  symlinkSync(WIDGET, join(out, 'widget'));
  execFileSync(join(ROOT, 'node_modules', '.bin', 'cem'), ['analyze', '--litelement', '--globs', 'widget/instagram-feed.ts', '--outdir', 'manifest'], {
    cwd: out,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const manifest = JSON.parse(readFileSync(join(out, 'manifest', 'custom-elements.json'), 'utf8'));
  const element = manifest.modules
    .flatMap((module: { declarations?: unknown[] }) => module.declarations ?? [])
    .find((d: { tagName?: string }) => d.tagName === 'instagram-feed');
  documented = new Map((element.cssProperties as CssProperty[]).map(property => [property.name, property.default]));
}, 30_000);

afterAll(() => {
  if (out) rmSync(out, { recursive: true, force: true });
});

describe('custom-elements.json and the stylesheet', () => {
  it('reads nested parentheses in a fallback', () => {
    expect(fallbacks('color: var(--instagram-feed-color, light-dark(#1f2328,\n  #e8eaed)); gap: var(--instagram-feed-gap)')).toEqual([
      { name: '--instagram-feed-color', fallback: 'light-dark(#1f2328, #e8eaed)' },
      { name: '--instagram-feed-gap', fallback: undefined },
    ]);
  });

  it("states each custom property's default as the styles fall back to it", () => {
    const used = widgetSources().flatMap(file => fallbacks(readFileSync(file, 'utf8')).map(use => ({ ...use, file: relative(ROOT, file) })));
    expect(used.length).toBeGreaterThan(documented.size);
    const mismatches = used
      .filter(use => use.fallback !== undefined && use.fallback !== documented.get(use.name))
      .map(use => `${use.file}: ${use.name} falls back to ${use.fallback}, the manifest says ${documented.get(use.name)}`);
    expect(mismatches).toEqual([]);
  });

  it('documents every custom property the styles read, and only those', () => {
    const used = new Set(widgetSources().flatMap(file => fallbacks(readFileSync(file, 'utf8')).map(use => use.name)));
    expect([...documented.keys()].sort()).toEqual([...used].sort());
  });

  it("agrees with the README's custom properties table", () => {
    const readme = readFileSync(join(WIDGET, 'README.md'), 'utf8');
    const rows = [...readme.matchAll(/^\| `(--instagram-feed-[\w-]+)` \| `([^`]+)` \|/gm)].map(([, name, value]) => [name, value] as const);
    expect(new Map(rows)).toEqual(documented);
  });

  it('gives a default for every documented custom property', () => {
    expect([...documented].filter(([, value]) => !value).map(([name]) => name)).toEqual([]);
  });
});
