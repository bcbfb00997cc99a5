// Where a visit's long tasks go, from Chromium's trace of the renderer's main thread. `traceVisit` visits a page
// with tracing on and returns its tasks over 50 ms with their main-thread CPU time beside their wall-clock time:
// on a busy machine a task's wall clock includes the time the thread waited for a core (or for the browser
// process, e.g. for a font), which the longtask entries the widget bench counts cannot tell apart from work.
//
// As a tool, `node --import tsx test/bench/trace.ts [--tiles 12|100] [--runs N] [--summary] [--attributes 'no-header'] [--chromium-args '...']` visits
// the widget bench's 12- or 100-tile page (site.ts) and prints, for every such task, its top-level events
// (script, style, layout, paint), the layouts script forced, and the JS functions that sampled most in it; with
// `--summary`, each visit's figures instead (summarizeVisit), and their medians: for comparing two builds.
import type { Browser } from 'puppeteer-core';
import { freshPage } from './images.js';

export interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  /** The thread's CPU time, where traced. */
  tdur?: number;
  pid: number;
  tid: number;
  id?: string;
  args?: { data?: Record<string, unknown> } & Record<string, unknown>;
}

export interface TracedTask {
  /** ms from navigation start. */
  start: number;
  /** Wall clock, ms. */
  wall: number;
  /** The main thread's CPU time, ms. */
  cpu: number;
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url?: string; lineNumber: number; columnNumber: number };
  parent?: number;
}

// TRACE_CATEGORIES (comma-separated) traces other categories instead, e.g. `toplevel,mojom,fonts` to see what a task waited on.
const CATEGORIES = process.env.TRACE_CATEGORIES
  ? process.env.TRACE_CATEGORIES.split(',')
  : ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'blink.user_timing'];

/**
 * Visits `url` in a fresh browser context with tracing on, until `tiles` tiles are rendered and half a second
 * more, and returns the trace's events (with `profile`, the JS sampling profiler's too) and the tasks of the
 * page's renderer main thread over 50 ms.
 */
export async function traceVisit(browser: Browser, url: string, tiles: number, profile = false): Promise<{ events: TraceEvent[]; tasks: TracedTask[] }> {
  const { page, close } = await freshPage(browser);
  try {
    await page.tracing.start({ categories: profile ? [...CATEGORIES, 'disabled-by-default-v8.cpu_profiler'] : CATEGORIES });
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForFunction(`document.querySelector('instagram-feed')?.shadowRoot?.querySelectorAll('[part~="item"]').length >= ${tiles}`, {
      timeout: 30_000,
    });
    await new Promise(resolve => setTimeout(resolve, 500));
    const buffer = await page.tracing.stop();
    const events = JSON.parse(Buffer.from(buffer!).toString('utf8')).traceEvents as TraceEvent[];
    const { tasks, navigation } = mainThread(events, new URL(url).host);
    return {
      events,
      tasks: tasks
        .filter(task => task.name === 'RunTask' && task.dur! > 50_000)
        .map(task => ({ start: (task.ts - navigation) / 1000, wall: task.dur! / 1000, cpu: (task.tdur ?? task.dur!) / 1000 })),
    };
  } finally {
    await close();
  }
}

/**
 * The complete events of the main thread of the renderer that parsed a page of `host`, that thread (`pid`, `tid`),
 * and its navigation start.
 */
function mainThread(events: TraceEvent[], host: string): { tasks: TraceEvent[]; navigation: number; pid: number; tid: number } {
  // Chromium's own pages have renderers too: the one that parsed the site's page.
  const parsed = events.find(e => e.name === 'ParseHTML' && JSON.stringify(e.args ?? {}).includes(host));
  if (!parsed) throw new Error(`no renderer parsed ${host} in the trace`);
  const { pid, tid } = parsed;
  const tasks = events.filter(e => e.pid === pid && e.tid === tid && e.ph === 'X');
  const navigation = events.find(e => e.name === 'navigationStart' && e.pid === pid)?.ts ?? tasks[0]!.ts;
  return { tasks, navigation, pid, tid };
}

