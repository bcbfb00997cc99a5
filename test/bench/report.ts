// Turns the measurements into the markdown printed by `npm run bench` and kept in results.md.
import type { AccountsBenchResult } from './accounts.js';
import { CONTROL_TTL_SECONDS, type BudgetOptions, type Variant, type VariantResult } from './budget.js';
import type { BundleSize } from './bundles.js';
import { EMBED_WAYS } from './embeds.js';
import type { CurationBenchResult } from './curation.js';
import type { HtmlBenchResult } from './html.js';
import type { ServerBenchResult } from './server.js';
import type { WidgetBenchResult } from './widget.js';

export interface BenchResults {
  mode: 'full' | 'quick';
  machine: string;
  revision: string;
  date: string;
  wallSeconds: number;
  warm: ServerBenchResult;
  curation: CurationBenchResult;
  html: HtmlBenchResult;
  budget: { options: BudgetOptions; variants: Record<Variant, VariantResult> };
  accounts: AccountsBenchResult;
  bundles: BundleSize[];
  widget: WidgetBenchResult;
}

const table = (head: string[], rows: (string | number)[][]) =>
  [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map(r => `| ${r.join(' | ')} |`)].join('\n');
const kB = (bytes: number) => `${(bytes / 1000).toFixed(1)} kB`;
const ms = (value: number) => `${Math.round(value * 10) / 10} ms`;
const pct = (value: number) => `${Math.round(value * 100)}%`;
const mark = (ok: boolean) => (ok ? 'yes' : '**no**');

/** TTL periods a variant's feed page lived through: the cold one, then one per TTL of the measured span. */
export function periodsOf(v: VariantResult, o: BudgetOptions): number {
  const seconds = v.cold.requests / Math.max(v.cold.rps, 1) + v.settleSeconds + o.durationSeconds;
  return 1 + Math.floor(seconds / (v.variant === 'control' ? CONTROL_TTL_SECONDS : o.ttlSeconds));
}

