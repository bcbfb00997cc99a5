// Load generators: autocannon for closed-loop throughput and bursts, and an open-loop steady rate.
import autocannon from 'autocannon';
import { Pool } from 'undici';

export interface LoadResult {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  p999: number;
  max: number;
  errors: number;
  non2xx: number;
}

export interface LoadOptions {
  connections?: number;
  duration?: number;
  amount?: number;
  overallRate?: number;
  /** Paths cycled through by every connection, instead of the URL's own path. */
  paths?: string[];
}

export async function load(url: string, options: LoadOptions = {}): Promise<LoadResult> {
  // autocannon reads an explicit `undefined` as a value: leave unused options out altogether.
  const result = await autocannon({
    url,
    connections: options.connections ?? 10,
    ...(options.amount ? { amount: options.amount } : { duration: options.duration ?? 5 }),
    ...(options.overallRate ? { overallRate: options.overallRate } : {}),
    ...(options.paths ? { requests: options.paths.map(path => ({ method: 'GET' as const, path })) } : {}),
  });
  return {
    requests: result.requests.total,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    p999: result.latency.p99_9,
    max: result.latency.max,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/**
 * Open-loop load at a steady `rate`: one request every 1000/rate ms, however slow the answers, over up to
 * `connections` keep-alive connections. autocannon's `overallRate` sends each connection's share as a
 * burst at the top of every second (100 connections: 200 requests at once), which measures queueing
 * behind the burst rather than what an evenly arriving visitor waits. Latency counts from the moment a
 * request was due, so time spent waiting for a free connection is included.
 */
export async function steady(url: string, options: { rate: number; duration: number; connections: number }): Promise<LoadResult> {
  const target = new URL(url);
  const pool = new Pool(target.origin, { connections: options.connections, headersTimeout: 30_000, bodyTimeout: 30_000 });
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;
  const inFlight = new Set<Promise<void>>();
  const fire = () => {
    const start = performance.now();
    const done = pool
      .request({ method: 'GET', path: target.pathname + target.search })
      .then(async response => {
        await response.body.arrayBuffer();
        if (response.statusCode < 200 || response.statusCode >= 300) non2xx++;
        latencies.push(performance.now() - start);
      })
      .catch(() => void errors++)
      .finally(() => inFlight.delete(done));
    inFlight.add(done);
  };
  const began = performance.now();
  const total = Math.round(options.rate * options.duration);
  let sent = 0;
  await new Promise<void>(resolve => {
    const timer = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - began) * options.rate) / 1000));
      while (sent < due) {
        fire();
        sent++;
      }
      if (sent >= total) {
        clearInterval(timer);
        resolve();
      }
    }, 2);
  });
  await Promise.all([...inFlight]);
  const elapsed = (performance.now() - began) / 1000;
  await pool.close();
  const sorted = latencies.sort((a, b) => a - b);
  const at = (q: number) => Math.round((sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? NaN) * 10) / 10;
  return { requests: sent, rps: sent / elapsed, p50: at(0.5), p99: at(0.99), p999: at(0.999), max: at(1), errors, non2xx };
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/** Several rounds of one route as one row: median req/s (rounded), p50 and p99; errors and non-2xx summed. */
export const summarize = (results: LoadResult[]) => ({
  rps: Math.round(median(results.map(r => r.rps))),
  p50: median(results.map(r => r.p50)),
  p99: median(results.map(r => r.p99)),
  errors: results.reduce((sum, r) => sum + r.errors + r.non2xx, 0),
});

/** Median over alternating rounds of `a`'s req/s against `b`'s in the same round. */
export const rpsRatio = (a: LoadResult[], b: LoadResult[]) => median(a.map((r, i) => r.rps / b[i]!.rps));

export const sleep = (ms: number) => new Promise(resolve => setTimeout(resolve, ms));
