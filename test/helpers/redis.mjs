// Finds `redis-server` for the cluster-mode tests and, on a Debian machine where we are root, installs
// Debian's `redis-server` package (as chromium.mjs does for the browser).
import { aptInstall, findTool } from './debian-tool.mjs';

const CANDIDATES = ['/usr/bin/redis-server', '/usr/local/bin/redis-server', '/usr/sbin/redis-server'];

/** `REDIS_SERVER` when set, else a well-known path; `undefined` when none. */
export function findRedisServer() {
  return findTool('REDIS_SERVER', CANDIDATES);
}

/** Returns the redis-server path, installing Debian's package when possible; throws with a one-line hint otherwise. */
export function ensureRedisServer({ log = console.error } = {}) {
  const found = findRedisServer();
  if (found) return found;
  if (process.env.REDIS_SERVER) throw new Error(`REDIS_SERVER=${process.env.REDIS_SERVER} is not an executable file; point it at redis-server.`);
  // --no-install-recommends: the server and its tools; the package's own service is never used by the tests.
  if (aptInstall(['--no-install-recommends', 'redis-server'], message => log(`redis-server not found: ${message}`))) {
    const installed = findRedisServer();
    if (installed) return installed;
  }
  throw new Error(
    'redis-server is needed for the cluster-mode tests: install it (Debian/Ubuntu: sudo apt-get install redis-server) or set REDIS_SERVER to a redis-server binary.',
  );
}