/** Prints where each long task of a traced visit went (see the top of this file). */
function explain(visit: number, events: TraceEvent[], host: string): void {
  const { tasks: onMain, navigation, ...parsed } = mainThread(events, host);
  const samples = profileSamples(events.filter(e => e.pid === parsed.pid));
  const tasks = onMain.filter(e => e.name === 'RunTask' && (e.dur ?? 0) > 50_000);
  console.log(`\nvisit ${visit}: ${tasks.length} tasks over 50 ms (the page's renderer: process ${parsed.pid}, main thread ${parsed.tid})`);
  for (const task of tasks) {
    const end = task.ts + task.dur!;
    const inside = onMain.filter(e => e !== task && e.ts >= task.ts && e.ts + (e.dur ?? 0) <= end);
    const byName = new Map<string, number>();
    for (const e of inside) {
      // Top-level only: events not inside another event of this task.
      if (inside.some(p => p !== e && p.ts <= e.ts && p.ts + p.dur! >= e.ts + e.dur! && p.dur! > e.dur!)) continue;
      const label = e.name + (e.args?.data?.url ? ` ${String(e.args.data.url).split('/').pop()}` : '');
      byName.set(label, (byName.get(label) ?? 0) + e.dur!);
    }
    const parts = [...byName].sort((a, b) => b[1] - a[1]).slice(0, 6);
    const cpu = task.tdur === undefined ? '' : ` (CPU ${(task.tdur / 1000).toFixed(1)} ms)`;
    console.log(
      `  at ${((task.ts - navigation) / 1000).toFixed(0)} ms, ${(task.dur! / 1000).toFixed(1)} ms${cpu}: ${parts.map(([name, dur]) => `${name} ${(dur / 1000).toFixed(1)}`).join(', ')}`,
    );
    // What else ran meanwhile: Chromium's threads by CPU time of their tasks within this one.
    const names = new Map(events.filter(e => e.name === 'thread_name').map(e => [`${e.pid}:${e.tid}`, String(e.args?.name)]));
    const busy = new Map<string, number>();
    for (const e of events) {
      if (e.ph !== 'X' || (e.pid === parsed.pid && e.tid === parsed.tid) || e.tdur === undefined || e.ts < task.ts || e.ts + e.dur! > end) continue;
      // Top-level events only (tasks), as RunTask and its kin are: nested ones would count twice.
      if (!/^(RunTask|ThreadControllerImpl::RunTask|ThreadPool_RunTask|TaskGraphRunner::RunTask)$/.test(e.name)) continue;
      const thread = `${names.get(`${e.pid}:${e.tid}`) ?? e.tid} (${e.pid})`;
      busy.set(thread, (busy.get(thread) ?? 0) + e.tdur);
    }
    const others = [...busy].sort((a, b) => b[1] - a[1]).slice(0, 5);
    if (others.length) console.log(`    meanwhile: ${others.map(([t, cpu]) => `${t} ${(cpu / 1000).toFixed(1)} ms`).join(', ')}`);
    for (const e of inside) {
      const stack = (e.args?.beginData as { stackTrace?: { functionName: string; url: string; lineNumber: number }[] } | undefined)?.stackTrace;
      if ((e.name === 'Layout' || e.name === 'UpdateLayoutTree') && stack?.length) {
        const frames = stack.slice(0, 4).map(f => `${f.functionName || '(anonymous)'} ${f.url.split('/').pop()}:${f.lineNumber}`);
        console.log(`    forced ${e.name} ${(e.dur! / 1000).toFixed(1)} ms by ${frames.join(' < ')}`);
      }
    }
    const within = samples.filter(s => s.ts >= task.ts && s.ts <= end);
    const top = (key: 'frame' | 'ours') => {
      const counts = new Map<string, number>();
      for (const s of within) if (s[key]) counts.set(s[key]!, (counts.get(s[key]!) ?? 0) + 1);
      return [...counts].sort((a, b) => b[1] - a[1]);
    };
    for (const [frame, count] of top('frame').slice(0, 12)) console.log(`      ${((count / within.length) * 100).toFixed(0).padStart(3)}%  ${frame}`);
    const ours = top('ours').slice(0, 8);
    if (ours.length) console.log(`    innermost widget frame: ${ours.map(([f, c]) => `${f} ${((c / within.length) * 100).toFixed(0)}%`).join(', ')}`);
  }
}

/**
 * One traced visit in figures (`--summary`): the main-thread CPU of the task that evaluated the widget's module (its
 * start), and of the tasks from 250 ms on (the render and the images; the response comes at ~100-300 ms): how many
 * ran over 50 ms of wall clock, the longest, the most CPU one used, their CPU in all, and how much of it was layout.
 */
function summarizeVisit(events: TraceEvent[], host: string): number[] {
  const { tasks: onMain, navigation } = mainThread(events, host);
  const cpu = (e: TraceEvent) => (e.tdur ?? e.dur!) / 1000;
  const evaluation = onMain.find(e => e.name === 'v8.evaluateModule');
  const start = onMain.find(e => e.name === 'RunTask' && evaluation && e.ts <= evaluation.ts && e.ts + e.dur! >= evaluation.ts + evaluation.dur!);
  const later = onMain.filter(e => e.name === 'RunTask' && e.ts - navigation > 250_000);
  const layout = onMain.filter(e => e.name === 'Layout' && e.ts - navigation > 250_000);
  return [
    start ? cpu(start) : Number.NaN,
    later.filter(e => e.dur! > 50_000).length,
    Math.max(0, ...later.map(e => e.dur! / 1000)),
    Math.max(0, ...later.map(cpu)),
    later.reduce((sum, e) => sum + cpu(e), 0),
    layout.reduce((sum, e) => sum + cpu(e), 0),
  ];
}

