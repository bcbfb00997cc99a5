// Cluster mode as an operator runs it, on one machine: a real redis-server, the Instagram emulator, N
// server processes (`node --import tsx server/main.ts`, each with its own DATA_DIR, one shared
// MEDIA_DIR, the same key and session secret) and a round-robin proxy in front that records which
// instance answered what. Used by test/e2e/cluster.test.ts, test/soak/cluster.test.ts and
// test/bench/cluster.ts.
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EMULATOR_CLIENT_ID, EMULATOR_CLIENT_SECRET } from '../../demo/emulator/constants.js';
import { type RunningEmulator, startEmulator } from '../../demo/emulator/server.js';
import { startRedis, type TestRedis } from '../helpers/redis-server.js';
import { freePort } from '../server/helpers/live.js';

const ROOT = new URL('../../', import.meta.url).pathname;

export interface Instance {
  index: number;
  url: string;
  port: number;
  dataDir: string;
  child: ChildProcess;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  logs(): string;
}

export interface Cluster {
  /** The proxy: what visitors, the admin and Instagram's redirect use. */
  url: string;
  redis: TestRedis;
  emulator: RunningEmulator;
  instances: Instance[];
  mediaDir: string;
  /** The settings every instance shares (TOKEN_ENCRYPTION_KEY, SESSION_SECRET, REDIS_URL...). */
  env: Record<string, string>;
  /** Which instance (index) answered each proxied request, in order: `[method path, index]`. */
  served: [string, number][];
  /** Starts (or restarts) instance `i` on its port and data directory; resolves once it answers /readyz. */
  start(i: number): Promise<Instance>;
  /** SIGKILL (or SIGTERM) instance `i` and wait for it to exit. */
  kill(i: number, signal?: NodeJS.Signals): Promise<void>;
  /** Every log line of every instance so far (killed ones included). */
  logs(): string;
  stop(): Promise<void>;
}

export interface ClusterOptions {
  instances?: number;
  env?: Record<string, string>;
  /** Redis with an fsynced AOF, for tests that restart it. */
  persistRedis?: boolean;
}

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const count = options.instances ?? 3;
  const redis = await startRedis({ persist: options.persistRedis });
  const root = await mkdtemp(join(tmpdir(), 'igfeed-cluster-'));
  const mediaDir = join(root, 'media');
  const proxyPort = await freePort();
  const url = `http://127.0.0.1:${proxyPort}`;
  const emulator = await startEmulator({ controls: true, redirectUris: [`${url}/instagram/callback`] });
  const ports = await Promise.all(Array.from({ length: count }, () => freePort()));
  const shared = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    REDIS_URL: redis.url,
    MEDIA_DIR: mediaDir,
    PUBLIC_URL: url,
    INSTAGRAM_CLIENT_ID: EMULATOR_CLIENT_ID,
    INSTAGRAM_CLIENT_SECRET: EMULATOR_CLIENT_SECRET,
    INSTAGRAM_AUTHORIZE_URL: `${emulator.url}/oauth/authorize`,
    INSTAGRAM_API_URL: emulator.url,
    INSTAGRAM_GRAPH_URL: emulator.url,
    INSTAGRAM_TIMEOUT_MS: '3000',
    TOKEN_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    SESSION_SECRET: randomBytes(24).toString('hex'),
    MEDIA_MODE: 'direct',
    RATE_LIMIT_PER_MINUTE: '0',
    ...options.env,
  };
  const instances: Instance[] = [];
  let pastLogs = '';
  const served: [string, number][] = [];
  let next = 0;

  const start = async (i: number): Promise<Instance> => {
    const port = ports[i]!;
    const dataDir = join(root, `data-${i}`);
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: ROOT,
      env: { ...shared, PORT: String(port), DATA_DIR: dataDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout!.on('data', chunk => (output += chunk));
    child.stderr!.on('data', chunk => (output += chunk));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>(resolve =>
      child.once('exit', (code, signal) => {
        pastLogs += `--- instance ${i} (pid ${child.pid}) exited ${code ?? signal}\n${output}`;
        resolve({ code, signal });
      }),
    );
    const instance: Instance = { index: i, url: `http://127.0.0.1:${port}`, port, dataDir, child, exited, logs: () => output };
    instances[i] = instance;
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`instance ${i} exited at start:\n${output}`);
      try {
        if ((await fetch(`${instance.url}/readyz`, { signal: AbortSignal.timeout(2_000) })).ok) return instance;
      } catch {
        // not yet
      }
      if (Date.now() > deadline) throw new Error(`instance ${i} not ready within 60 s:\n${output}`);
      await new Promise(r => setTimeout(r, 100));
    }
  };

  const alive = () => instances.filter(instance => instance && instance.child.exitCode === null && instance.child.signalCode === null);
  // Round robin over the instances that are running; a refused connection (one just killed) tries the next.
  // No forwarding headers: every client is on this machine, and the admin surface trusts loopback without them.
  const proxy: Server = createServer((req, res) => {
    const body: Buffer[] = [];
    req.on('data', chunk => body.push(chunk));
    req.on('end', () => {
      const attempt = (tries: number) => {
        const pool = alive();
        if (pool.length === 0 || tries > count) return void res.writeHead(502).end();
        const target = pool[next++ % pool.length]!;
        const upstream = request({ host: '127.0.0.1', port: target.port, method: req.method, path: req.url, headers: req.headers }, answer => {
          served.push([`${req.method} ${req.url?.split('?')[0]}`, target.index]);
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        upstream.on('error', () => (res.headersSent ? res.destroy() : attempt(tries + 1)));
        upstream.end(Buffer.concat(body));
      };
      attempt(0);
    });
  });
  proxy.keepAliveTimeout = 1_000;
  proxy.listen(proxyPort, '127.0.0.1');
  await once(proxy, 'listening');
  await Promise.all(Array.from({ length: count }, (_, i) => start(i)));

  return {
    url,
    redis,
    emulator,
    instances,
    mediaDir,
    env: shared,
    served,
    start,
    async kill(i, signal = 'SIGKILL') {
      const instance = instances[i]!;
      if (instance.child.exitCode !== null || instance.child.signalCode !== null) return;
      instance.child.kill(signal);
      await instance.exited;
    },
    logs: () =>
      pastLogs +
      alive()
        .map(instance => `--- instance ${instance.index} (running)\n${instance.logs()}`)
        .join(''),
    async stop() {
      await Promise.all(
        alive().map(instance => {
          instance.child.kill('SIGTERM');
          return instance.exited;
        }),
      );
      proxy.closeAllConnections();
      proxy.close();
      await emulator.close();
      await redis.close();
      await rm(root, { recursive: true, force: true });
    },
  };
}
