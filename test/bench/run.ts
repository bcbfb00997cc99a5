// `npm run bench`: every benchmark of the server and the widget in one run (under 10 minutes), a table
// on stdout and test/bench/results.md. `npm run bench -- --quick`: the same measurements, shortened
// and overlapped, as a smoke test for CI (under a minute; prints, writes nothing unless --out is given).
// Quiet-machine measurements (throughput, latency, page timings) run one after another; the three
// upstream-budget variants, which count calls over minutes, run in parallel in their own processes.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ensureBuild } from '../../scripts/ensure-build.mjs';
import { benchAccounts } from './accounts.js';
import { benchBudget, type BudgetOptions } from './budget.js';
import { bundleSizes } from './bundles.js';
import { benchCuration } from './curation.js';
import { benchHtml } from './html.js';
import { killChildren, machine, revision, ROOT } from './harness.js';
import { renderReport, type BenchResults } from './report.js';
import { benchWarmFeed } from './server.js';
import { benchWidget } from './widget.js';

const quick = process.argv.includes('--quick');
const outArg = process.argv.indexOf('--out');
const out = outArg > 0 ? process.argv[outArg + 1] : quick ? undefined : join(ROOT, 'test/bench/results.md');

const FULL = {
  warm: { rounds: 5, duration: 4 },
  curation: { rounds: 5, duration: 4 },
  html: { rounds: 5, duration: 4 },
  budget: { ttlSeconds: 60, coldRequests: 10_000, coldConnections: 100, durationSeconds: 300, rate: 200, connections: 100, latencyMs: 300 },
  accounts: { accounts: 50, requests: 100_000 },
  widget: { runs: 10, mirror100: true },
};
const QUICK: typeof FULL = {
  warm: { rounds: 1, duration: 2 },
  curation: { rounds: 1, duration: 2 },
  html: { rounds: 1, duration: 2 },
  budget: { ttlSeconds: 10, coldRequests: 1_000, coldConnections: 100, durationSeconds: 15, rate: 200, connections: 100, latencyMs: 300 },
  accounts: { accounts: 50, requests: 10_000 },
  widget: { runs: 1, mirror100: false },
};
const plan = quick ? QUICK : FULL;

const started = Date.now();
// Read before anything runs: others may commit while the bench is busy.
const measured = revision(ROOT);
const log = (message: string) => process.stderr.write(`[bench ${Math.round((Date.now() - started) / 1000)} s] ${message}\n`);
async function step<T>(name: string, run: () => Promise<T>): Promise<T> {
  log(`${name}...`);
  const result = await run();
  log(`${name}: done`);
  return result;
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    killChildren();
    process.exit(130);
  });
}

try {
  await ensureBuild(ROOT);
  const bundles = await bundleSizes();
  const budgetOptions: BudgetOptions = plan.budget;
  const budget = () => step(`upstream budget (4 variants in parallel, ${budgetOptions.durationSeconds} s steady)`, () => benchBudget(budgetOptions));
  const warm = () => step('warm feed route vs bare Express', () => benchWarmFeed(plan.warm));
  const curation = () => step('curation on/off and a merged feed, warm route', () => benchCuration(plan.curation));
  const html = () => step('server-rendered fragment vs JSON, warm route', () => benchHtml(plan.html));
  const accounts = () => step(`${plan.accounts.accounts} accounts, ${plan.accounts.requests} requests`, () => benchAccounts(plan.accounts));
  const widget = () => step('widget in headless Chromium', () => benchWidget(plan.widget));
  let parts: Pick<BenchResults, 'warm' | 'curation' | 'html' | 'accounts' | 'widget'> & { variants: BenchResults['budget']['variants'] };
  if (quick) {
    // A smoke test: everything overlaps, so its figures are for "does it run", not for comparison.
    const [variants, [w, c, h, a], wi] = await Promise.all([
      budget(),
      (async () => [await warm(), await curation(), await html(), await accounts()] as const)(),
      widget(),
    ]);
    parts = { variants, warm: w, curation: c, html: h, accounts: a, widget: wi };
  } else {
    parts = {
      warm: await warm(),
      curation: await curation(),
      html: await html(),
      accounts: await accounts(),
      widget: await widget(),
      variants: await budget(),
    };
  }
  const { variants, ...rest } = parts;
  const results: BenchResults = {
    mode: quick ? 'quick' : 'full',
    machine: machine(),
    revision: measured,
    date: `${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    wallSeconds: (Date.now() - started) / 1000,
    bundles,
    budget: { options: budgetOptions, variants },
    ...rest,
  };
  const report = renderReport(results);
  process.stdout.write(report);
  if (out) {
    await writeFile(out, report);
    log(`wrote ${out}`);
  }
  process.exit(0);
} catch (error) {
  killChildren();
  process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exit(1);
}