/** The CPU profiler's samples: time, the sampled (leaf) frame, and the innermost frame from the widget's files. */
function profileSamples(events: TraceEvent[]): { ts: number; frame: string; ours?: string }[] {
  const nodes = new Map<number, ProfileNode>();
  const raw: { ts: number; id: number }[] = [];
  const clock = new Map<string, number>();
  for (const e of events) if (e.name === 'Profile') clock.set(String(e.id), Number((e.args?.data as { startTime?: number } | undefined)?.startTime ?? 0));
  for (const e of events) {
    if (e.name !== 'ProfileChunk') continue;
    const data = e.args?.data as { cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] }; timeDeltas?: number[] };
    for (const node of data.cpuProfile?.nodes ?? []) nodes.set(node.id, node);
    let ts = clock.get(String(e.id)) ?? 0;
    for (const [i, id] of (data.cpuProfile?.samples ?? []).entries()) {
      ts += data.timeDeltas?.[i] ?? 0;
      raw.push({ ts, id });
    }
    clock.set(String(e.id), ts);
  }
  const name = (node: ProfileNode) => {
    const file = (node.callFrame.url ?? '').split('/').pop() || '';
    return `${node.callFrame.functionName || '(anonymous)'} ${file}${file ? `:${node.callFrame.lineNumber + 1}:${node.callFrame.columnNumber + 1}` : ''}`;
  };
  return raw.map(({ ts, id }) => {
    const node = nodes.get(id);
    let ours: string | undefined;
    for (let n = node; n && !ours; n = n.parent ? nodes.get(n.parent) : undefined) if (n.callFrame.url?.includes('instagram-feed')) ours = name(n);
    return { ts, frame: node ? name(node) : '?', ours };
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const puppeteer = (await import('puppeteer-core')).default;
  const { BENCH_ACCOUNT, findAccount } = await import('../../demo/emulator/app.js');
  const { ensureBuild } = await import('../../scripts/ensure-build.mjs');
  const { CHROMIUM_ARGS, ensureChromium } = await import('../helpers/chromium.mjs');
  const { median, startStack, warmFeeds } = await import('./harness.js');
  const { startSite } = await import('./site.js');
  const option = (name: string) => (process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined);
  const tiles = Number(option('--tiles') ?? 12);
  const runs = Number(option('--runs') ?? 3);
  const summary = process.argv.includes('--summary');
  await ensureBuild();
  const account = tiles > 12 ? 'bench.gallery' : 'northshore.coffee';
  const fixture = tiles > 12 ? BENCH_ACCOUNT : findAccount('northshore.coffee')!;
  // As in the widget bench's quick mode: images mirrored, except on the 100-tile page.
  const mirror = tiles <= 12;
  const stack = await startStack(mirror ? {} : { MEDIA_MODE: 'direct' }, {
    demo: true,
    accounts: [{ fixture }],
    controls: { latencyMs: 300, benchAccount: true },
  });
  const site = await startSite();
  const browser = await puppeteer.launch({
    executablePath: ensureChromium(),
    headless: true,
    args: [...CHROMIUM_ARGS, ...(option('--chromium-args')?.split(' ') ?? [])],
  });
  try {
    await warmFeeds(stack.server.url, [{ account, limit: tiles }], mirror);
    const params = { server: stack.server.url, account, limit: String(tiles), attributes: option('--attributes') ?? '' };
    const url = `${site.url}/?${new URLSearchParams(params)}`;
    // The first visit warms the server and Chromium: not reported.
    const rows: number[][] = [];
    for (let visit = 0; visit <= runs; visit++) {
      const { events } = await traceVisit(browser, url, tiles, !summary);
      if (visit && summary) rows.push(summarizeVisit(events, new URL(url).host));
      else if (visit) explain(visit, events, new URL(url).host);
    }
    if (summary) {
      const names = ['start task CPU', 'later tasks over 50 ms', 'longest later task', 'most CPU of one', 'their CPU', 'of it layout'];
      console.log(`medians of ${rows.length} visits: ${names.map((name, i) => `${name} ${median(rows.map(row => row[i]!)).toFixed(1)}`).join(', ')} (ms)`);
      console.log(`later tasks over 50 ms, by visit: ${JSON.stringify(rows.map(row => row[1]))}`);
    }
  } finally {
    await browser.close();
    site.server.close();
    await stack.close();
  }
  process.exit(0);
}
