// Curation and merged feeds on the warm route. Curation on (50 hidden posts, 5 rules, 3 pins) against
// off, on the same account (@bench.gallery, 120 posts) in alternating rounds: the curation is put and
// cleared between rounds, each time warmed once before measuring. And a merged feed of 3 accounts
// against one of them alone, also alternating. MEDIA_MODE=direct: the mirror's background work would
// weigh on whichever variant runs while it transcodes.
import { BENCH_ACCOUNT, findAccount } from '../../demo/emulator/app.js';
import type { Feed } from '../../widget/contract.js';
import { load, rpsRatio, startStack, summarize, type LoadResult } from './harness.js';
import type { RouteSummary } from './server.js';

export interface CurationBenchResult {
  plain: RouteSummary;
  curated: RouteSummary;
  /** Median over rounds of curated req/s divided by plain req/s of the same round. */
  curatedRatio: number;
  single: RouteSummary;
  merged: RouteSummary;
  mergedRatio: number;
  /** Instagram media calls made while measuring (all pages warm: expect 0). */
  mediaCalls: number;
  connections: number;
  rounds: number;
  duration: number;
}

export async function benchCuration(options: { rounds?: number; duration?: number; connections?: number } = {}): Promise<CurationBenchResult> {
  const { rounds = 5, duration = 4, connections = 10 } = options;
  const fixtures = [BENCH_ACCOUNT, findAccount('northshore.coffee')!, findAccount('lena.travels')!];
  const stack = await startStack(
    { MEDIA_MODE: 'direct' },
    { demo: true, accounts: fixtures.map(fixture => ({ fixture })), controls: { latencyMs: 50, benchAccount: true } },
  );
  try {
    const base = stack.server.url;
    const gallery = `${base}/api/feeds/${BENCH_ACCOUNT.username}`;
    const merged = `${base}/api/feeds/${fixtures.map(f => f.username).join(',')}`;
    const first = await fetch(`${gallery}?limit=100`);
    if (!first.ok) throw new Error(`${gallery} answered ${first.status}: ${await first.text()}`);
    const all = (await first.json()) as Feed;
    const rest = (await (await fetch(`${gallery}?limit=100&after=${encodeURIComponent(all.paging.next!)}`)).json()) as Feed;
    const ids = [...all.media, ...rest.media].map(m => m.id);
    if (ids.length < 100) throw new Error(`@${BENCH_ACCOUNT.username} has ${ids.length} posts; the bench needs 100`);
    // 50 hidden (every other post of the newest 100, so page 1 skips posts across two chunks), 3 pins
    // from the second chunk, and 5 exclude rules that match nothing in particular.
    const curation = {
      hidden: ids.slice(0, 100).filter((_, i) => i % 2 === 0),
      pinned: [ids[61]!, ids[73]!, ids[85]!],
      links: { [ids[61]!]: { url: 'https://shop.example.com/a', label: 'Shop this' } },
      include: { hashtags: [], words: [] },
      exclude: { hashtags: ['nsfw', 'giveaway', 'ad'], words: ['spam', 'contest'] },
    };
    const put = async (body: unknown) => {
      const response = await fetch(`${base}/api/accounts/${BENCH_ACCOUNT.username}/curation`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json', origin: base },
        body: JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`PUT curation answered ${response.status}: ${await response.text()}`);
    };
    const warm = async (url: string) => {
      for (let i = 0; i < 3; i++) if (!(await fetch(url)).ok) throw new Error(`${url} did not load`);
    };
    await warm(merged);
    await warm(gallery);
    for (const url of [gallery, merged, `${base}/api/feeds/${fixtures[1]!.username}`]) await load(url, { duration: 1, connections }); // JIT warm-up
    await stack.upstream.resetStats();

    const runs = { plain: [] as LoadResult[], curated: [] as LoadResult[], single: [] as LoadResult[], merged: [] as LoadResult[] };
    const single = `${base}/api/feeds/${fixtures[1]!.username}`;
    for (let round = 0; round < rounds; round++) {
      await put({});
      await warm(gallery);
      runs.plain.push(await load(gallery, { duration, connections }));
      await put(curation);
      await warm(gallery);
      runs.curated.push(await load(gallery, { duration, connections }));
      runs.single.push(await load(single, { duration, connections }));
      runs.merged.push(await load(merged, { duration, connections }));
    }
    const stats = await stack.upstream.stats();
    return {
      plain: summarize(runs.plain),
      curated: summarize(runs.curated),
      curatedRatio: rpsRatio(runs.curated, runs.plain),
      single: summarize(runs.single),
      merged: summarize(runs.merged),
      mergedRatio: rpsRatio(runs.merged, runs.single),
      mediaCalls: (stats.calls['graph.media'] ?? 0) + (stats.calls['graph.media_object'] ?? 0),
      connections,
      rounds,
      duration,
    };
  } finally {
    await stack.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const quick = process.argv.includes('--quick');
  const r = await benchCuration(quick ? { rounds: 1, duration: 2 } : {});
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  console.log(`Warm route, ${r.connections} connections, ${r.rounds} alternating rounds of ${r.duration} s (medians)`);
  console.log(`curation on (50 hidden, 5 rules, 3 pins): ${r.curated.rps} req/s vs off ${r.plain.rps} req/s: ${pct(r.curatedRatio)} (target >= 95%)`);
  console.log(`merged feed of 3 accounts: ${r.merged.rps} req/s vs one account ${r.single.rps} req/s: ${pct(r.mergedRatio)} (target >= 80%)`);
  console.log(`Instagram media calls while measuring: ${r.mediaCalls}; errors: ${r.plain.errors + r.curated.errors + r.single.errors + r.merged.errors}`);
}
