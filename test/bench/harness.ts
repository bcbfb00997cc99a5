// Shared pieces of the benchmarks: start the emulator, start our server as a child process (so the
// load generator in this process does not steal its CPU), connect accounts through the real OAuth
// dance, and run autocannon.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET } from '../../demo/emulator/constants.js';
import { startEmulator, type RunningEmulator } from '../../demo/emulator/server.js';

export const ROOT = new URL('../../', import.meta.url).pathname;

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export interface ChildServer {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

/** Runs a TypeScript entry with tsx in its own process and waits until `readyPath` answers. */
export async function startChild(entry: string, env: Record<string, string>, options: { port?: number; readyPath?: string } = {}): Promise<ChildServer> {
  const port = options.port ?? (await freePort());
  const readyPath = options.readyPath ?? '/healthz';
  // `node --import tsx` rather than the tsx CLI, which would run the entry in a grandchild process.
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', chunk => (stderr = (stderr + chunk).slice(-4000)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${entry} exited early:\n${stderr}`);
    try {
      if ((await fetch(url + readyPath)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${entry} did not start:\n${stderr}`);
    await new Promise(r => setTimeout(r, 100));
  }
  return {
    url,
    child,
    stop: () =>
      new Promise(resolve => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export interface Stack {
  emulator: RunningEmulator;
  server: ChildServer;
  dataDir: string;
  close(): Promise<void>;
}

/** Emulator in this process, our server (production configuration pointed at the emulator) in a child. */
export async function startStack(env: Record<string, string> = {}): Promise<Stack> {
  const dataDir = await mkdtemp(join(tmpdir(), 'igfeed-bench-'));
  const emulator = await startEmulator({ controls: true, redirectUris: [] });
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  emulator.emulator.redirectUris = [`${publicUrl}/instagram/callback`];
  const server = await startChild(join(ROOT, 'server/main.ts'), {
    INSTAGRAM_CLIENT_ID: EMULATOR_CLIENT_ID,
    INSTAGRAM_CLIENT_SECRET: EMULATOR_CLIENT_SECRET,
    INSTAGRAM_AUTHORIZE_URL: `${emulator.url}/oauth/authorize`,
    INSTAGRAM_API_URL: emulator.url,
    INSTAGRAM_GRAPH_URL: emulator.url,
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    SESSION_SECRET: randomBytes(24).toString('hex'),
    PUBLIC_URL: publicUrl,
    DATA_DIR: dataDir,
    ...env,
  }, { port });
  return {
    emulator,
    server,
    dataDir,
    async close() {
      await server.stop();
      await emulator.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export interface LoadResult {
  requests: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

export async function load(url: string, options: { connections?: number; duration?: number; amount?: number; overallRate?: number } = {}): Promise<LoadResult> {
  const result = await autocannon({
    url,
    connections: options.connections ?? 10,
    duration: options.amount ? undefined : options.duration ?? 5,
    amount: options.amount,
    overallRate: options.overallRate,
  });
  return {
    requests: result.requests.total,
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
