// Builds when the build is missing or older than its sources, so `npm ci && npm start` on a fresh
// clone (or after an edit) never serves a stale widget or runs a stale server. A production tree
// (the Docker image, `npm ci --omit=dev`) ships dist/ without the sources, and is used as it is.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Written last by `npm run build`: a build that stopped half way has none and is redone. */
export const BUILD_STAMP = join(ROOT, 'dist', 'build.json');
const SOURCES = ['server', 'widget', 'demo', 'package.json', 'package-lock.json', 'vite.config.ts', 'tsconfig.base.json'];

function newestMtime(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Why a build is needed, or undefined when dist/ is up to date (or there are no sources to build from). */
export function buildNeeded(root = ROOT) {
  if (!existsSync(join(root, 'server', 'main.ts'))) return undefined;
  const stamp = join(root, 'dist', 'build.json');
  if (!existsSync(stamp)) return 'first start';
  const built = statSync(stamp).mtimeMs;
  const sources = SOURCES.map(path => join(root, path)).filter(path => existsSync(path));
  return sources.some(path => newestMtime(path) > built) ? 'sources changed' : undefined;
}

export async function ensureBuild(root = ROOT) {
  const reason = buildNeeded(root);
  if (!reason) return;
  if (!existsSync(join(root, 'node_modules', '.bin', 'vite'))) {
    throw new Error('The build is missing or stale and the build tools are not installed: run `npm ci`, then `npm start` again.');
  }
  process.stderr.write(`Building the server, the widget and the demo page (${reason}; about a minute)...\n`);
  const started = Date.now();
  const npm = process.env.npm_execpath;
  // Under `npm start` npm_execpath is npm's own CLI script; run it with this node, not whatever `npm` is on PATH.
  const [command, args] = npm ? [process.execPath, [npm, 'run', 'build', '--silent']] : ['npm', ['run', 'build', '--silent']];
  await new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
    child.on('error', reject);
    child.on('exit', code => (code === 0 ? resolve() : reject(new Error(`npm run build exited with code ${code}; run it to see why`))));
  });
  process.stderr.write(`Built in ${((Date.now() - started) / 1000).toFixed(0)} s.\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  ensureBuild().catch(error => {
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  });
}
