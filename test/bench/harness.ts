// Shared pieces of the benchmarks: our server as a child process (so the load generator in this
// process does not steal its CPU) pointed at an emulator, accounts written straight into its store
// (no OAuth dance, so the feed cache starts cold), and the emulator's controls and stats over HTTP.
// Load generators (load.ts) and probes (probes.ts) are re-exported from here.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmulatorState, type Controls, type EmulatorStats, type FixtureAccount } from '../../demo/emulator/app.js';
import { EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET } from '../../demo/emulator/constants.js';
import { startEmulator, type RunningEmulator } from '../../demo/emulator/server.js';
import { LowAccountStore } from '../../server/accounts/account-store.js';

export const ROOT = new URL('../../', import.meta.url).pathname;

import { freePort } from '../server/helpers/live.js';

export { freePort };

export interface ChildServer {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
  /** Everything the child wrote to stdout and stderr, when started with `capture`. */
  output(): string;
}

// Every child this process started, so an interrupted run can still stop them (by pid, nothing broader).
const running = new Set<ChildProcess>();
export function killChildren(): void {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
}

/** Spawns `node --import tsx <entry>` (the tsx CLI would leave a grandchild behind when killed). */
export function spawnTs(entry: string, args: string[], env: Record<string, string>, stdout: 'ignore' | 'pipe' = 'ignore'): ChildProcess {
  // BENCH_NODE_ARGS: extra node flags for the measured processes, e.g. `--cpu-prof --cpu-prof-dir=/tmp/prof`.
  const nodeArgs = process.env.BENCH_NODE_ARGS?.split(/\s+/).filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', entry, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', stdout, 'pipe'],
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}

/** Runs a TypeScript entry in its own process and waits until `readyPath` answers. */
export async function startChild(
  entry: string,
  env: Record<string, string>,
  options: { port?: number; readyPath?: string; capture?: boolean } = {},
): Promise<ChildServer> {
  const port = options.port ?? (await freePort());
  const child = spawnTs(entry, [], { ...env, PORT: String(port) }, options.capture ? 'pipe' : 'ignore');
  let stderr = '';
  const captured: string[] = [];
  child.stderr!.on('data', chunk => {
    stderr = (stderr + chunk).slice(-4000);
    if (options.capture) captured.push(String(chunk));
  });
  child.stdout?.on('data', chunk => captured.push(String(chunk)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${entry} exited early:\n${stderr}`);
    try {
      // Each attempt bounded: a busy machine may answer late, and an answer that never comes must not
      // hold the loop past its deadline.
      if ((await fetch(url + (options.readyPath ?? '/healthz'), { signal: AbortSignal.timeout(5_000) })).ok) break;
    } catch {
      // not listening yet, or too slow to answer this time
    }
    if (Date.now() > deadline) {
      child.kill('SIGTERM');
      throw new Error(`${entry} did not start:\n${stderr}`);
    }
    await new Promise(r => setTimeout(r, 100));
  }
  const stop = () =>
    new Promise<void>(resolve => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  return { url, child, stop, output: () => captured.join('') };
}

/** The emulator's `/__control` and `/__stats` over HTTP: the same for an in-process and a demo-mode emulator. */
export interface Upstream {
  url: string;
  control(patch: Partial<Controls>): Promise<void>;
  stats(): Promise<EmulatorStats>;
  resetStats(): Promise<void>;
}

export function upstreamAt(url: string): Upstream {
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(url + path, { method, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}`);
    return response.json();
  };
  return {
    url,
    control: async patch => void (await call('POST', '/__control', patch)),
    stats: () => call('GET', '/__stats') as Promise<EmulatorStats>,
    resetStats: async () => void (await call('DELETE', '/__stats')),
  };
}

/** Instagram API calls in a stats snapshot: everything but image downloads from the CDN. */
export const apiCalls = (stats: EmulatorStats) => stats.total - (stats.calls.cdn ?? 0);

/** An account to write into the store: a fixture's posts under its own id and username. */
export interface SeedAccount {
  fixture: FixtureAccount;
  id?: string;
  username?: string;
  /** Age of its long-lived token (default 0): 59 makes it due for refresh at start-up. */
  tokenAgeDays?: number;
}

// Tokens carry their own signature (the client secret), so any emulator accepts them, the demo-mode one included.
const tokens = new EmulatorState(EMULATOR_CLIENT_SECRET, Date.now);

