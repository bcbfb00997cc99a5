// The widget in headless Chromium, as a visitor of a site that embeds it: a page on another origin with
// the script tag, our server warm (feeds cached, images mirrored). Time from navigation to 12 tiles and to
// the tiles in view of 100 painted, and to all 100 rendered (median of `runs` first visits, each in a fresh
// browser context: empty cache), layout shift (the visit's, and the element's own from its skeleton on),
// long tasks (the visit's, and those of the first render), and the image bytes a visitor downloads to
// see a 12-post grid, mirror vs direct.
import puppeteer, { type Browser } from 'puppeteer-core';
import { BENCH_ACCOUNT, findAccount } from '../../demo/emulator/app.js';
import { ensureBuild } from '../../scripts/ensure-build.mjs';
import { CHROMIUM_ARGS, ensureChromium } from '../helpers/chromium.mjs';
import { median, startStack, type Stack, warmFeeds } from './harness.js';
import { EMBED_WAYS, type EmbedSample, type EmbedWay, measureEmbed, type NoScriptView, noScriptView } from './embeds.js';
import { freshPage, imageBytes, VIEWPORT, type ImageBytes } from './images.js';
import { measurePaint, type PaintSample } from './paint.js';
import { startSite } from './site.js';
import { type TracedTask, traceVisit } from './trace.js';

export interface PaintSummary {
  tiles: number;
  runs: number;
  /** ms from navigation start to the view painted, median and spread of the runs. */
  median: number;
  min: number;
  max: number;
  /** ms from navigation start to every tile rendered, median. */
  complete: number;
  /** Worst cumulative layout shift of any run, and where it came from. */
  cls: number;
  shiftSources: string[];
  /** Worst layout shift from the frame after the element's skeleton on, and px the footer moved meanwhile (largest). */
  clsAfterSkeleton: number;
  footerMoved: number;
  /** Long tasks of all runs, whole visits: count and longest. */
  longTasks: number;
  longestTask: number;
  /** Long tasks of all runs' first renders (from the feed's response to every tile rendered, paint.ts): count and longest. */
  renderTasks: number;
  longestRenderTask: number;
  /** Long tasks of all runs that began before the feed's response (the element's start, paint.ts): count and longest. */
  startupTasks: number;
  longestStartupTask: number;
  /** Each run's long tasks of the first render, ms. */
  renderTasksByRun: number[][];
  /** The same page in traced visits (trace.ts): tasks by the main thread's CPU time rather than the wall clock. */
  cpu: CpuSummary;
}

/**
 * Traced visits' tasks over 50 ms of wall clock (whole visits): how many there were, how many of them used over
 * 50 ms of the main thread's CPU, and the most CPU one used (with its wall clock). A task's wall clock also counts
 * the time its thread waited for a core or for another process; on two busy cores that is often most of it.
 */
export interface CpuSummary {
  runs: number;
  overWall: number;
  overCpu: number;
  longestCpu: number;
  longestCpuWall: number;
}

function summarizeCpu(visits: TracedTask[][]): CpuSummary {
  const tasks = visits.flat();
  const longest = tasks.reduce<TracedTask | undefined>((a, b) => (!a || b.cpu > a.cpu ? b : a), undefined);
  return {
    runs: visits.length,
    overWall: tasks.length,
    overCpu: tasks.filter(task => task.cpu > 50).length,
    longestCpu: Math.round(longest?.cpu ?? 0),
    longestCpuWall: Math.round(longest?.wall ?? 0),
  };
}

/** One way of embedding the 12-post feed: medians of the runs, and the worst layout shift. */
export interface EmbedSummary {
  way: EmbedWay;
  runs: number;
  cls: number;
  fcp: number;
  lcp: number;
  /** ms to the first frame showing the feed's tiles; NaN for the iframe. */
  tiles: number;
}

export interface WidgetBenchResult {
  grid12: PaintSummary;
  grid100: PaintSummary;
  embeds: EmbedSummary[];
  noScript: NoScriptView;
  images: { mirror: ImageBytes; direct: ImageBytes };
  viewport: string;
  /** MEDIA_MODE of the 100-tile page (the 12-tile one is always mirror). */
  mediaMode100: 'mirror' | 'direct';
}

