// The published package's entries imported where there is no DOM: a Node server rendering pages (Next.js,
// Nuxt, Astro, Lit SSR) imports the app's modules, and with them the element. Run in a plain `node`
// process (not vitest's module runner) on the built package (widget/dist), then bundled by Vite for
// the server (`vite build --ssr`, dependencies bundled too) and run again.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const DIST = join(ROOT, 'widget', 'dist');

/** Imports the class-only entry, then the default one, then registers a second name; prints what it saw. */
const probe = (from: (entry: string) => string) => `
const element = await import(${from('element')});
const unregistered = customElements.get('instagram-feed') === undefined;
const index = await import(${from('index')});
const { define } = await import(${from('define')});
const Other = define('acme-feed');
console.log(JSON.stringify({
  unregistered,
  hasDocument: typeof document !== 'undefined',
  registered: customElements.get('instagram-feed') === index.InstagramFeedElement,
  sameClass: element.InstagramFeedElement === index.InstagramFeedElement,
  second: customElements.get('acme-feed') === Other && Other.prototype instanceof index.InstagramFeedElement,
  again: define() === index.InstagramFeedElement,
}));
`;

const expected = { unregistered: true, hasDocument: false, registered: true, sameClass: true, second: true, again: true };

let work: string;

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'igfeed-ssr-import-'));
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

function node(args: string[], cwd: string): string {
  return execFileSync(process.execPath, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('the package on a server, without a DOM', () => {
  it('imports in plain Node: the class-only entry registers nothing, the default entry registers in Lit’s DOM shim', () => {
    const out = node(['--input-type=module', '-e', probe(entry => JSON.stringify(join(DIST, `${entry}.js`)))], ROOT);
    expect(JSON.parse(out)).toEqual(expected);
  });

  it('renders through Lit SSR once imported (as a page rendered by Lit SSR would)', () => {
    const out = node(
      [
        '--input-type=module',
        '-e',
        `await import(${JSON.stringify(join(DIST, 'index.js'))});
const { render } = await import('@lit-labs/ssr');
const { collectResultSync } = await import('@lit-labs/ssr/lib/render-result.js');
const { html } = await import('lit');
console.log(collectResultSync(render(html\`<instagram-feed account="northshore.coffee" server="https://feeds.example.com"></instagram-feed>\`)));`,
      ],
      ROOT,
    );
    expect(out).toMatch(/<instagram-feed\s+account="northshore.coffee"[^>]*><template shadowroot(mode)?="open"/);
  });

  it('imports from a Vite SSR bundle with its dependencies bundled in', () => {
    // Literal specifiers, which the bundler follows (each entry becomes a chunk of the server bundle).
    writeFileSync(
      join(work, 'entry.mjs'),
      probe(entry => `'${join(DIST, `${entry}.js`)}'`),
    );
    writeFileSync(
      join(work, 'vite.config.mjs'),
      `export default { logLevel: 'warn', ssr: { noExternal: true }, build: { ssr: 'entry.mjs', outDir: 'out', target: 'node20', minify: false } };`,
    );
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build'], { cwd: work, stdio: ['ignore', 'ignore', 'inherit'] });
    const bundle = readdirSync(join(work, 'out'), { recursive: true, encoding: 'utf8' })
      .filter(file => file.endsWith('js'))
      .map(file => readFileSync(join(work, 'out', file), 'utf8'))
      .join('\n');
    expect(bundle, 'Lit is bundled, with its server build').toContain('litElementVersions');
    expect(JSON.parse(node([join(work, 'out', 'entry.mjs')], work))).toEqual(expected);
  });
});