/** Writes the accounts into a new store; returns the tokens it sealed there. */
async function seed(dataDir: string, key: Buffer, accounts: SeedAccount[]): Promise<string[]> {
  const store = await LowAccountStore.open({ dataDir, key });
  const sealed: string[] = [];
  for (const { fixture, id, username, tokenAgeDays = 0 } of accounts) {
    const issuer = tokenAgeDays ? new EmulatorState(EMULATOR_CLIENT_SECRET, () => Date.now() - tokenAgeDays * 86_400_000) : tokens;
    const token = issuer.issueToken(fixture.id, 'long');
    sealed.push(token.token);
    const profile = {
      username: username ?? fixture.username,
      name: fixture.name,
      accountType: fixture.accountType,
      profilePictureUrl: null,
      followersCount: fixture.followersCount,
      followsCount: fixture.followsCount,
      mediaCount: fixture.media.length,
      biography: fixture.biography,
      website: fixture.website ?? null,
    };
    await store.upsert(
      {
        id: id ?? fixture.userId,
        appScopedId: id ? null : fixture.id,
        username: username ?? fixture.username,
        profile,
        tokenIssuedAt: new Date(token.issuedAt).toISOString(),
        tokenExpiresAt: new Date(token.expiresAt).toISOString(),
      },
      token.token,
    );
  }
  return sealed;
}

export interface StackOptions {
  /** Demo mode: the server runs its own emulator, the only upstream its media mirror may download from. */
  demo?: boolean;
  /** Written into the store before the server starts: connected, but nothing fetched (a cold cache). */
  accounts?: SeedAccount[];
  /** Emulator controls applied before the first feed request (`latencyMs`, `benchAccount`, ...). */
  controls?: Partial<Controls>;
  /** Keep everything the server writes to stdout and stderr (`stack.server.output()`). */
  capture?: boolean;
}

export interface Stack {
  server: ChildServer;
  upstream: Upstream;
  /** The in-process emulator; absent in demo mode. */
  emulator?: RunningEmulator;
  dataDir: string;
  /** The tokens of `options.accounts`, as sealed in the store. */
  seededTokens: string[];
  close(): Promise<void>;
}

/**
 * Our server in a child process in production configuration (TOKEN_ENCRYPTION_KEY, SESSION_SECRET,
 * no per-address rate limit, so that load from loopback is not refused), pointed at an emulator in
 * this process, or in demo mode at its own.
 */
export async function startStack(env: Record<string, string> = {}, options: StackOptions = {}): Promise<Stack> {
  const dataDir = await mkdtemp(join(tmpdir(), 'igfeed-bench-'));
  const key = randomBytes(32);
  const seededTokens = options.accounts?.length ? await seed(dataDir, key, options.accounts) : [];
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const common = {
    TOKEN_ENCRYPTION_KEY: key.toString('base64'),
    SESSION_SECRET: randomBytes(24).toString('hex'),
    PUBLIC_URL: publicUrl,
    DATA_DIR: dataDir,
    RATE_LIMIT_PER_MINUTE: '0',
  };
  let emulator: RunningEmulator | undefined;
  let upstreamUrl: string;
  let settings: Record<string, string>;
  if (options.demo) {
    upstreamUrl = `http://127.0.0.1:${await freePort()}`;
    settings = { INSTAGRAM_CLIENT_ID: '', EMULATOR_PORT: new URL(upstreamUrl).port };
  } else {
    emulator = await startEmulator({ controls: true, redirectUris: [`${publicUrl}/instagram/callback`] });
    upstreamUrl = emulator.url;
    settings = {
      INSTAGRAM_CLIENT_ID: EMULATOR_CLIENT_ID,
      INSTAGRAM_CLIENT_SECRET: EMULATOR_CLIENT_SECRET,
      INSTAGRAM_AUTHORIZE_URL: `${emulator.url}/oauth/authorize`,
      INSTAGRAM_API_URL: emulator.url,
      INSTAGRAM_GRAPH_URL: emulator.url,
    };
  }
  const upstream = upstreamAt(upstreamUrl);
  let server: ChildServer;
  try {
    if (emulator && options.controls) emulator.emulator.setControl(options.controls);
    server = await startChild(join(ROOT, 'server/main.ts'), { ...common, ...settings, ...env }, { port, capture: options.capture });
    if (options.demo && options.controls) await upstream.control(options.controls);
  } catch (error) {
    await emulator?.close();
    await rm(dataDir, { recursive: true, force: true });
    throw error;
  }
  return {
    server,
    upstream,
    emulator,
    dataDir,
    seededTokens,
    async close() {
      await server.stop();
      await emulator?.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

export * from './load.js';
export * from './probes.js';
