// Finding a program the tests need (Chromium, redis-server) and, on a Debian machine where we are root,
// installing Debian's package for it: no test tool ever downloads a binary of its own.
import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';

export function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The program at `$envVar` when set (undefined if it is not executable), else the first executable candidate. */
export function findTool(envVar, candidates) {
  const fromEnv = process.env[envVar];
  if (fromEnv) return isExecutable(fromEnv) ? fromEnv : undefined;
  return candidates.find(isExecutable);
}

/** Runs `apt-get update` and `apt-get install -y <packages>` when we are root on Debian; false when we cannot. */
export function aptInstall(packages, log) {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot || !isExecutable('/usr/bin/apt-get')) return false;
  log(`installing Debian's ${packages.join(' ')} package with apt-get...`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  execFileSync('apt-get', ['install', '-y', '-qq', ...packages], { stdio: 'inherit', env });
  return true;
}
