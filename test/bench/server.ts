// `npm run bench:server`: the feed route with a warm cache next to a bare Express route returning the
// same bytes (the ceiling), in the same run, alternating rounds so machine noise hits all alike.
// Production configuration (media mirror on, mirrored images settled), Instagram answering in 300 ms.
import { join } from 'node:path';
import { findAccount } from '../../demo/emulator/app.js';
import { load, ROOT, rpsRatio, startChild, startStack, summarize, waitForMirror, type LoadResult } from './harness.js';

export interface RouteSummary {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

export interface ServerBenchResult {
  feed: RouteSummary;
  bare: RouteSummary;
  /** The bare route sending our route's response headers too. */
  bareHeaders: RouteSummary;
  /** Our route through Express (a trailing-slash URL skips the fast path): what the fast path saves. */
  viaExpress: RouteSummary;
  /** A bare node:http handler sending the same bytes: the ceiling without any framework. */
  bareNode: RouteSummary;
  /** Median over rounds of feed req/s divided by bare req/s of the same round. */
  ratio: number;
  bytes: number;
  connections: number;
  rounds: number;
  duration: number;
}

export async function benchWarmFeed(options: { rounds?: number; duration?: number; connections?: number } = {}): Promise<ServerBenchResult> {
  const { rounds = 3, duration = 5, connections = 10 } = options;
  const stack = await startStack({}, { demo: true, accounts: [{ fixture: findAccount('northshore.coffee')! }], controls: { latencyMs: 300 } });
  try {
    const feedUrl = `${stack.server.url}/api/feeds/northshore.coffee`;
    if (!(await fetch(feedUrl)).ok) throw new Error('the feed did not load');
    // Every post of the account, not just the first page: sharp transcoding in the background would
    // take CPU from the measured route (and each finished image re-renders the memoised page).
    if (!(await waitForMirror(`${feedUrl}?limit=100`, 60_000, { avatar: true }))) throw new Error('the media mirror stopped: no progress for 60 s');
    const body = await (await fetch(feedUrl)).arrayBuffer();
    const bare = await startChild(join(ROOT, 'test/bench/bare-server.ts'), { BARE_SOURCE_URL: feedUrl });
    try {
      const targets = [feedUrl, `${bare.url}/bare`, `${bare.url}/bare-headers`, `${stack.server.url}/api/feeds/northshore.coffee/`, `${bare.url}/bare-node`];
      for (const url of targets) await load(url, { duration: 1, connections }); // warm the JITs
      const runs: LoadResult[][] = targets.map(() => []);
      for (let round = 0; round < rounds; round++) {
        for (const [i, url] of targets.entries()) runs[i]!.push(await load(url, { duration, connections }));
      }
      const [feed, bareSummary, bareHeaders, viaExpress, bareNode] = runs.map(summarize) as [
        RouteSummary,
        RouteSummary,
        RouteSummary,
        RouteSummary,
        RouteSummary,
      ];
      // Each round's feed/bare ratio pairs measurements taken seconds apart: steadier than a ratio of medians.
      const ratio = rpsRatio(runs[0]!, runs[1]!);
      return { feed, bare: bareSummary, bareHeaders, viaExpress, bareNode, ratio, bytes: body.byteLength, connections, rounds, duration };
    } finally {
      await bare.stop();
    }
  } finally {
    await stack.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const quick = process.argv.includes('--quick');
  const result = await benchWarmFeed(quick ? { rounds: 1, duration: 3 } : {});
  const row = (name: string, r: RouteSummary) =>
    `| ${name.padEnd(34)} | ${String(r.rps).padStart(8)} | ${String(r.p50).padStart(7)} | ${String(r.p99).padStart(7)} | ${String(r.errors).padStart(6)} |`;
  console.log(
    `Warm-cache feed route vs bare Express route, same ${result.bytes}-byte body, ${result.connections} connections, median of ${result.rounds} rounds`,
  );
  console.log('| route                              |    req/s | p50 ms  | p99 ms  | errors |');
  console.log('|------------------------------------|----------|---------|---------|--------|');
  console.log(row('GET /api/feeds/:account (warm)', result.feed));
  console.log(row('bare Express route, same bytes', result.bare));
  console.log(row('bare route, same bytes and headers', result.bareHeaders));
  console.log(row('our route through Express', result.viaExpress));
  console.log(row('bare node:http handler, same bytes', result.bareNode));
  console.log(`feed / bare throughput: ${(result.ratio * 100).toFixed(1)}% (target >= 80%)`);
}
