// The server-rendered fragment (`/api/feeds/:account/html`) against the JSON route it is cut from, both
// warm, in alternating rounds: what rendering without JavaScript costs the server per request. The
// fragment is rendered once per page and parameters and then served from memory like the JSON.
import { findAccount } from '../../demo/emulator/app.js';
import { load, rpsRatio, startStack, summarize, type LoadResult } from './harness.js';
import type { RouteSummary } from './server.js';

export interface HtmlBenchResult {
  json: RouteSummary;
  html: RouteSummary;
  /** Median over rounds of fragment req/s divided by JSON req/s of the same round. */
  ratio: number;
  jsonBytes: number;
  htmlBytes: number;
  connections: number;
  rounds: number;
  duration: number;
}

export async function benchHtml(options: { rounds?: number; duration?: number; connections?: number } = {}): Promise<HtmlBenchResult> {
  const { rounds = 5, duration = 4, connections = 10 } = options;
  const stack = await startStack(
    { MEDIA_MODE: 'direct' },
    { demo: true, accounts: [{ fixture: findAccount('northshore.coffee')! }], controls: { latencyMs: 50 } },
  );
  try {
    const json = `${stack.server.url}/api/feeds/northshore.coffee?limit=12`;
    const html = `${stack.server.url}/api/feeds/northshore.coffee/html?limit=12`;
    const sizes = await Promise.all(
      [json, html].map(async url => {
        const response = await fetch(url);
        if (!response.ok) throw new Error(`${url} answered ${response.status}`);
        return (await response.arrayBuffer()).byteLength;
      }),
    );
    for (const url of [json, html]) await load(url, { duration: 1, connections }); // JIT warm-up
    const runs = { json: [] as LoadResult[], html: [] as LoadResult[] };
    for (let round = 0; round < rounds; round++) {
      runs.json.push(await load(json, { duration, connections }));
      runs.html.push(await load(html, { duration, connections }));
    }
    return {
      json: summarize(runs.json),
      html: summarize(runs.html),
      ratio: rpsRatio(runs.html, runs.json),
      jsonBytes: sizes[0]!,
      htmlBytes: sizes[1]!,
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
  const r = await benchHtml(quick ? { rounds: 1, duration: 2 } : {});
  console.log(`Warm route, ${r.connections} connections, ${r.rounds} alternating rounds of ${r.duration} s (medians)`);
  console.log(`JSON ${r.json.rps} req/s (${r.jsonBytes} bytes), HTML fragment ${r.html.rps} req/s (${r.htmlBytes} bytes): ${(r.ratio * 100).toFixed(1)}%`);
}
