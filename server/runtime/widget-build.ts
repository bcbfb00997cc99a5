// `npm start` serves the widget and the demo page from dist/. When either is missing or older than
// its sources (a fresh clone, or an edit), build first, so a newcomer never sees a page without them.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from './logger.js';

async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? await newestMtime(path) : (await stat(path)).mtimeMs);
  }
  return newest;
}

async function builtAt(path: string): Promise<number> {
  return existsSync(path) ? (await stat(path)).mtimeMs : 0;
}

export async function ensureWidgetBuild(root: string, logger: Logger): Promise<void> {
  const widget = await builtAt(join(root, 'dist', 'instagram-feed.js'));
  const demo = await builtAt(join(root, 'dist', 'demo', 'index.html'));
  const built = Math.min(widget, demo);
  const demoSources = await Promise.all(['index.html', 'demo.ts', 'demo.css'].map(file => builtAt(join(root, 'demo', file))));
  const newest = Math.max(await newestMtime(join(root, 'widget')), ...demoSources);
  if (built > 0 && built >= newest) return;
  const vite = join(root, 'node_modules', '.bin', 'vite');
  if (!existsSync(vite)) {
    logger.warn('The widget is not built and vite is not installed; run `npm ci && npm run build` to serve /widget/instagram-feed.js');
    return;
  }
  logger.info(built ? 'Sources changed: rebuilding the widget and the demo page...' : 'Building the widget and the demo page (first start)...');
  // The library build empties dist/, so the demo page is always built after it.
  await run(vite, ['build', '--logLevel', 'warn'], root);
  await run(vite, DEMO_BUILD_ARGS, root);
}

/** The demo page build, also used by `npm run build`. */
export const DEMO_BUILD_ARGS = ['build', 'demo', '--outDir', '../dist/demo', '--emptyOutDir', '--logLevel', 'warn'];

function run(command: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', code => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with code ${code}`))));
  });
}
