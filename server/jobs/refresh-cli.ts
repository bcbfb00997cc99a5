// `npm run refresh-tokens`: one refresh pass from the command line, printing what happened per account.
// Uses the same configuration as the server (environment variables, DATA_DIR). DATA_DIR has one writer:
// when a server on this machine holds it, the pass runs inside that server (its admin API over loopback,
// with ADMIN_PASSWORD when set) and this process never touches DATA_DIR; otherwise it takes the lock itself.
import { request } from 'node:http';
import { hostname } from 'node:os';
import { ConfigError } from '../config.js';
import { bootstrap } from '../runtime/bootstrap.js';
import { DataDirLockedError, type LockRecord } from '../runtime/data-dir-lock.js';
import { refreshDueTokens, type RefreshOutcome } from './token-refresh.js';

// A server that has just taken the lock needs a few seconds before it listens.
const CONNECT_PATIENCE_MS = 15_000;

function report(outcomes: RefreshOutcome[], dataDir: string): void {
  if (outcomes.length === 0) console.log(`No connected accounts in ${dataDir}.`);
  for (const outcome of outcomes) {
    console.log(`@${outcome.username} (${outcome.accountId}): ${outcome.result.replace(/_/g, ' ')}${outcome.detail ? ` - ${outcome.detail}` : ''}`);
  }
  process.exitCode = outcomes.some(o => o.result === 'failed') ? 1 : 0;
}

/** A server on this machine whose admin API we can ask. */
function reachable(holder: LockRecord): holder is LockRecord & { adminUrl: string } {
  return holder.role === 'server' && holder.host === hostname() && typeof holder.adminUrl === 'string';
}

/** POST /api/accounts/refresh-due on the holder, retrying while it is not listening yet. */
async function refreshThrough(adminUrl: string): Promise<RefreshOutcome[]> {
  const deadline = Date.now() + CONNECT_PATIENCE_MS;
  for (;;) {
    try {
      return await post(new URL('/api/accounts/refresh-due', adminUrl));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ECONNREFUSED' || Date.now() > deadline) throw error;
      await new Promise(resolve => setTimeout(resolve, 250));
    }
  }
}

function post(url: URL): Promise<RefreshOutcome[]> {
  const password = process.env.ADMIN_PASSWORD;
  const headers: Record<string, string> = { host: `127.0.0.1:${url.port}`, 'content-length': '0', accept: 'application/json' };
  if (password) headers.authorization = `Basic ${Buffer.from(`refresh-tokens:${password}`).toString('base64')}`;
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers }, res => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', chunk => (body += chunk));
      res.on('end', () => {
        try {
          const json = JSON.parse(body) as { outcomes?: RefreshOutcome[]; error?: { message?: string } };
          if (res.statusCode === 200 && Array.isArray(json.outcomes)) return resolve(json.outcomes);
          reject(new Error(`the server answered ${res.statusCode}: ${json.error?.message ?? 'no outcomes'}`));
        } catch {
          reject(new Error(`the server answered ${res.statusCode} with something other than JSON`));
        }
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

async function main(): Promise<void> {
  try {
    const { config, logger, store, backend, instagram, notifier, close } = await bootstrap({ role: 'refresh-tokens' });
    try {
      const { locks } = backend;
      report(await refreshDueTokens({ store, instagram, notifier, logger, locks, now: Date.now, windowDays: config.tokenRefreshWindowDays }), config.dataDir);
    } finally {
      await close();
    }
  } catch (error) {
    if (!(error instanceof DataDirLockedError) || !reachable(error.holder)) throw error;
    console.error(`The server (pid ${error.holder.pid}) holds ${error.dataDir}: running the pass there, through ${error.holder.adminUrl}.`);
    try {
      report(await refreshThrough(error.holder.adminUrl), error.dataDir);
    } catch (cause) {
      throw new Error(`could not ask the server at ${error.holder.adminUrl}: ${(cause as Error).message}`);
    }
  }
}

try {
  await main();
} catch (error) {
  console.error(error instanceof ConfigError || error instanceof DataDirLockedError ? error.message : `Token refresh failed: ${(error as Error).message}`);
  process.exitCode = 1;
}
