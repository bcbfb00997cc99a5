// `npm run build:package`: the npm package instagram-feed-element, in widget/ (widget/package.json).
//   widget/dist/index.js (+ chunks)   for bundlers, importing `lit` (vite.package.config.ts)
//   widget/dist/browser/              the self-contained script-tag builds, as the server serves them
//   widget/dist/types/                TypeScript declarations
//   widget/custom-elements.json       the custom elements manifest, for editors and tooling
// Runs after `vite build` (the script-tag builds in dist/ are copied from there).
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const bin = name => join(root, 'node_modules', '.bin', name);

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.status !== 0) {
    process.stderr.write(`build:package: ${[command, ...args].join(' ')} failed (exit ${result.status}).\n`);
    process.exit(result.status ?? 1);
  }
}

if (!existsSync(join(root, 'dist', 'instagram-feed.js'))) {
  process.stderr.write('build:package: dist/instagram-feed.js is missing; run `npm run build` (it builds the script-tag files first).\n');
  process.exit(1);
}
run(bin('vite'), ['build', '-c', 'vite.package.config.ts', '--logLevel', 'warn']);
run(bin('tsc'), ['-p', 'tsconfig.types.json']);
run(bin('cem'), ['analyze', '--litelement', '--globs', 'widget/instagram-feed.ts', '--outdir', 'widget']);

const browser = join(root, 'widget', 'dist', 'browser');
mkdirSync(browser, { recursive: true });
for (const file of readdirSync(join(root, 'dist'))) {
  if (/^instagram-feed.*\.js(\.map)?$/.test(file)) copyFileSync(join(root, 'dist', file), join(browser, file));
}
cpSync(join(root, 'LICENSE'), join(root, 'widget', 'LICENSE'));
