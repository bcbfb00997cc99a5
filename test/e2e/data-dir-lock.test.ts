// One writer per DATA_DIR, with real processes: a second server on a held directory refuses before it
// writes anything, a SIGKILLed server's lock is taken over by the next one, `npm run refresh-tokens`
// runs its pass through the running server (and never writes the directory), and after a clean
// shutdown the lock is gone and the CLI takes it itself.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAccount } from '../helpers/connect.js';
import { freePort } from '../server/helpers/live.js';
import { startDemoServer, type DemoServer } from './stack.js';

const ROOT = new URL('../../', import.meta.url).pathname;

/** Runs a TypeScript entry to its end: exit code and everything it printed. */
async function run(entry: string, env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', chunk => (stdout += chunk));
  child.stderr.on('data', chunk => (stderr += chunk));
  const code = await new Promise<number | null>(resolve => child.once('exit', resolve));
  return { code, stdout, stderr };
}

const lockOf = async (dir: string) => JSON.parse(await readFile(join(dir, 'server.lock'), 'utf8')) as { pid: number; nonce: string; adminUrl: string };

let dataDir: string;
const servers: DemoServer[] = [];
beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'igfeed-lock-'));
  // No media mirror, and the first sync done: nothing else writes DATA_DIR while a test compares its listing.
  servers.push(await startDemoServer({ DATA_DIR: dataDir, MEDIA_MODE: 'direct' }));
  await connectAccount(servers[0]!.url, 'northshore.coffee');
  const synced = async () =>
    ((await (await fetch(`${servers[0]!.url}/api/accounts`)).json()) as { accounts: { lastFetchAt: string | null }[] }).accounts[0]?.lastFetchAt;
  for (const deadline = Date.now() + 20_000; !(await synced()) && Date.now() < deadline; ) await new Promise(r => setTimeout(r, 100));
});
afterAll(async () => {
  for (const server of servers) await server.stop();
  await rm(dataDir, { recursive: true, force: true });
});

describe('DATA_DIR lock', () => {
  it('should refuse a second server on the same DATA_DIR, naming the holder, before writing anything', async () => {
    const first = servers[0]!;
    const lock = await lockOf(dataDir);
    expect(lock).toMatchObject({ pid: first.child.pid, adminUrl: `http://127.0.0.1:${new URL(first.url).port}` });
    const before = (await readdir(dataDir)).sort();

    const second = await run('server/main.ts', { DATA_DIR: dataDir, PORT: String(await freePort()), EMULATOR_PORT: String(await freePort()) });
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`DATA_DIR ${dataDir} is in use by the instagram-feed server (pid ${first.child.pid} on host `);
    expect(second.stderr).toContain('Stop that process first, or give this one its own DATA_DIR.');
    expect(second.stderr).not.toMatch(/listening|emulator/i);
    expect((await readdir(dataDir)).sort()).toEqual(before);
    expect((await lockOf(dataDir)).nonce).toBe(lock.nonce);
  });

  it('should run `npm run refresh-tokens` through the running server, without touching DATA_DIR', async () => {
    const first = servers[0]!;
    const lock = await lockOf(dataDir);
    const before = (await readdir(dataDir)).sort();

    const cli = await run('server/jobs/refresh-cli.ts', { DATA_DIR: dataDir });
    expect(cli.stderr).toContain(`The server (pid ${first.child.pid}) holds ${dataDir}: running the pass there`);
    expect(cli.stdout).toMatch(/^@northshore\.coffee \(\d+\): not due - token is less than 24 hours old\n$/);
    expect(cli.code).toBe(0);
    await expect.poll(() => first.logs()).toMatch(/Token refresh pass requested through the admin API: not_due/);
    expect((await readdir(dataDir)).sort()).toEqual(before);
    expect((await lockOf(dataDir)).nonce).toBe(lock.nonce);
  });

  it('should let a new server take over the lock of a SIGKILLed one', async () => {
    const first = servers[0]!;
    first.child.kill('SIGKILL');
    await first.exited;
    expect((await lockOf(dataDir)).pid).toBe(first.child.pid);

    const next = await startDemoServer({ DATA_DIR: dataDir, MEDIA_MODE: 'direct' });
    servers.push(next);
    expect((await lockOf(dataDir)).pid).toBe(next.child.pid);
    const { accounts } = (await (await fetch(`${next.url}/api/accounts`)).json()) as { accounts: { username: string }[] };
    expect(accounts.map(a => a.username)).toEqual(['northshore.coffee']);
  });

  it('should remove the lock on a clean shutdown, after which the CLI takes it itself', async () => {
    const next = servers[1]!;
    next.child.kill('SIGTERM');
    expect((await next.exited).code).toBe(0);
    expect(await readdir(dataDir)).not.toContain('server.lock');

    const cli = await run('server/jobs/refresh-cli.ts', { DATA_DIR: dataDir });
    expect(cli.stderr).not.toContain('running the pass there');
    expect(cli.stdout).toMatch(/^@northshore\.coffee \(\d+\): not due - token is less than 24 hours old\n$/);
    expect(cli.code).toBe(0);
    expect(await readdir(dataDir)).not.toContain('server.lock');
  });
});
