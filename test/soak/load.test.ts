// 1,000 concurrent connections for 60 s on the feed route of the real server (its own process): zero
// errors, and its resident memory afterwards within 20% of what it was before.
import { readFile } from 'node:fs/promises';
import autocannon from 'autocannon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAccount } from '../helpers/connect.js';
import { startStack, type Stack } from '../bench/harness.js';

const SECONDS = Number(process.env.LOAD_SECONDS ?? 60);
let stack: Stack;

async function rssMb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

beforeAll(async () => {
  stack = await startStack({ RATE_LIMIT_PER_MINUTE: '0' });
  await connectAccount(stack.server.url, 'northshore.coffee');
}, 60_000);
afterAll(() => stack?.close());

describe('load', () => {
  it(
    `serves 1,000 concurrent connections for ${SECONDS} s without an error or a memory leak`,
    async () => {
      const url = `${stack.server.url}/api/feeds/northshore.coffee`;
      // Warm up (JIT, caches, socket pools) so "before" is the steady state, not a cold process.
      await autocannon({ url, connections: 1000, duration: 5 });
      await new Promise(r => setTimeout(r, 2000));
      const before = await rssMb(stack.server.child.pid!);
      const result = await autocannon({ url, connections: 1000, duration: SECONDS, timeout: 20 });
      await new Promise(r => setTimeout(r, 2000));
      const after = await rssMb(stack.server.child.pid!);
      console.log(
        `load: ${result.requests.total} requests from 1000 connections in ${SECONDS} s (${Math.round(result.requests.average)} req/s, ` +
          `p99 ${result.latency.p99} ms), ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx; ` +
          `RSS ${before.toFixed(1)} MB before, ${after.toFixed(1)} MB after (${(((after - before) / before) * 100).toFixed(1)}%)`,
      );
      expect(result.errors + result.timeouts + result.non2xx).toBe(0);
      expect(result.requests.total).toBeGreaterThan(SECONDS * 500);
      expect(after).toBeLessThanOrEqual(before * 1.2);
    },
    (SECONDS + 60) * 1000,
  );
});
