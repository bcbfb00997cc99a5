// `npm run bench:server`: the feed route with a warm cache next to a bare Express route returning the
// same bytes (the ceiling), in the same run, alternating rounds so machine noise hits both alike.
import { join } from 'node:path';
import { connectAccount } from '../helpers/connect.js';
import { load, median, ROOT, startChild, startStack } from './harness.js';

export interface ServerBenchResult {
  feed: { rps: number; p50: number; p99: number; errors: number };
  bare: { rps: number; p50: number; p99: number; errors: number };
  ratio: number;
  bytes: number;
}

export async function benchWarmFeed(options: { rounds?: number; duration?: number; connections?: number } = {}): Promise<ServerBenchResult> {
  const stack = await startStack();
  try {
    await connectAccount(stack.server.url, 'northshore.coffee');
    const feedUrl = `${stack.server.url}/api/feeds/northshore.coffee`;
    const body = await (await fetch(feedUrl)).arrayBuffer();
    const bare = await startChild(join(ROOT, 'test/bench/bare-server.ts'), { BARE_SOURCE_URL: feedUrl });
    try {
      await load(feedUrl, { duration: 1 }); // warm both JITs
      await load(`${bare.url}/bare`, { duration: 1 });
      const feedRuns: Awaited<ReturnType<typeof load>>[] = [];
      const bareRuns: Awaited<ReturnType<typeof load>>[] = [];
      for (let round = 0; round < (options.rounds ?? 3); round++) {
        feedRuns.push(await load(feedUrl, { duration: options.duration ?? 5, connections: options.connections }));
        bareRuns.push(await load(`${bare.url}/bare`, { duration: options.duration ?? 5, connections: options.connections }));
      }
      const summary = (runs: typeof feedRuns) => ({
        rps: Math.round(median(runs.map(r => r.rps))),
        p50: median(runs.map(r => r.p50)),
        p99: median(runs.map(r => r.p99)),
        errors: runs.reduce((sum, r) => sum + r.errors + r.non2xx, 0),
      });
      const feed = summary(feedRuns);
      const bareSummary = summary(bareRuns);
      return { feed, bare: bareSummary, ratio: feed.rps / bareSummary.rps, bytes: body.byteLength };
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
  const row = (name: string, r: ServerBenchResult['feed']) =>
    `| ${name.padEnd(34)} | ${String(r.rps).padStart(8)} | ${String(r.p50).padStart(7)} | ${String(r.p99).padStart(7)} | ${String(r.errors).padStart(6)} |`;
  console.log(`Warm-cache feed route vs bare Express route, same ${result.bytes}-byte body, 10 connections, median of rounds`);
  console.log('| route                              |    req/s | p50 ms  | p99 ms  | errors |');
  console.log('|------------------------------------|----------|---------|---------|--------|');
  console.log(row('GET /api/feeds/:account (warm)', result.feed));
  console.log(row('bare Express route, same bytes', result.bare));
  console.log(`feed / bare throughput: ${(result.ratio * 100).toFixed(1)}% (target >= 80%)`);
}