function summarize(samples: PaintSample[], tiles: number, traced: TracedTask[][]): PaintSummary {
  const times = samples.map(s => s.time);
  const worst = samples.reduce((a, b) => (b.cls > a.cls ? b : a));
  const tasks = samples.flatMap(s => s.longTasks);
  const renderTasks = samples.flatMap(s => s.renderTasks);
  const startupTasks = samples.flatMap(s => s.startupTasks);
  return {
    tiles,
    runs: samples.length,
    median: median(times),
    min: Math.min(...times),
    max: Math.max(...times),
    complete: median(samples.map(s => s.complete)),
    cls: worst.cls,
    shiftSources: worst.shiftSources,
    clsAfterSkeleton: Math.max(...samples.map(s => s.clsAfterSkeleton)),
    footerMoved: samples.map(s => s.footerMoved).reduce((a, b) => (Math.abs(b) > Math.abs(a) ? b : a)),
    longTasks: tasks.length,
    longestTask: tasks.length ? Math.max(...tasks) : 0,
    renderTasks: renderTasks.length,
    longestRenderTask: renderTasks.length ? Math.max(...renderTasks) : 0,
    renderTasksByRun: samples.map(s => s.renderTasks),
    startupTasks: startupTasks.length,
    longestStartupTask: startupTasks.length ? Math.max(...startupTasks) : 0,
    cpu: summarizeCpu(traced),
  };
}

/**
 * `mirror100: false` (quick mode) shows the 100-tile page with MEDIA_MODE=direct: mirroring 100 more
 * images takes about 20 s of both cores, more than a smoke test can spend.
 */
export async function benchWidget(options: { runs?: number; mirror100?: boolean } = {}): Promise<WidgetBenchResult> {
  const { runs = 10, mirror100 = true } = options;
  const northshore = findAccount('northshore.coffee')!;
  const gallery = { fixture: BENCH_ACCOUNT };
  const [mirror, direct, site] = await Promise.all([
    startStack({}, { demo: true, accounts: [{ fixture: northshore }, ...(mirror100 ? [gallery] : [])], controls: { latencyMs: 300, benchAccount: true } }),
    startStack(
      { MEDIA_MODE: 'direct' },
      { demo: true, accounts: [{ fixture: northshore }, ...(mirror100 ? [] : [gallery])], controls: { latencyMs: 300, benchAccount: true } },
    ),
    startSite(),
  ]);
  let browser: Browser | undefined;
  try {
    const galleryFeed = { account: 'bench.gallery', limit: 100 };
    await Promise.all([
      warmFeeds(mirror.server.url, [{ account: 'northshore.coffee', limit: 12 }, ...(mirror100 ? [galleryFeed] : [])], true),
      warmFeeds(direct.server.url, [{ account: 'northshore.coffee', limit: 12 }, ...(mirror100 ? [] : [galleryFeed])], false),
    ]);
    browser = await puppeteer.launch({ executablePath: ensureChromium(), headless: true, args: CHROMIUM_ARGS });
    const at = (stack: Stack, account: string, limit: number) =>
      `${site.url}/?${new URLSearchParams({ server: stack.server.url, account, limit: String(limit) })}`;
    const grid12 = at(mirror, 'northshore.coffee', 12);
    const grid100 = at(mirror100 ? mirror : direct, 'bench.gallery', 100);
    const visit = async (url: string, tiles: number) => {
      const { page, close } = await freshPage(browser!);
      try {
        return await measurePaint(page, url, tiles);
      } finally {
        await close();
      }
    };
    // One unmeasured visit each: the server reads the widget files from disk, Chromium compiles, ...
    await visit(grid12, 12);
    await visit(grid100, 100);
    const samples12: PaintSample[] = [];
    const samples100: PaintSample[] = [];
    for (let run = 0; run < runs; run++) {
      samples12.push(await visit(grid12, 12));
      samples100.push(await visit(grid100, 100));
    }
    // The same pages traced, apart: tracing slows the page down, so it is not on during the visits measured above.
    const traced12: TracedTask[][] = [];
    const traced100: TracedTask[][] = [];
    for (let run = 0; run < runs; run++) {
      traced12.push((await traceVisit(browser, grid12, 12)).tasks);
      traced100.push((await traceVisit(browser, grid100, 100)).tasks);
    }
    // The ways to embed, in rounds (each way once per round) so that a busy spell hits them alike.
    const embedSamples = new Map<EmbedWay, EmbedSample[]>();
    const ways = Object.keys(EMBED_WAYS) as EmbedWay[];
    for (let run = 0; run <= runs; run++) {
      for (const way of ways) {
        const { page, close } = await freshPage(browser);
        try {
          const sample = await measureEmbed(page, `${grid12}&way=${way}`);
          // The first round warms the server's rendered fragments and Chromium's code caches: not measured.
          if (run) embedSamples.set(way, [...(embedSamples.get(way) ?? []), sample]);
        } finally {
          await close();
        }
      }
    }
    const embeds = ways.map(way => {
      const samples = embedSamples.get(way)!;
      const tiles = samples.map(s => s.tiles).filter(Number.isFinite);
      return {
        way,
        runs: samples.length,
        cls: Math.max(...samples.map(s => s.cls)),
        fcp: median(samples.map(s => s.fcp)),
        lcp: median(samples.map(s => s.lcp)),
        tiles: tiles.length ? median(tiles) : Number.NaN,
      };
    });
    const noScript = await noScriptView(browser, `${grid12}&way=include`);
    const images = {
      mirror: await imageBytes(browser, grid12, `${mirror.server.url}/api/feeds/northshore.coffee`),
      direct: await imageBytes(browser, at(direct, 'northshore.coffee', 12)),
    };
    return {
      grid12: summarize(samples12, 12, traced12),
      grid100: summarize(samples100, 100, traced100),
      embeds,
      noScript,
      images,
      viewport: `${VIEWPORT.width}x${VIEWPORT.height}`,
      mediaMode100: mirror100 ? 'mirror' : 'direct',
    };
  } finally {
    await browser?.close();
    site.server.close();
    await Promise.all([mirror.close(), direct.close()]);
  }
}

