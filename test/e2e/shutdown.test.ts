// Graceful shutdown: on SIGTERM, requests in flight finish, files are flushed, and the process exits
// within 5 s with code 0.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAccount } from '../helpers/connect.js';
import { startDemoServer, type DemoServer } from './stack.js';

let server: DemoServer;
beforeAll(async () => {
  server = await startDemoServer();
  await connectAccount(server.url, 'northshore.coffee');
});
afterAll(() => server?.stop());

describe('SIGTERM', () => {
  it('finishes the request in flight, writes its files, then exits 0 within 5 s', async () => {
    const accounts = (await (await fetch(`${server.url}/api/accounts`)).json()) as { accounts: { id: string }[] };
    const id = accounts.accounts[0]!.id;
    await fetch(`${server.emulatorUrl}/__control`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ latencyMs: 1500 }),
    });

    const inFlight = fetch(`${server.url}/api/accounts/${id}/sync`, { method: 'POST' });
    await new Promise(r => setTimeout(r, 300));
    const signalledAt = Date.now();
    server.child.kill('SIGTERM');

    const response = await inFlight;
    expect(response.status).toBe(200);
    const { lastFetchAt } = ((await response.json()) as { account: { lastFetchAt: string } }).account;
    const { code } = await server.exited;
    expect(code).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(5000);
    expect(server.logs()).toMatch(/SIGTERM received/);

    // What the request did is on disk: the account's bookkeeping and the feed's last good copy.
    const db = JSON.parse(await readFile(join(server.dataDir, 'db.json'), 'utf8'));
    expect(db.accounts[0].lastFetchAt).toBe(lastFetchAt);
    const snapshot = JSON.parse(await readFile(join(server.dataDir, 'feeds', `${id}.json`), 'utf8'));
    expect(new Date(snapshot.fetchedAt).toISOString()).toBe(lastFetchAt);
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
  });
});