export function renderReport(r: BenchResults): string {
  const { warm, curation, html, budget, accounts, widget } = r;
  const o = budget.options;
  const ours = budget.variants.ours;
  const control = budget.variants.control;
  const perPeriod = (v: VariantResult) => (v.media.cold + v.media.run) / periodsOf(v, o);
  const images = widget.images;
  const imageRatio = images.mirror.bytes / images.direct.bytes;
  const summary = table(
    ['measure', 'result', 'target', 'met'],
    [
      [
        'warm feed route throughput vs bare Express',
        `${pct(warm.ratio)} (medians ${warm.feed.rps} vs ${warm.bare.rps} req/s)`,
        '>= 80%',
        mark(warm.ratio >= 0.8),
      ],
      [
        'warm feed route p99 vs bare Express',
        `${ms(warm.feed.p99)} vs ${ms(warm.bare.p99)} (${(warm.feed.p99 / warm.bare.p99).toFixed(2)}x)`,
        '<= 2x',
        mark(warm.feed.p99 <= 2 * warm.bare.p99),
      ],
      [
        'warm route, curation on (50 hidden, 5 rules, 3 pins) vs off',
        `${pct(curation.curatedRatio)} (medians ${curation.curated.rps} vs ${curation.plain.rps} req/s)`,
        '>= 95%',
        mark(curation.curatedRatio >= 0.95),
      ],
      [
        'warm route, merged feed of 3 accounts vs one account',
        `${pct(curation.mergedRatio)} (medians ${curation.merged.rps} vs ${curation.single.rps} req/s)`,
        '>= 80%',
        mark(curation.mergedRatio >= 0.8),
      ],
      [
        'Instagram calls per feed page per TTL period',
        `${perPeriod(ours).toFixed(2)} (${ours.media.cold + ours.media.run} calls, ${periodsOf(ours, o)} periods)`,
        '1',
        mark(perPeriod(ours) <= 1),
      ],
      [
        `p99 at ${o.rate} req/s across TTL expiries vs the same load, cache never expiring`,
        `${ms(ours.run.p99)} vs ${ms(control.run.p99)} (max ${ms(ours.run.max)} vs ${ms(control.run.max)})`,
        '<= 2x',
        mark(ours.run.p99 <= 2 * control.run.p99),
      ],
      ...[widget.grid12, widget.grid100].map(p => [
        `cumulative layout shift, ${p.tiles} tiles, the demo's script-tag snippet, no height set by the page (worst run; from the element's skeleton on)`,
        `${p.cls.toFixed(4)} (${p.clsAfterSkeleton.toFixed(4)}, footer moved ${p.footerMoved} px)`,
        '< 0.01',
        mark(p.cls < 0.01),
      ]),
      ...[widget.grid12, widget.grid100].map(p => [
        `long tasks > 50 ms in the first render, ${p.tiles} tiles (all runs; before the feed's response; whole visits)`,
        `${p.renderTasks}, longest ${p.longestRenderTask} ms (${p.startupTasks}, longest ${p.longestStartupTask} ms; ${p.longTasks}, longest ${p.longestTask} ms)`,
        'none',
        mark(p.renderTasks === 0),
      ]),
      ...[widget.grid12, widget.grid100].map(p => [
        `tasks over 50 ms of main-thread CPU, ${p.tiles} tiles (${p.cpu.runs} traced visit${p.cpu.runs === 1 ? '' : 's'}, whole; of the tasks over 50 ms of wall clock)`,
        `${p.cpu.overCpu} of ${p.cpu.overWall}, most CPU ${p.cpu.longestCpu} ms (its wall clock ${p.cpu.longestCpuWall} ms)`,
        'none',
        mark(p.cpu.overCpu === 0),
      ]),
      ...widget.embeds
        .filter(e => e.way === 'script-blocking' || e.way === 'include-script')
        .map(e => [`cumulative layout shift, 12 posts: ${EMBED_WAYS[e.way]} (worst run)`, e.cls.toFixed(4), '< 0.01', mark(e.cls < 0.01)]),
      [
        'without JavaScript, the server-rendered page: tiles visible, links (shadow / light DOM), schema.org items, script requests',
        `${widget.noScript.visibleTiles}, ${widget.noScript.shadowLinks} / ${widget.noScript.lightLinks}, ${widget.noScript.structuredItems}, ${widget.noScript.scriptRequests}`,
        '12, 12 / 12, 12, 0',
        mark(
          widget.noScript.visibleTiles === 12 &&
            widget.noScript.shadowLinks >= 12 &&
            widget.noScript.lightLinks === 12 &&
            widget.noScript.structuredItems === 12 &&
            widget.noScript.scriptRequests === 0,
        ),
      ],
      [
        'image bytes, 12-post grid, mirror vs direct',
        `${kB(images.mirror.bytes)} vs ${kB(images.direct.bytes)} (${pct(imageRatio)})`,
        '<= 30%',
        mark(imageRatio <= 0.3),
      ],
    ],
  );

  const warmTable = table(
    ['route (warm cache)', 'req/s', 'p50', 'p99', 'errors'],
    [
      ['GET /api/feeds/:account (warm pages answered before Express)', warm.feed.rps, ms(warm.feed.p50), ms(warm.feed.p99), warm.feed.errors],
      ['bare Express route, same bytes (ceiling)', warm.bare.rps, ms(warm.bare.p50), ms(warm.bare.p99), warm.bare.errors],
      ['bare route, same bytes and response headers', warm.bareHeaders.rps, ms(warm.bareHeaders.p50), ms(warm.bareHeaders.p99), warm.bareHeaders.errors],
      [
        'our route through Express (URL with a trailing slash: no fast path)',
        warm.viaExpress.rps,
        ms(warm.viaExpress.p50),
        ms(warm.viaExpress.p99),
        warm.viaExpress.errors,
      ],
      ['bare node:http handler, same bytes (no framework)', warm.bareNode.rps, ms(warm.bareNode.p50), ms(warm.bareNode.p99), warm.bareNode.errors],
    ],
  );

  const names: Record<Variant, string> = {
    ours: 'ours (single flight + refresh-ahead)',
    control: `control: ours, TTL ${CONTROL_TTL_SECONDS / 3600} h (no expiry while measured)`,
    naive: '(a) cache, no single flight',
    browser: '(b) browser calls Instagram per view',
  };
  const budgetTable = table(
    ['variant', 'Graph media calls: cold', 'steady', 'per page per TTL', 'x ours', 'other API calls', 'steady p50', 'p99', 'max', 'errors'],
    (Object.keys(names) as Variant[]).map(name => {
      const v = budget.variants[name];
      const calls = v.media.cold + v.media.run;
      return [
        names[name],
        v.media.cold,
        v.media.run,
        perPeriod(v).toFixed(2),
        `${(calls / Math.max(1, ours.media.cold + ours.media.run)).toFixed(1)}x`,
        v.api.cold + v.api.run - calls,
        ms(v.run.p50),
        ms(v.run.p99),
        ms(v.run.max),
        v.cold.errors + v.cold.non2xx + v.run.errors + v.run.non2xx,
      ];
    }),
  );

  const a = accounts.rss;
  const accountsTable = table(
    ['accounts', 'requests', 'req/s', 'p99', 'errors', 'RSS idle', 'all feeds cached', 'after load', 'after 3 s idle', 'peak'],
    [
      [
        accounts.accounts,
        accounts.load.requests,
        Math.round(accounts.load.rps),
        ms(accounts.load.p99),
        accounts.load.errors + accounts.load.non2xx,
        ...[a.idle, a.warm, a.after, a.settled, a.peak].map(mb => `${mb.toFixed(0)} MB`),
      ],
    ],
  );

  const bundleTable = table(
    ['bundle', 'minified', 'gzip -9'],
    r.bundles.map(b => [b.name, kB(b.bytes), kB(b.gzip)]),
  );

  const paintRow = (p: WidgetBenchResult['grid12'], what: string) => [
    what,
    ms(p.median),
    `${ms(p.min)} – ${ms(p.max)}`,
    ms(p.complete),
    p.cls.toFixed(4),
    p.shiftSources.join(', ') || '–',
    `${p.clsAfterSkeleton.toFixed(4)}, ${p.footerMoved} px`,
    `${p.startupTasks} (${p.longestStartupTask ? ms(p.longestStartupTask) : '–'})`,
    `${p.renderTasks} (${p.longestRenderTask ? ms(p.longestRenderTask) : '–'})`,
    `${p.longTasks} (${p.longestTask ? ms(p.longestTask) : '–'})`,
  ];
  const paintTable = table(
    [
      'page',
      `painted, median of ${widget.grid12.runs}`,
      'range',
      'all tiles rendered',
      'CLS (worst run)',
      'shifted',
      'from the skeleton on: CLS, footer moved',
      'long tasks before the response (longest)',
      'long tasks, first render (longest)',
      'long tasks, whole visit (longest)',
    ],
    [paintRow(widget.grid12, '12 tiles, all images painted'), paintRow(widget.grid100, '100 tiles, the tiles in view painted')],
  );
  const embedTable = table(
    ['way to embed the 12-post feed', 'CLS (worst run)', 'first contentful paint', 'largest contentful paint', 'first frame with tiles'],
    widget.embeds.map(e => [EMBED_WAYS[e.way], e.cls.toFixed(4), ms(e.fcp), ms(e.lcp), Number.isNaN(e.tiles) ? '– (inside the iframe)' : ms(e.tiles)]),
  );
  const imageRow = (name: string, i: WidgetBenchResult['images']['mirror']) => [
    name,
    kB(i.bytes),
    i.requests,
    kB(i.postBytes),
    `${i.picked} for ${i.tileWidth} px tiles`,
  ];
  const imageTable = table(
    ['MEDIA_MODE', 'image bytes', 'requests', 'post tiles', 'files picked'],
    [imageRow('mirror', images.mirror), imageRow('direct', images.direct)],
  );
  const fit = images.mirror.fitPostBytes;

  return `# Benchmark results

${r.date}, ${r.machine}. Code: ${r.revision}.
Mode: ${r.mode} (\`npm run bench${r.mode === 'quick' ? ' -- --quick' : ''}\`), wall time ${Math.round(r.wallSeconds)} s.
Ratios compare figures measured in the same run; absolute numbers drift on shared machines.${r.mode === 'quick' ? '\n**Smoke run**: every part shortened and all of them overlapping on the same cores; it shows that the benchmarks work, not how fast anything is.' : ''}

## Targets

${summary}

## Server

Emulator upstream answering in ${o.latencyMs} ms. Server in production configuration as a child process, load from this machine's loopback.

**Warm cache** (autocannon, ${warm.connections} connections, ${warm.rounds} alternating rounds of ${warm.duration} s, medians; the throughput ratio is the median of the rounds' ratios; ${warm.bytes}-byte body with mirrored images):

${warmTable}

**Curation and merged feeds** (autocannon, ${curation.connections} connections, ${curation.rounds} alternating rounds of ${curation.duration} s, medians, MEDIA_MODE=direct; curation put and cleared between rounds, each warmed once; ${curation.mediaCalls} Instagram media calls while measuring):

${table(
  ['route (warm cache)', 'req/s', 'p50', 'p99', 'errors'],
  [
    ['@bench.gallery, no curation', curation.plain.rps, ms(curation.plain.p50), ms(curation.plain.p99), curation.plain.errors],
    [
      '@bench.gallery, 50 hidden, 5 exclude rules, 3 pins (page 1 reads 2 chunks)',
      curation.curated.rps,
      ms(curation.curated.p50),
      ms(curation.curated.p99),
      curation.curated.errors,
    ],
    ['@northshore.coffee alone', curation.single.rps, ms(curation.single.p50), ms(curation.single.p99), curation.single.errors],
    ['merged: bench.gallery, northshore.coffee, lena.travels', curation.merged.rps, ms(curation.merged.p50), ms(curation.merged.p99), curation.merged.errors],
  ],
)}

**Server-rendered fragment** (\`/api/feeds/:account/html\`, ${html.htmlBytes} bytes) against the JSON route (${html.jsonBytes} bytes), 12 posts, warm, ${html.rounds} alternating rounds of ${html.duration} s, ${html.connections} connections, MEDIA_MODE=direct: ${pct(html.ratio)} of the JSON route's throughput.

${table(
  ['route (warm cache)', 'req/s', 'p50', 'p99', 'errors'],
  [
    ['GET /api/feeds/:account (JSON)', html.json.rps, ms(html.json.p50), ms(html.json.p99), html.json.errors],
    ['GET /api/feeds/:account/html (fragment)', html.html.rps, ms(html.html.p50), ms(html.html.p99), html.html.errors],
  ],
)}

**Upstream budget**: cold cache, ${o.coldRequests.toLocaleString('en')} requests from ${o.coldConnections} connections, then ${o.durationSeconds} s at ${o.rate} req/s (evenly spaced, up to ${o.connections} connections) with FEED_TTL_SECONDS=${o.ttlSeconds}. Periods = 1 + floor(seconds from the first request to the end of the steady phase / TTL). The four variants ran in parallel, each with its own emulator (the control with FEED_TTL_SECONDS=${CONTROL_TTL_SECONDS}, its periods counted with that TTL); calls are the emulator's \`/__stats\` \`graph.media\` (one Graph page per call). "Other API calls" are profile reads; CDN image downloads are not API calls and not counted. Steady latencies are what visitors waited after warm-up.

${budgetTable}

**Many accounts**: ${accounts.accounts} connected accounts, ${accounts.load.requests.toLocaleString('en')} requests spread evenly across them (autocannon, 50 connections), MEDIA_MODE=direct; server process RSS:

${accountsTable}

## Widget

**Bundles**:

${bundleTable}

**Headless Chromium** (${widget.viewport}, first visits in fresh browser contexts, page on another origin with the demo's script-tag snippet (\`blocking="render"\`, in the head) and a footer below the feed; server warm, images mirrored${widget.mediaMode100 === 'direct' ? ', except on the 100-tile page (MEDIA_MODE=direct in quick mode)' : ''}). Times are from navigation start to the frame in which the tiles (on the 100-tile page: those in view) and their images are complete, and to the frame in which every tile is rendered. "From the skeleton on" counts what moved after the first frame that showed the element's skeleton: the shift before it is the page reflowing when the script defines the element, which only the page can prevent (widget/README.md, Layout shift). The first render's long tasks are those that began after the feed's response had arrived, until every tile is rendered; those that began before it are the element's start (evaluating the module, rendering the skeleton) together with the page's own first layout, which the browser runs in the same task when parsing ends. Long tasks are the browser's (PerformanceObserver \`longtask\`):

${paintTable}

**Tasks by CPU time.** A long task's duration is wall clock: it includes the time the main thread waited for a core (two here, shared with the compositor, image decoding, the browser process and the servers) or for another process (fonts). The same two pages, visited again with Chromium's tracing on (${widget.grid12.cpu.runs} time${widget.grid12.cpu.runs === 1 ? '' : 's'} each) (test/bench/trace.ts; tracing slows the page, so these visits are not the ones timed above), give each task's main-thread CPU time: 12 tiles, ${widget.grid12.cpu.overWall} tasks over 50 ms, ${widget.grid12.cpu.overCpu} of them over 50 ms of CPU, the most CPU ${ms(widget.grid12.cpu.longestCpu)} (wall clock ${ms(widget.grid12.cpu.longestCpuWall)}); 100 tiles, ${widget.grid100.cpu.overWall}, ${widget.grid100.cpu.overCpu}, ${ms(widget.grid100.cpu.longestCpu)} (${ms(widget.grid100.cpu.longestCpuWall)}). \`node --import tsx test/bench/trace.ts\` shows what each such task did.

**Ways to embed** the same 12-post feed on the same page (medians of ${widget.embeds[0]?.runs} visits each, in rounds; times from navigation start; the site fetches the fragment as it serves the page, as PHP would). The plain script tag lets the browser paint the page before the script has run, so the page reflows once when the element appears; \`blocking="render"\` holds the first paint until then (Chromium; other browsers ignore it); a server-rendered page has no such moment. An iframe's content does not count towards the parent's LCP:

${embedTable}

**Image bytes** a visitor downloads to see the whole 12-post grid at ${widget.viewport} (scrolled into view; every image response on the wire):

${imageTable}
${fit === undefined ? '' : `\nMirror with the smallest WebP at least as wide as a tile: ${kB(fit)} of post images (${pct(fit / images.direct.postBytes)} of direct's post images).\n`}`;
}