// `node --import tsx test/bench/widget.ts [--runs N] [--quick]`: this step alone (about a minute), the
// paint table on stdout. `--quick` shows the 100-tile page unmirrored, as `npm run bench -- --quick` does.
if (import.meta.url === `file://${process.argv[1]}`) {
  await ensureBuild();
  const runsArg = process.argv.indexOf('--runs');
  const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 3;
  const result = await benchWidget({ runs, mirror100: !process.argv.includes('--quick') });
  for (const p of [result.grid12, result.grid100]) {
    console.log(
      `${String(p.tiles).padStart(3)} tiles, ${p.runs} runs: painted ${p.median} ms (${p.min}–${p.max}), all rendered ${p.complete} ms; ` +
        `CLS ${p.cls.toFixed(4)} (${p.shiftSources.join(', ') || '–'}), from the skeleton on ${p.clsAfterSkeleton.toFixed(4)}, footer moved ${p.footerMoved} px; ` +
        `long tasks: first render ${p.renderTasks} (longest ${p.longestRenderTask} ms; by run ${JSON.stringify(p.renderTasksByRun)}), before the response ${p.startupTasks} (longest ${p.longestStartupTask} ms), whole visit ${p.longTasks} (longest ${p.longestTask} ms); ` +
        `traced: ${p.cpu.overWall} over 50 ms, ${p.cpu.overCpu} over 50 ms of CPU, most CPU ${p.cpu.longestCpu} ms (wall ${p.cpu.longestCpuWall} ms)`,
    );
  }
  for (const e of result.embeds) {
    console.log(
      `${EMBED_WAYS[e.way].padEnd(66)} CLS ${e.cls.toFixed(4)} (worst of ${e.runs}), FCP ${Math.round(e.fcp)} ms, LCP ${Math.round(e.lcp)} ms, tiles ${Number.isNaN(e.tiles) ? '–' : `${Math.round(e.tiles)} ms`}`,
    );
  }
  console.log('without JavaScript:', JSON.stringify(result.noScript));
  process.exit(0);
}
