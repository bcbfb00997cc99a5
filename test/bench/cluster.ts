// Cluster mode's costs (`npm run bench:cluster`): three instances on one Redis against one embedded
// instance, on the same machine. (1) Instagram calls per feed page per TTL period across the three
// instances under steady load spread over all of them (must stay 1.00: the chunk exchange makes one
// fetch per chunk for the cluster); (2) warm feed route throughput, the cluster (load split over the
// three) against one embedded instance, in alternating rounds: on two cores no gain is expected, the
// row shows what Redis and the extra processes cost; (3) leader failover: SIGKILL the leader, time
// until another instance says it leads.
import { connectAccount } from '../helpers/connect.js';
import { type Cluster, startCluster } from '../e2e/cluster-stack.js';
import { load, type LoadResult, median, summarize } from './load.js';

const TTL_SECONDS = 10;

export interface ClusterBenchResult {
  calls: { media: number; periods: number; perPagePerTtl: number; requests: number; seconds: number };
  throughput: {
    cluster: ReturnType<typeof summarize>;
    embedded: ReturnType<typeof summarize>;
    ratio: number;
    rounds: number;
    duration: number;
    connections: number;
  };
  failover: { samples: number[]; medianMs: number };
}

const graphMedia = (c: Cluster) => c.emulator.emulator.stats.calls['graph.media'] ?? 0;

/** Load split evenly over every instance, as a balancer would: one result, requests and req/s summed. */
async function loadAll(c: Cluster, path: string, duration: number, connections: number): Promise<LoadResult> {
  const each = await Promise.all(
    c.instances.map(i => load(`${i.url}${path}`, { duration, connections: Math.max(1, Math.round(connections / c.instances.length)) })),
  );
  return {
    requests: each.reduce((s, r) => s + r.requests, 0),
    rps: each.reduce((s, r) => s + r.rps, 0),
    p50: median(each.map(r => r.p50)),
    p99: Math.max(...each.map(r => r.p99)),
    p999: Math.max(...each.map(r => r.p999)),
    max: Math.max(...each.map(r => r.max)),
    errors: each.reduce((s, r) => s + r.errors, 0),
    non2xx: each.reduce((s, r) => s + r.non2xx, 0),
  };
}

function leaderOf(c: Cluster): number | undefined {
  for (const instance of c.instances) {
    if (instance.child.exitCode !== null || instance.child.signalCode !== null) continue;
    const logs = instance.logs();
    if (logs.lastIndexOf('is now the leader') > logs.lastIndexOf('no longer the leader')) return instance.index;
  }
  return undefined;
}

export async function benchCluster(
  options: { rounds?: number; duration?: number; connections?: number; steadySeconds?: number; failovers?: number } = {},
): Promise<ClusterBenchResult> {
  const { rounds = 3, duration = 5, connections = 12, steadySeconds = 40, failovers = 3 } = options;
  const path = '/api/feeds/northshore.coffee?limit=12';
  const cluster = await startCluster({ instances: 3, env: { FEED_TTL_SECONDS: String(TTL_SECONDS) } });
  const embedded = await startCluster({ instances: 1, env: { REDIS_URL: '' } });
  try {
    for (const c of [cluster, embedded])
      if ((await connectAccount(c.url, 'northshore.coffee')).location !== '/?connected=northshore.coffee') throw new Error('connect failed');

    // (1) Calls per page per TTL: from the connect's first fetch, then steady load on all three for several TTLs.
    const started = Date.now();
    const steady = await loadAll(cluster, path, steadySeconds, connections);
    const seconds = (Date.now() - started) / 1000;
    const periods = 1 + Math.floor(seconds / TTL_SECONDS);
    const media = graphMedia(cluster);

    // (2) Throughput, warm: alternating rounds after a JIT warm-up.
    await loadAll(cluster, path, 1, connections);
    await load(`${embedded.instances[0]!.url}${path}`, { duration: 1, connections });
    const runs = { cluster: [] as LoadResult[], embedded: [] as LoadResult[] };
    for (let round = 0; round < rounds; round++) {
      runs.cluster.push(await loadAll(cluster, path, duration, connections));
      runs.embedded.push(await load(`${embedded.instances[0]!.url}${path}`, { duration, connections }));
    }

    // (3) Failover: SIGKILL the leader, time until another one leads; restart the victim.
    const samples: number[] = [];
    for (let i = 0; i < failovers; i++) {
      let leader: number | undefined;
      for (const deadline = Date.now() + 30_000; (leader = leaderOf(cluster)) === undefined && Date.now() < deadline; )
        await new Promise(r => setTimeout(r, 50));
      if (leader === undefined) throw new Error('no leader');
      const killedAt = Date.now();
      await cluster.kill(leader);
      let next: number | undefined;
      for (const deadline = Date.now() + 60_000; (next = leaderOf(cluster)) === undefined && Date.now() < deadline; ) await new Promise(r => setTimeout(r, 50));
      if (next === undefined) throw new Error('no new leader within 60 s');
      samples.push(Date.now() - killedAt);
      await cluster.start(leader);
    }
    return {
      calls: { media, periods, perPagePerTtl: media / periods, requests: steady.requests, seconds },
      throughput: {
        cluster: summarize(runs.cluster),
        embedded: summarize(runs.embedded),
        ratio: median(runs.cluster.map((r, i) => r.rps / runs.embedded[i]!.rps)),
        rounds,
        duration,
        connections,
      },
      failover: { samples, medianMs: median(samples) },
    };
  } finally {
    await Promise.all([cluster.stop(), embedded.stop()]);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const quick = process.argv.includes('--quick');
  const r = await benchCluster(quick ? { rounds: 1, duration: 2, steadySeconds: 20, failovers: 1 } : {});
  console.log(`Cluster mode: 3 instances on one Redis vs 1 embedded instance, same machine (${(await import('node:os')).cpus().length} cores)`);
  console.log(
    `Instagram calls per feed page per TTL (FEED_TTL_SECONDS=${TTL_SECONDS}, ${r.calls.requests} requests over ${r.calls.seconds.toFixed(0)} s on 3 instances): ${r.calls.media} calls / ${r.calls.periods} periods = ${r.calls.perPagePerTtl.toFixed(2)}`,
  );
  const t = r.throughput;
  console.log(`Warm feed route, ${t.connections} connections, ${t.rounds} alternating rounds of ${t.duration} s (medians):`);
  console.log(`  cluster (3 instances): ${t.cluster.rps} req/s, p50 ${t.cluster.p50} ms, p99 ${t.cluster.p99} ms, errors ${t.cluster.errors}`);
  console.log(`  embedded (1 instance): ${t.embedded.rps} req/s, p50 ${t.embedded.p50} ms, p99 ${t.embedded.p99} ms, errors ${t.embedded.errors}`);
  console.log(`  cluster / embedded: ${t.ratio.toFixed(2)}`);
  console.log(
    `Leader failover after SIGKILL: ${r.failover.samples.map(ms => `${(ms / 1000).toFixed(1)} s`).join(', ')} (median ${(r.failover.medianMs / 1000).toFixed(1)} s)`,
  );
}
