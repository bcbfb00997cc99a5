// Many accounts: 50 connected accounts (written into the store, each with its own token for a fixture
// account, so every one gets a real feed) and 100,000 requests spread evenly across them. Reports the
// server process's resident memory idle, with all 50 feeds cached, after the load, and its peak.
// MEDIA_MODE=direct: in mirror mode 50 accounts would also mean thousands of image resizes, whose
// buffers would blur what the feed cache itself costs.
import { findAccount } from '../../demo/emulator/app.js';
import { load, memoryOf, sleep, startStack, type LoadResult } from './harness.js';

export interface AccountsBenchResult {
  accounts: number;
  load: LoadResult;
  /** MB. */
  rss: { idle: number; warm: number; after: number; settled: number; peak: number };
}

export async function benchAccounts(options: { accounts?: number; requests?: number; connections?: number } = {}): Promise<AccountsBenchResult> {
  const { accounts = 50, requests = 100_000, connections = 50 } = options;
  const fixtures = [findAccount('northshore.coffee')!, findAccount('lena.travels')!];
  // Ids, not usernames, in the URLs: the first sync renames each record to its fixture's username.
  const ids = Array.from({ length: accounts }, (_, i) => `178414000${String(10_000_000 + i)}`);
  const stack = await startStack(
    { MEDIA_MODE: 'direct' },
    { accounts: ids.map((id, i) => ({ fixture: fixtures[i % 2]!, id, username: `bench.account.${i}` })), controls: { latencyMs: 300 } },
  );
  try {
    const pid = stack.server.child.pid!;
    await sleep(1000);
    const idle = (await memoryOf(pid)).rss;
    const paths = ids.map(id => `/api/feeds/${id}`);
    const first = await Promise.all(paths.map(async path => (await fetch(stack.server.url + path)).status));
    if (first.some(status => status !== 200)) throw new Error(`warm-up answered ${first.filter(s => s !== 200).join(', ')}`);
    const warm = (await memoryOf(pid)).rss;
    const result = await load(`${stack.server.url}${paths[0]}`, { amount: requests, connections, paths });
    const after = (await memoryOf(pid)).rss;
    // A few idle seconds let the collector run: what stays is held, not garbage waiting.
    await sleep(3000);
    const { rss: settled, peak } = await memoryOf(pid);
    return { accounts, load: result, rss: { idle, warm, after, settled, peak } };
  } finally {
    await stack.close();
  }
}
