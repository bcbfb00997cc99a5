// The container image without Docker (CI has no daemon): this reads the Dockerfile's runtime stage and
// runs its steps on a temporary directory: the same COPYs (package files, then the built dist/), the
// same `npm ci` command, the same ENV and the same CMD, then its HEALTHCHECK. Then it connects an
// account through the emulator and fetches the feed, as a site owner trying the image would. A second
// start, with sharp and nodemailer deleted from node_modules, shows that neither loads unless needed.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Feed } from '../../widget/contract.js';
import { connectAccount } from '../helpers/connect.js';
import { freePort } from '../server/helpers/live.js';

const ROOT = new URL('../../', import.meta.url).pathname;

interface RuntimeStage {
  copies: { from: string[]; to: string }[];
  installs: string[][];
  env: Record<string, string>;
  healthcheck: string[];
  cmd: string[];
}

/** The Dockerfile's last stage, as the steps this test can run outside Docker. */
function runtimeStage(dockerfile: string): RuntimeStage {
  // Join continuation lines, drop comments, keep the instructions after the last FROM.
  const lines = dockerfile
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map(line => line.trim())
    .filter(line => line && !line.startsWith('#'));
  const lastFrom = lines.reduce((last, line, index) => (line.startsWith('FROM ') ? index : last), -1);
  const stage = lines.slice(lastFrom + 1);
  const result: RuntimeStage = { copies: [], installs: [], env: {}, healthcheck: [], cmd: [] };
  for (const line of stage) {
    const [instruction, ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    switch (instruction) {
      case 'COPY': {
        const parts = rest.filter(part => !part.startsWith('--'));
        const fromBuild = rest.some(part => part.startsWith('--from='));
        // The build stage's /app is this checkout after `npm run build`.
        result.copies.push({ from: parts.slice(0, -1).map(path => (fromBuild ? path.replace(/^\/app\//, '') : path)), to: parts.at(-1)! });
        break;
      }
      case 'RUN':
        for (const command of args.split('&&').map(part => part.trim())) {
          if (command.startsWith('npm ci')) result.installs.push(command.split(/\s+/));
          // Steps that only make sense in an image; anything else must be taught to this test.
          else if (!/^(npm cache clean --force|mkdir -p \/data \/media|chown node:node \/data \/media)$/.test(command))
            throw new Error(`Unknown RUN step: ${command}`);
        }
        break;
      case 'ENV':
        for (const pair of rest) {
          const [name, value] = pair.split('=');
          result.env[name!] = value!;
        }
        break;
      case 'HEALTHCHECK':
        result.healthcheck = JSON.parse(args.slice(args.indexOf('CMD ') + 4));
        break;
      case 'CMD':
        result.cmd = JSON.parse(args);
        break;
      case 'WORKDIR':
      case 'USER':
      case 'VOLUME':
      case 'EXPOSE':
        break;
      default:
        throw new Error(`Unknown instruction in the runtime stage: ${line}`);
    }
  }
  return result;
}

interface Started {
  url: string;
  child: ChildProcess;
  env: Record<string, string>;
  logs(): string;
  stop(): Promise<void>;
}

async function start(dir: string, stage: RuntimeStage, extraEnv: Record<string, string>): Promise<Started> {
  const dataDir = mkdtempSync(join(tmpdir(), 'igfeed-prod-data-'));
  const port = await freePort();
  // The image's ENV, with a free port and a temporary directory standing in for the /data volume.
  const env = {
    PATH: process.env.PATH!,
    HOME: process.env.HOME!,
    ...stage.env,
    PORT: String(port),
    EMULATOR_PORT: String(await freePort()),
    DATA_DIR: dataDir,
    ...extraEnv,
  };
  const [command, ...args] = stage.cmd;
  expect(command).toBe('node');
  const child = spawn(process.execPath, args, { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', chunk => (output += chunk));
  child.stderr!.on('data', chunk => (output += chunk));
  const url = `http://localhost:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited early:\n${output}`);
    if (
      await fetch(`${url}/readyz`).then(
        response => response.ok,
        () => false,
      )
    )
      break;
    if (Date.now() > deadline) throw new Error(`no /readyz 200 within 30 s:\n${output}`);
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  return {
    url,
    child,
    env,
    logs: () => output,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise(resolve => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function feedOf(url: string, account: string): Promise<Feed> {
  const response = await fetch(`${url}/api/feeds/${account}`);
  expect(response.status).toBe(200);
  return (await response.json()) as Feed;
}

let dir: string;
let stage: RuntimeStage;
const servers: Started[] = [];

beforeAll(() => {
  stage = runtimeStage(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
  if (!existsSync(join(ROOT, 'dist', 'server', 'server', 'main.js'))) throw new Error('Run `npm run build` first (npm test does).');
  dir = mkdtempSync(join(tmpdir(), 'igfeed-prod-'));
  for (const { from, to } of stage.copies) {
    for (const path of from) cpSync(join(ROOT, path), join(dir, to, to.endsWith('/') ? path.split('/').at(-1)! : ''), { recursive: true });
  }
  for (const [command, ...args] of stage.installs) {
    // --prefer-offline only saves downloads that this machine's `npm ci` has already cached.
    execFileSync(command!, [...args, '--prefer-offline'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  }
}, 240_000);

afterAll(async () => {
  await Promise.all(servers.map(server => server.stop()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('the production image (the Dockerfile runtime stage, without Docker)', () => {
  it('installs production dependencies only, runs plain node, and listens on all interfaces', () => {
    expect(stage.env).toMatchObject({ NODE_ENV: 'production', HOST: '0.0.0.0', DATA_DIR: '/data' });
    expect(stage.installs.map(args => args.join(' '))).toEqual([expect.stringContaining('npm ci --omit=dev')]);
    const modules = join(dir, 'node_modules');
    for (const tool of ['tsx', 'vite', 'typescript', 'esbuild', 'vitest', '@biomejs']) expect(existsSync(join(modules, tool)), tool).toBe(false);
    for (const runtime of ['express', 'lowdb', 'sharp', 'prom-client']) expect(existsSync(join(modules, runtime)), runtime).toBe(true);
    expect(existsSync(join(dir, 'server'))).toBe(false);
    expect(stage.cmd).toEqual(['node', '--enable-source-maps', 'dist/server/server/main.js']);
  });

  it('starts in demo mode, passes its HEALTHCHECK, connects an account through the emulator and serves its feed', async () => {
    const server = await start(dir, stage, {});
    servers.push(server);
    const [command, ...args] = stage.healthcheck;
    expect(command).toBe('node');
    execFileSync(process.execPath, args, { env: server.env, timeout: 5_000 });

    expect((await connectAccount(server.url, 'northshore.coffee')).location).toBe('/?connected=northshore.coffee');
    const feed = await feedOf(server.url, 'northshore.coffee');
    expect(feed.media.length).toBeGreaterThan(0);
    // Mirrored images: sharp loaded in the production install and resized the emulator's photos.
    let mirrored: Feed = feed;
    for (let i = 0; i < 100 && !mirrored.media.some(m => m.sources?.length); i++) {
      await new Promise(resolve => setTimeout(resolve, 100));
      mirrored = await feedOf(server.url, 'northshore.coffee');
    }
    const source = mirrored.media.find(m => m.sources?.length)!.sources![0]!;
    const image = await fetch(source.url);
    expect(image.status).toBe(200);
    expect(image.headers.get('content-type')).toMatch(/^image\//);

    for (const path of ['/', '/widget/instagram-feed.js', '/widget/instagram-feed.iife.js'])
      expect((await fetch(`${server.url}${path}`)).status, path).toBe(200);
    expect(server.logs()).not.toMatch(/ERROR|WARN dist\//);
  });

  it('never loads sharp (MEDIA_MODE=direct) or nodemailer (no SMTP): it starts and serves with both deleted', async () => {
    for (const module of ['sharp', '@img', 'nodemailer']) rmSync(join(dir, 'node_modules', module), { recursive: true, force: true });
    const server = await start(dir, stage, { MEDIA_MODE: 'direct' });
    servers.push(server);
    expect((await connectAccount(server.url, 'lena.travels')).location).toBe('/?connected=lena.travels');
    const feed = await feedOf(server.url, 'lena.travels');
    expect(feed.media.length).toBeGreaterThan(0);
    expect(server.logs()).not.toMatch(/ERROR/);
  });
});
