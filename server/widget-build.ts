// `npm start` serves the widget from dist/. When dist/ is missing or older than widget/ sources
// (a fresh clone, or an edit), build it first so a newcomer never sees a feed without its script.
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

export async function ensureWidgetBuild(root: string, logger: Logger): Promise<void> {
  const bundle = join(root, 'dist', 'instagram-feed.js');
  const sources = join(root, 'widget');
  if (!existsSync(sources)) return;
  const built = existsSync(bundle) ? (await stat(bundle)).mtimeMs : 0;
  if (built > 0 && built >= (await newestMtime(sources))) return;
  const vite = join(root, 'node_modules', '.bin', 'vite');
  if (!existsSync(vite)) {
    logger.warn('The widget is not built and vite is not installed; run `npm ci && npm run build` to serve /widget/instagram-feed.js');
    return;
  }
  logger.info(built ? 'Widget sources changed: rebuilding the widget...' : 'Building the widget (first start)...');
  await new Promise<void>((resolve, reject) => {
    const child = spawn(vite, ['build', '--logLevel', 'warn'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', code => (code === 0 ? resolve() : reject(new Error(`vite build exited with code ${code}`))));
  });
}
