// Slow clients cannot hold a connection open: one that trickles its headers, or its body, is answered
// 408 and cut off once REQUEST_TIMEOUT_MS (here 1 s) has passed, while other visitors are served.
// Without the limits, Node would wait 60 s for headers and 5 minutes for a whole request.
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStack, type Stack } from '../bench/harness.js';

let stack: Stack;
beforeAll(async () => {
  stack = await startStack({ REQUEST_TIMEOUT_MS: '1000' }, { demo: true });
}, 60_000);
afterAll(() => stack?.close());

/**
 * Sends `head` at once, then `drip` every 250 ms for up to `forMs`; resolves with what the server
 * answered and how long after the start it closed the connection (or null if it never did).
 */
function trickle(head: string, drip: string, forMs: number): Promise<{ answer: string; closedAfterMs: number | null }> {
  const port = Number(new URL(stack.server.url).port);
  return new Promise(resolve => {
    const started = Date.now();
    let answer = '';
    const socket = connect(port, '127.0.0.1', () => socket.write(head));
    const timer = setInterval(() => !socket.destroyed && socket.write(drip), 250);
    const finish = (closedAfterMs: number | null) => {
      clearInterval(timer);
      clearTimeout(giveUp);
      socket.destroy();
      resolve({ answer, closedAfterMs });
    };
    const giveUp = setTimeout(() => finish(null), forMs);
    socket.on('data', chunk => (answer += chunk));
    socket.on('close', () => finish(Date.now() - started));
    socket.on('error', () => undefined);
  });
}

describe('slow clients', () => {
  it('cuts off a client that trickles its headers with a 408, and keeps serving others', async () => {
    const slow = trickle('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n', 'X-Slow: 1\r\n', 15_000);
    await new Promise(r => setTimeout(r, 500));
    expect((await fetch(`${stack.server.url}/healthz`)).ok).toBe(true);
    const { answer, closedAfterMs } = await slow;
    expect(closedAfterMs, 'the server never closed the connection').not.toBeNull();
    expect(closedAfterMs!).toBeLessThan(6_000);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  }, 30_000);

  it('cuts off a client that trickles its body with a 408', async () => {
    const head = `POST /instagram/data-deletion HTTP/1.1\r\nHost: 127.0.0.1:${new URL(stack.server.url).port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 4000\r\n\r\n`;
    const { answer, closedAfterMs } = await trickle(head, 'a', 15_000);
    expect(closedAfterMs, 'the server never closed the connection').not.toBeNull();
    expect(closedAfterMs!).toBeLessThan(6_000);
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect((await fetch(`${stack.server.url}/healthz`)).ok).toBe(true);
  }, 30_000);
});
