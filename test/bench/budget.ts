// Upstream budget: how many Instagram calls one feed page costs. A cold burst (10,000 requests from 100
// connections), then a steady 200 req/s across several TTL expiries, for our server and two baselines
// measured in the same run: (a) "cache, but no single flight" (naive-server.ts) and (b) "the browser
// calls Instagram on every page view" (load straight at the emulator's Graph endpoint). A control runs
// our server with a TTL longer than the run: the same load with no expiry, whose p99 is what "visitors
// never wait on Instagram" is measured against, under the same machine contention. Each variant
// runs in its own process with its own emulator, so the three run in parallel without sharing an
// event loop; the emulator's /__stats counts the calls.
import { join } from 'node:path';
import { findAccount } from '../../demo/emulator/app.js';
import type { EmulatorStats } from '../../demo/emulator/app.js';
import { startEmulator } from '../../demo/emulator/server.js';
import { CHUNK_SIZE } from '../../server/feed/feed-service.js';
import { MEDIA_FIELDS } from '../../server/instagram/client.js';
import { apiCalls, load, ROOT, spawnTs, startChild, startStack, steady, upstreamAt, waitForMirror, type LoadResult, type Upstream } from './harness.js';

export const VARIANTS = ['ours', 'control', 'naive', 'browser'] as const;
/** The control's TTL: longer than any run, so its feed never expires while measured. */
export const CONTROL_TTL_SECONDS = 86_400;
export type Variant = (typeof VARIANTS)[number];

export interface BudgetOptions {
  ttlSeconds: number;
  coldRequests: number;
  coldConnections: number;
  durationSeconds: number;
  rate: number;
  connections: number;
  latencyMs: number;
}

export interface VariantResult {
  variant: Variant;
  /** `graph.media` calls (feed page reads) during the cold burst and the steady run. */
  media: { cold: number; run: number };
  /** Every Instagram API call (profile reads included; CDN image downloads excluded). */
  api: { cold: number; run: number };
  cold: LoadResult;
  run: LoadResult;
  /** Seconds between the two phases (ours: waiting for the media mirror, part of warm-up). */
  settleSeconds: number;
}

interface Target {
  url: string;
  upstream: Upstream;
  settle?: () => Promise<unknown>;
  close(): Promise<void>;
}

const northshore = findAccount('northshore.coffee')!;

async function prepare(variant: Variant, o: BudgetOptions): Promise<Target> {
  if (variant === 'ours' || variant === 'control') {
    // Accounts go straight into the store: connected, never synced, no DATA_DIR/feeds snapshot: a cold cache.
    const ttl = variant === 'control' ? CONTROL_TTL_SECONDS : o.ttlSeconds;
    const stack = await startStack(
      { FEED_TTL_SECONDS: String(ttl) },
      { demo: true, accounts: [{ fixture: northshore }], controls: { latencyMs: o.latencyMs } },
    );
    const url = `${stack.server.url}/api/feeds/northshore.coffee`;
    return { url, upstream: stack.upstream, settle: () => waitForMirror(url), close: stack.close };
  }
  const emulator = await startEmulator({ controls: true, redirectUris: [] });
  emulator.emulator.setControl({ latencyMs: o.latencyMs });
  const token = emulator.emulator.state.issueToken(northshore.id, 'long').token;
  // The very Graph page our server reads per chunk.
  const graphUrl = `${emulator.url}/v23.0/me/media?${new URLSearchParams({ fields: MEDIA_FIELDS, limit: String(CHUNK_SIZE), access_token: token })}`;
  if (variant === 'browser') return { url: graphUrl, upstream: upstreamAt(emulator.url), close: emulator.close };
  try {
    const naive = await startChild(join(ROOT, 'test/bench/naive-server.ts'), { NAIVE_UPSTREAM_URL: graphUrl, NAIVE_TTL_SECONDS: String(o.ttlSeconds) });
    return {
      url: `${naive.url}/api/feeds/northshore.coffee`,
      upstream: upstreamAt(emulator.url),
      async close() {
        await naive.stop();
        await emulator.close();
      },
    };
  } catch (error) {
    await emulator.close();
    throw error;
  }
}

async function runVariant(variant: Variant, o: BudgetOptions, onTarget: (target: Target) => void): Promise<VariantResult> {
  const target = await prepare(variant, o);
  onTarget(target);
  try {
    await target.upstream.resetStats();
    const cold = await load(target.url, { amount: o.coldRequests, connections: o.coldConnections });
    const afterCold = await target.upstream.stats();
    const settleStart = Date.now();
    await target.settle?.();
    const settleSeconds = (Date.now() - settleStart) / 1000;
    const run = await steady(target.url, { duration: o.durationSeconds, connections: o.connections, rate: o.rate });
    const end = await target.upstream.stats();
    const media = (s: EmulatorStats) => s.calls['graph.media'] ?? 0;
    return {
      variant,
      media: { cold: media(afterCold), run: media(end) - media(afterCold) },
      api: { cold: apiCalls(afterCold), run: apiCalls(end) - apiCalls(afterCold) },
      cold,
      run,
      settleSeconds,
    };
  } finally {
    await target.close();
  }
}

/** Runs the variants in parallel child processes; resolves with their results. */
export async function benchBudget(o: BudgetOptions): Promise<Record<Variant, VariantResult>> {
  const deadlineMs = (o.durationSeconds + 300) * 1000;
  const results = await Promise.all(
    VARIANTS.map(
      variant =>
        new Promise<VariantResult>((resolve, reject) => {
          const child = spawnTs(join(ROOT, 'test/bench/budget.ts'), ['--variant', variant, '--options', JSON.stringify(o)], {}, 'pipe');
          let stdout = '';
          let stderr = '';
          child.stdout!.on('data', chunk => (stdout += chunk));
          child.stderr!.on('data', chunk => (stderr = (stderr + chunk).slice(-4000)));
          const timer = setTimeout(() => child.kill('SIGTERM'), deadlineMs);
          child.once('exit', code => {
            clearTimeout(timer);
            const line = stdout.trim().split('\n').pop() ?? '';
            try {
              if (code !== 0) throw new Error(`exit code ${code}`);
              resolve(JSON.parse(line) as VariantResult);
            } catch (error) {
              reject(new Error(`budget variant ${variant} failed (${(error as Error).message}):\n${stderr}`));
            }
          });
        }),
    ),
  );
  return Object.fromEntries(results.map(r => [r.variant, r])) as Record<Variant, VariantResult>;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const arg = (name: string) => process.argv[process.argv.indexOf(name) + 1] ?? '';
  const variant = arg('--variant') as Variant;
  if (!VARIANTS.includes(variant)) throw new Error(`--variant must be one of ${VARIANTS.join(', ')}`);
  let current: Target | undefined;
  process.once('SIGTERM', () => void (current?.close() ?? Promise.resolve()).finally(() => process.exit(1)));
  const result = await runVariant(variant, JSON.parse(arg('--options')) as BudgetOptions, target => (current = target));
  process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0));
}
